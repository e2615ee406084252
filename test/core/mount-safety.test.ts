import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountIdOf, readMounts, writableBindProblem, type Mount } from '../../src/mount-safety.js';

const MOUNTS: Mount[] = [
  { id: '1', point: '/', options: ['rw', 'relatime'] },
  { id: '2', point: '/srv/agent', options: ['rw', 'nosuid', 'nodev', 'relatime'] },
  { id: '3', point: '/srv/agent/web', options: ['rw', 'nosuid', 'relatime'] },
];

describe('writableBindProblem: the options of the mount the path is on, and hard links', () => {
  it.each([
    ['2', null],
    ['3', 'it is on /srv/agent/web, mounted without nodev'],
    ['1', 'it is on /, mounted without nosuid and nodev'],
    [undefined, 'could not be found in /proc/self/mountinfo'],
    ['99', 'could not be found in /proc/self/mountinfo'],
  ])('mount %s', (id, problem) => {
    const got = writableBindProblem('/srv/agent/x', id, MOUNTS, true);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });

  it('unprotected hard links make every writable bind unsafe', () => {
    expect(writableBindProblem('/srv/agent/x', '2', MOUNTS, false)).toContain('protected_hardlinks');
  });
});

describe('mountIdOf and readMounts on this machine', () => {
  it('finds the mount of a path (and of a path not there yet, by its parent)', () => {
    const mounts = readMounts();
    expect(mounts.find((m) => m.id === mountIdOf('/proc'))?.point).toBe('/proc');
    expect(mounts.find((m) => m.id === mountIdOf('/proc/no/such/path'))?.point).toBe('/proc');
  });

  it.skipIf(process.getuid?.() !== 0)('a mount hidden under one mounted over its parent is not the one the path is on (root: mounts tmpfs)', () => {
    const top = mkdtempSync(path.join('/tmp', 'dg-mnt-'));
    mkdirSync(path.join(top, 'z'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'nosuid,nodev', 'dg-t1', path.join(top, 'z')]);
      execFileSync('mount', ['-t', 'tmpfs', 'dg-t2', top]); // covers z and its nosuid mount
      mkdirSync(path.join(top, 'z'));
      const mounts = readMounts();
      const problem = writableBindProblem(path.join(top, 'z'), mountIdOf(path.join(top, 'z')), mounts, true);
      expect(problem).toContain(`it is on ${top}, mounted without nosuid and nodev`);
    } finally {
      execFileSync('umount', [top]);
      execFileSync('umount', [path.join(top, 'z')]);
      rmSync(top, { recursive: true, force: true });
    }
  });
});
