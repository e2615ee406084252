import { describe, expect, it } from 'vitest';
import { readMounts, writableBindProblem, type Mount } from '../../src/mount-safety.js';

const MOUNTS: Mount[] = [
  { point: '/', options: ['rw', 'relatime'] },
  { point: '/srv/agent', options: ['rw', 'nosuid', 'nodev', 'relatime'] },
  { point: '/srv/agent/web', options: ['rw', 'nosuid', 'relatime'] }, // a mount on top, without nodev
  { point: '/srv/agentx', options: ['rw', 'nosuid', 'nodev'] },
  { point: '/data', options: ['rw', 'nosuid', 'nodev'] },
  { point: '/data', options: ['rw'] }, // mounted later over the first: on top
];

describe('writableBindProblem: the mount the path is on, and hard links', () => {
  it.each([
    ['/srv/agent/api', null],
    ['/srv/agent', null],
    ['/srv/agent/web', 'it is on /srv/agent/web, mounted without nodev'],
    ['/srv/agent/web/x', 'it is on /srv/agent/web, mounted without nodev'],
    ['/srv/agentxyz/p', 'it is on /, mounted without nosuid and nodev'], // a path-segment boundary
    ['/srv/agentx/p', null],
    ['/data/p', 'it is on /data, mounted without nosuid and nodev'],
  ])('%s', (real, problem) => {
    expect(writableBindProblem(real, MOUNTS, true)).toBe(problem);
  });

  it('unprotected hard links make every writable bind unsafe', () => {
    expect(writableBindProblem('/srv/agent/api', MOUNTS, false)).toContain('protected_hardlinks');
  });

  it('reads this machine\'s mount table, escapes decoded', () => {
    const mounts = readMounts();
    expect(mounts.some((m) => m.point === '/')).toBe(true);
    expect(mounts.find((m) => m.point === '/proc')?.options).toContain('rw');
    expect(mounts.every((m) => !m.point.includes('\\\\0'))).toBe(true);
  });
});
