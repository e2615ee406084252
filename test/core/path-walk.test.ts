import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkLookups } from '../../src/path-walk.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dg-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
mkdirSync(path.join(root, 'x/y'), { recursive: true });
symlinkSync('a/b', path.join(root, 'rel')); // relative link
symlinkSync(path.join(root, 'x/y'), path.join(root, 'abs')); // absolute link
symlinkSync('loop2', path.join(root, 'loop1'));
symlinkSync('loop1', path.join(root, 'loop2'));

/** Every `next` the walk looks up, under root. */
function lookups(p: string): string[] | 'unresolved' {
  const seen: string[] = [];
  const r = walkLookups(p, ({ next }) => {
    if (next.startsWith(`${root}/`)) seen.push(path.relative(root, next));
    return undefined;
  });
  return r === 'unresolved' ? r : seen;
}

describe('walkLookups: the lookups the kernel makes', () => {
  it('follows a relative link from where it is, an absolute one from /', () => {
    expect(lookups(path.join(root, 'rel/c'))).toEqual(['rel', 'a', 'a/b', 'a/b/c']);
    expect(lookups(path.join(root, 'abs'))).toEqual(['abs', 'x', 'x/y']);
  });
  it('applies `..` after the link it follows, not to the text (path.join would clean it first)', () => {
    // rel/.. is a (the link's parent directory is a/b's parent), not root.
    expect(lookups(`${root}/rel/../b`)).toEqual(['rel', 'a', 'a/b', 'a/b']);
    expect(lookups(`${root}/abs/../y`)).toEqual(['abs', 'x', 'x/y', 'x/y']);
  });
  it('stops after a missing entry and gives up on a loop', () => {
    expect(lookups(path.join(root, 'a/missing/c'))).toEqual(['a', 'a/missing']);
    expect(lookups(path.join(root, 'loop1/z'))).toBe('unresolved');
  });
  it('an entry that cannot be looked at is not taken for a missing one', () => {
    // As root EACCES cannot be provoked; ENAMETOOLONG goes the same way (the e2e suite runs EACCES as nobody).
    expect(walkLookups(path.join(root, 'x'.repeat(300), 'y'), () => undefined)).toBe('unresolved');
  });

  it('returns the first answer of the visitor', () => {
    expect(walkLookups(path.join(root, 'abs'), ({ next }) => (next.endsWith('/x') ? next : undefined))).toBe(path.join(root, 'x'));
  });
});
