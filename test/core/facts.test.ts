import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { canonicalRealPath, gatherFacts } from '../../src/facts.js';

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'dg-facts-')));
  mkdirSync(path.join(root, 'allowed/sub'), { recursive: true });
  mkdirSync(path.join(root, 'other'), { recursive: true });
  symlinkSync('/', path.join(root, 'allowed/to-root'));
  symlinkSync(path.join(root, 'other'), path.join(root, 'allowed/to-other'));
  symlinkSync(path.join(root, 'allowed/sub'), path.join(root, 'other/back-in'));
  symlinkSync(path.join(root, 'nowhere'), path.join(root, 'allowed/dangling'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('canonicalRealPath', () => {
  it('resolves symlinks to where they lead', () => {
    expect(canonicalRealPath(`${root}/allowed/to-root`)).toBe('/');
    expect(canonicalRealPath(`${root}/allowed/to-root/etc`)).toBe('/etc');
    expect(canonicalRealPath(`${root}/allowed/to-other/x`)).toBe(`${root}/other/x`);
  });
  it('keeps a missing tail (the daemon creates it) below the real existing prefix', () => {
    expect(canonicalRealPath(`${root}/allowed/sub/new/dir`)).toBe(`${root}/allowed/sub/new/dir`);
    expect(canonicalRealPath(`${root}/allowed/to-other/new`)).toBe(`${root}/other/new`);
  });
  it('resolves `..` when the kernel and a lexical cleaning agree', () => {
    expect(canonicalRealPath(`${root}/allowed/sub/../sub`)).toBe(`${root}/allowed/sub`);
    expect(canonicalRealPath(`${root}/allowed/../other`)).toBe(`${root}/other`);
  });
  it('gives no answer when `..` after a symlink reads differently for the kernel and lexically', () => {
    // kernel: other/back-in -> allowed/sub, then .. -> allowed; lexical: other/back-in/.. -> other
    expect(canonicalRealPath(`${root}/other/back-in/..`)).toBeUndefined();
    expect(canonicalRealPath(`${root}/allowed/missing/../../..`)).toBeUndefined();
  });
  it('gives no answer for dangling symlinks and relative paths', () => {
    expect(canonicalRealPath(`${root}/allowed/dangling`)).toBeUndefined();
    expect(canonicalRealPath('relative/x')).toBeUndefined();
  });
});

describe('gatherFacts', () => {
  it('resolves the host paths of run/create, relative ones against the cwd', () => {
    const inv = parseArgv(['run', '-v', './to-root:/h', '--mount', `type=bind,src=${root}/allowed/sub,dst=/s`, 'img']);
    const facts = gatherFacts(inv, { cwd: `${root}/allowed`, env: {} });
    expect(facts.realpaths).toEqual({ [`${root}/allowed/to-root`]: '/', [`${root}/allowed/sub`]: `${root}/allowed/sub` });
  });
  it('names the socket of DOCKER_HOST as a daemon socket when there is a bind mount to check', () => {
    const env = { DOCKER_HOST: `unix://${root}/allowed/to-other/d.sock` };
    const facts = gatherFacts(parseArgv(['run', '-v', `${root}/allowed/sub:/s`, 'img']), { cwd: '/', env });
    expect(facts.daemonSockets).toEqual([`${root}/allowed/to-other/d.sock`, `${root}/other/d.sock`]);
    const compose = gatherFacts(parseArgv(['compose', 'run', '-v', `${root}/allowed/sub:/s`, 'svc']), { cwd: '/', env });
    expect(compose.daemonSockets).toEqual([`${root}/allowed/to-other/d.sock`, `${root}/other/d.sock`]);
  });
  it('does not resolve DOCKER_HOST when no bind mount could reach it', () => {
    const env = { DOCKER_HOST: `unix://${root}/allowed/to-other/d.sock` };
    expect(gatherFacts(parseArgv(['ps']), { cwd: '/', env }).daemonSockets).toEqual([]);
    expect(gatherFacts(parseArgv(['run', '--rm', 'img']), { cwd: '/', env }).daemonSockets).toEqual([]);
  });
});
