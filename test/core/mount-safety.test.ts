import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelFileSystemProblem, mountIdOf, socketMountProblem, readMounts, subMountProblem, writableBindProblem, type Mount } from '../../src/mount-safety.js';

const MOUNTS: Mount[] = [
  { id: '1', dev: '8:1', root: '/', point: '/', options: ['rw', 'relatime'], superOptions: '', fsType: 'ext4' },
  { id: '2', dev: '0:40', root: '/', point: '/srv/agent', options: ['rw', 'nosuid', 'nodev', 'relatime'], superOptions: '', fsType: 'ext4' },
  { id: '3', dev: '0:41', root: '/', point: '/srv/agent/web', options: ['rw', 'nosuid', 'relatime'], superOptions: '', fsType: 'ext4' },
];
const noOther = (): string | undefined => undefined;

describe('writableBindProblem: the options of the mount the path is on, and hard links', () => {
  it.each([
    ['2', null],
    ['3', 'it is on /srv/agent/web, mounted without nodev'],
    ['1', 'it is on /, mounted without nosuid and nodev'],
    [undefined, 'could not be found in /proc/self/mountinfo'],
    ['99', 'could not be found in /proc/self/mountinfo'],
  ])('mount %s', (id, problem) => {
    const got = writableBindProblem('/srv/agent/x', id, MOUNTS, true, noOther);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });

  it('unprotected hard links make every writable bind unsafe', () => {
    expect(writableBindProblem('/srv/agent/x', '2', MOUNTS, false, noOther)).toContain('protected_hardlinks');
  });

  it('the same file system shown elsewhere without nosuid counts, unless this mount covers that place', () => {
    // /data is a bind of /share on the tmpfs 0:50 (remounted nosuid,nodev); the tmpfs itself is at /t.
    const mounts: Mount[] = [
      { id: '1', dev: '8:1', root: '/', point: '/', options: ['rw'], superOptions: '', fsType: 'ext4' },
      { id: '7', dev: '0:50', root: '/', point: '/t', options: ['rw'], superOptions: '', fsType: 'ext4' },
      { id: '8', dev: '0:50', root: '/share', point: '/data', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'ext4' },
    ];
    expect(writableBindProblem('/data/p', '8', mounts, true, () => '7')).toContain('shows it at /t/share/p as well');
    // Elsewhere, a plain bind of a directory inside the source: what a container leaves there shows up there.
    const inside: Mount[] = [
      { id: '1', dev: '8:1', root: '/', point: '/', options: ['rw'], superOptions: '', fsType: 'ext4' },
      { id: '8', dev: '0:50', root: '/share', point: '/data', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'ext4' },
      { id: '10', dev: '0:50', root: '/share/p/sub', point: '/elsewhere', options: ['rw'], superOptions: '', fsType: 'ext4' },
    ];
    expect(writableBindProblem('/data/p', '8', inside, true, (p) => (p === '/elsewhere' ? '10' : '8'))).toContain('shows /data/p/sub at /elsewhere as well');
    // A bind of a directory onto itself: the other place is this very mount.
    const self: Mount[] = [
      { id: '1', dev: '8:1', root: '/', point: '/', options: ['rw'], superOptions: '', fsType: 'ext4' },
      { id: '9', dev: '8:1', root: '/srv/agent', point: '/srv/agent', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'ext4' },
    ];
    expect(writableBindProblem('/srv/agent/p', '9', self, true, () => '9')).toBeNull();
  });

  it('mounts below the source that allow setuid or devices count for any bind', () => {
    expect(subMountProblem('/srv/agent', MOUNTS, noOther)).toContain('/srv/agent/web is mounted below it and is on /srv/agent/web, mounted without nodev');
    expect(subMountProblem('/srv/agent/api', MOUNTS, noOther)).toBeNull();
    expect(subMountProblem('/srv/agentx', MOUNTS, noOther)).toBeNull();
    // A nosuid,nodev mount below whose file system shows plainly elsewhere.
    const nested: Mount[] = [
      { id: '2', dev: '0:40', root: '/', point: '/srv/agent', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'ext4' },
      { id: '5', dev: '0:60', root: '/', point: '/e', options: ['rw'], superOptions: '', fsType: 'ext4' },
      { id: '6', dev: '0:60', root: '/', point: '/srv/agent/p/sub', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'ext4' },
    ];
    expect(subMountProblem('/srv/agent/p', nested, (p) => (p === '/e' ? '5' : '6'))).toContain('/srv/agent/p/sub is mounted below it and the same file system shows it at /e');
    // An overlay taking a layer from inside the source.
    const overlay: Mount[] = [
      { id: '2', dev: '0:40', root: '/', point: '/srv/agent', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'ext4' },
      { id: '7', dev: '0:70', root: '/', point: '/o', options: ['rw'], superOptions: 'rw,lowerdir=/l,upperdir=/srv/agent/q/up,workdir=/srv/agent/q/wk', fsType: 'overlay' },
    ];
    expect(subMountProblem('/srv/agent/q', overlay, noOther)).toContain('the overlay at /o, mounted without nosuid or nodev, takes its layer /srv/agent/q/up');
    expect(subMountProblem('/srv/agent/r', overlay, noOther)).toBeNull();
  });
});

describe('kernelFileSystemProblem: only file systems that hold stored files, at the source and below it', () => {
  const mounts: Mount[] = [
    { id: '1', dev: '8:1', root: '/', point: '/', options: ['rw'], superOptions: '', fsType: 'ext4' },
    { id: '2', dev: '0:22', root: '/', point: '/proc', options: ['rw', 'nosuid', 'nodev', 'noexec'], superOptions: 'rw', fsType: 'proc' },
    { id: '3', dev: '0:40', root: '/', point: '/srv/agent', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'tmpfs' },
    { id: '4', dev: '0:23', root: '/', point: '/srv/agent/box/proc', options: ['rw', 'nosuid', 'nodev', 'noexec'], superOptions: 'rw', fsType: 'proc' },
    { id: '5', dev: '0:24', root: '/', point: '/srv/agent/sys', options: ['ro', 'nosuid', 'nodev', 'noexec'], superOptions: 'ro', fsType: 'sysfs' },
    { id: '6', dev: '0:50', root: '/', point: '/srv/agent/fuse', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'fuse.sshfs' },
    { id: '7', dev: '0:51', root: '/', point: '/srv/agent/odd', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: '' },
  ];
  it.each([
    ['/proc', '2', 'it is on /proc, a proc file system'],
    ['/proc/sys/kernel', '2', 'it is on /proc, a proc file system'],
    ['/srv/agent/box', '3', '/srv/agent/box/proc is mounted below it, a proc file system'],
    ['/srv/agent/sys', '5', 'it is on /srv/agent/sys, a sysfs file system'],
    ['/srv/agent/fuse', '6', 'a fuse.sshfs file system'],
    ['/srv/agent/odd', '7', 'a file system of unknown type'],
    ['/srv/agent/data', undefined, 'could not be found in /proc/self/mountinfo'],
  ])('%s (mount %s) is refused', (real, id, problem) => {
    expect(kernelFileSystemProblem(real, id, mounts)).toContain(problem);
  });
  it.each([
    ['/srv/agent/data', '3'],
    ['/srv/agent/boxes', '3'],
    ['/home/ai', '1'],
  ])('%s (mount %s) is not', (real, id) => {
    expect(kernelFileSystemProblem(real, id, mounts)).toBeNull();
  });
  it('a daemon socket bind-mounted onto a file below the source comes along: refused', () => {
    const sock: Mount[] = [
      ...mounts,
      { id: '8', dev: '0:26', root: '/docker.sock', point: '/srv/agent/web/run/docker.sock', options: ['rw', 'nosuid', 'nodev'], superOptions: '', fsType: 'tmpfs' },
    ];
    expect(socketMountProblem('/srv/agent/web', sock)).toContain('/srv/agent/web/run/docker.sock is mounted below it from /docker.sock, a daemon socket');
    expect(socketMountProblem('/srv/agent/api', sock)).toBeNull();
    expect(socketMountProblem('/srv/agent/data', mounts)).toBeNull();
  });

  it('the whole host, where /proc is below, is refused', () => {
    expect(kernelFileSystemProblem('/', '1', mounts)).toContain('/proc is mounted below it, a proc file system');
  });
});

describe('mountIdOf and readMounts on this machine', () => {
  it('finds the mount of a path (and of a path not there yet, by its parent)', () => {
    const mounts = readMounts();
    expect(mounts.find((m) => m.id === mountIdOf('/proc'))?.point).toBe('/proc');
    expect(mounts.find((m) => m.id === mountIdOf('/proc/no/such/path'))?.point).toBe('/proc');
    expect(mounts.find((m) => m.point === '/proc')?.superOptions).toBe('rw');
    expect(mounts.find((m) => m.point === '/proc')?.fsType).toBe('proc');
  });

  it.skipIf(process.getuid?.() !== 0)('a daemon socket bound onto a file below a directory (root: bind-mounts a stand-in)', () => {
    const base = mkdtempSync(path.join('/tmp', 'dg-sock-'));
    const box = path.join(base, 'box');
    mkdirSync(path.join(box, 'run'), { recursive: true });
    writeFileSync(path.join(base, 'docker.sock'), '');
    writeFileSync(path.join(box, 'run', 'docker.sock'), '');
    try {
      execFileSync('mount', ['--bind', path.join(base, 'docker.sock'), path.join(box, 'run', 'docker.sock')]);
      expect(socketMountProblem(box, readMounts())).toContain(`${path.join(box, 'run', 'docker.sock')} is mounted below it`);
    } finally {
      spawnSync('umount', [path.join(box, 'run', 'docker.sock')]);
      rmSync(base, { recursive: true, force: true });
    }
  });

  it.skipIf(process.getuid?.() !== 0)('a procfs or sysfs mounted under a directory, as in a machine image (root: mounts them)', () => {
    const box = mkdtempSync(path.join('/tmp', 'dg-box-'));
    mkdirSync(path.join(box, 'proc'));
    mkdirSync(path.join(box, 'sys'));
    try {
      execFileSync('mount', ['-t', 'proc', '-o', 'nosuid,nodev,noexec', 'proc', path.join(box, 'proc')]);
      let mounts = readMounts();
      // proc is nosuid,nodev: the older checks let a read-only bind of the box through.
      expect(subMountProblem(box, mounts)).toBeNull();
      expect(kernelFileSystemProblem(box, mountIdOf(box), mounts)).toContain(`${path.join(box, 'proc')} is mounted below it, a proc file system`);
      expect(kernelFileSystemProblem(path.join(box, 'proc', 'self'), mountIdOf(path.join(box, 'proc', 'self')), mounts)).toContain(`it is on ${path.join(box, 'proc')}, a proc file system`);
      execFileSync('mount', ['-t', 'sysfs', '-o', 'nosuid,nodev,noexec', 'sysfs', path.join(box, 'sys')]);
      mounts = readMounts();
      expect(kernelFileSystemProblem(path.join(box, 'sys'), mountIdOf(path.join(box, 'sys')), mounts)).toContain(`it is on ${path.join(box, 'sys')}, a sysfs file system`);
    } finally {
      spawnSync('umount', [path.join(box, 'sys')]);
      spawnSync('umount', [path.join(box, 'proc')]);
      rmSync(box, { recursive: true, force: true });
    }
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
      expect(subMountProblem(top, mounts)).toBeNull(); // z's nosuid tmpfs is hidden, but nosuid,nodev anyway
      expect(problem).toContain(`it is on ${top}, mounted without nosuid and nodev`);
    } finally {
      execFileSync('umount', [top]);
      execFileSync('umount', [path.join(top, 'z')]);
      rmSync(top, { recursive: true, force: true });
    }
  });

  it.skipIf(process.getuid?.() !== 0)('a nosuid bind of a directory of a file system mounted elsewhere without nosuid (root: mounts tmpfs)', () => {
    const base = mkdtempSync(path.join('/tmp', 'dg-mnt-'));
    const t = path.join(base, 't');
    const a = path.join(base, 'a');
    mkdirSync(t);
    mkdirSync(a);
    try {
      execFileSync('mount', ['-t', 'tmpfs', 'dg-t', t]);
      mkdirSync(path.join(t, 'share', 'p'), { recursive: true });
      execFileSync('mount', ['--bind', path.join(t, 'share'), a]);
      execFileSync('mount', ['-o', 'remount,bind,nosuid,nodev', a]);
      const real = path.join(a, 'p');
      expect(writableBindProblem(real, mountIdOf(real), readMounts(), true)).toContain(`shows it at ${path.join(t, 'share', 'p')} as well`);
    } finally {
      execFileSync('umount', [a]);
      execFileSync('umount', [t]);
      rmSync(base, { recursive: true, force: true });
    }
  });
});
