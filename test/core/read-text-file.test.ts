import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/read-text-file.js';

// Under Node there is no Bun, so only node:fs reads. The compiled binary also asks Bun whether
// the file is absent: test/e2e/handover.e2e.test.ts runs the same cases through it (empty, not
// UTF-8, a directory, absent), test/e2e/policy-access.e2e.test.ts as a caller who may not write the
// file and on a read-only filesystem.

const dir = mkdtempSync(join(tmpdir(), 'dg-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('readTextFile', () => {
  it('reads UTF-8 text', () => {
    expect(readTextFile(file('a', 'héllo\n'), true)).toEqual({ ok: true, text: 'héllo\n' });
  });
  it('reads an empty file as ""', () => {
    expect(readTextFile(file('empty', ''), true)).toEqual({ ok: true, text: '' });
  });
  it('says ENOENT for a missing file and EISDIR for a directory', () => {
    expect(readTextFile(join(dir, 'nope'), true)).toEqual({ ok: false, code: 'ENOENT' });
    expect(readTextFile(dir, true)).toEqual({ ok: false, code: 'EISDIR' });
  });
  it('refuses bytes that are not UTF-8 when fatal, replaces them otherwise', () => {
    const p = file('latin1', Buffer.from([0x61, 0xe9, 0x62]));
    expect(readTextFile(p, true)).toEqual({ ok: false, code: 'EILSEQ' });
    expect(readTextFile(p, false)).toEqual({ ok: true, text: 'a\uFFFDb' });
  });
});
