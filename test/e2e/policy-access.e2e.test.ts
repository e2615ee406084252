import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGuard, type GuardBuild } from './build-guard.js';

// The compiled binary reads its policy file and /etc/passwd as the caller can read them: the agent
// is not root and may not write either file, and on NixOS the policy is a link into the read-only
// store. Reading with Bun.mmap broke both (it opens the file O_RDWR: EACCES for the agent, EROFS on
// a read-only filesystem), and every test ran as root on a writable file, so none saw it. Here the
// caller is `nobody` (setpriv), and root reads the policy through a read-only bind mount.

const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;
// nixpkgs' bun (1.3.x) builds the package NixOS installs: its binary is checked too when .ci/run
// provides one (DG_TEST_OLD_BUN, see test/e2e/handover.e2e.test.ts).
const OLD_BUN = process.env.DG_TEST_OLD_BUN;
const BUNS: string[] = OLD_BUN ? ['bun 1.4', 'bun 1.3'] : ['bun 1.4'];
let tmp: string;
let policyDir: string;
const shims = new Map<string, GuardBuild>();
const policyPath = (): string => path.join(policyDir, 'policy.json');

beforeAll(() => {
  if (!IS_ROOT) return;
  // Under /tmp, not os.tmpdir(): .ci/run points TMPDIR at a directory only root may enter, and
  // everything the caller runs or reads must be reachable by nobody. The files stay root's.
  tmp = mkdtempSync('/tmp/dg-policy-access-');
  chmodSync(tmp, 0o755);
  policyDir = path.join(tmp, 'etc');
  mkdirSync(policyDir, { mode: 0o755 });
  const probe = path.join(tmp, 'probe');
  execFileSync('cc', ['-O2', '-o', probe, path.join(__dirname, 'fixtures/probe.c')]);
  shims.set('bun 1.4', buildGuard(path.join(tmp, 'bin'), { realDocker: probe, policyPath: policyPath() }));
  if (OLD_BUN) shims.set('bun 1.3', buildGuard(path.join(tmp, 'bin-old'), { realDocker: probe, policyPath: policyPath(), bun: OLD_BUN }));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const ENV = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };

function asNobody(docker: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', docker, ...args], { env: { ...ENV, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function writePolicy(text: string | undefined): void {
  rmSync(policyPath(), { force: true });
  if (text === undefined) return;
  writeFileSync(policyPath(), text);
  chmodSync(policyPath(), 0o644);
}

describe.skipIf(!IS_ROOT).each(BUNS)(`built with %s: the policy and the user database, read by a caller who may not write them${IS_ROOT ? '' : ' (skipped: needs root to run as nobody)'}`, (bun) => {
  const docker = (): string => shims.get(bun)!.docker;
  it('a root-owned policy restricting the caller applies: ps runs, exec is refused (not "cannot read it")', () => {
    writePolicy(JSON.stringify({ users: ['nobody'] }));
    const ps = asNobody(docker(), ['ps']);
    expect(ps.stderr).toBe('');
    expect(ps.status).toBe(0);
    expect(ps.stdout).toContain('argv[1]=ps\n');
    const exec = asNobody(docker(), ['exec', 'c', 'sh']);
    expect(exec.status).toBe(77);
    expect(exec.stderr).toContain('container exec');
    expect(exec.stderr).not.toContain('cannot read it');
  });

  it('a policy path that is a symbolic link to nothing: the shim applies the built-in default (it restricts everyone), and `docker-guard policy` says why', () => {
    writePolicy(undefined);
    symlinkSync(path.join(tmp, 'gone', 'narrow.json'), policyPath());
    try {
      const exec = asNobody(docker(), ['exec', 'c', 'sh']);
      expect(exec.status).toBe(77);
      expect(exec.stderr).toContain('absent: the built-in default policy applies');
      const shown = asNobody(shims.get(bun)!.admin, ['policy']);
      expect(shown.status).toBe(0);
      expect(shown.stderr).toContain(`warning: ${policyPath()} is a symbolic link to nothing: the guard finds no policy file`);
      writePolicy(undefined);
      const plain = asNobody(shims.get(bun)!.admin, ['policy']);
      expect(plain.stderr).not.toContain('symbolic link');
    } finally {
      writePolicy(undefined);
    }
  });

  it('a policy naming someone else passes the caller through: /etc/passwd told who is calling', () => {
    writePolicy(JSON.stringify({ users: ['somebody-else'] }));
    const r = asNobody(docker(), ['exec', 'c', 'sh']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('argv[1]=exec\n');
  });

  it('no policy file: the built-in default restricts the caller', () => {
    writePolicy(undefined);
    expect(asNobody(docker(), ['ps']).status).toBe(0);
    expect(asNobody(docker(), ['exec', 'c', 'sh']).status).toBe(77);
  });

  it('a policy the caller cannot read refuses everything (fail closed), naming the error', () => {
    writePolicy(JSON.stringify({ users: ['somebody-else'] }));
    chmodSync(policyPath(), 0o600);
    const r = asNobody(docker(), ['ps']);
    expect(r.status).toBe(78);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot read it (EACCES)');
  });

  it('a buildx instances folder the caller may enter but not list is refused for builds (buildx opens an instance by name)', () => {
    writePolicy(undefined);
    const home = mkdtempSync(path.join(tmp, 'home-'));
    const instances = path.join(home, '.docker/buildx/instances');
    mkdirSync(instances, { recursive: true });
    writeFileSync(path.join(instances, 'default'), '{"Name":"default","Driver":"docker-container"}');
    execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
    chmodSync(instances, 0o300);
    const r = asNobody(docker(), ['build', home], { HOME: home });
    expect(r.status, r.stderr).toBe(77);
    expect(r.stderr).toContain(`${instances} cannot be listed (EACCES)`);
    expect(r.stdout).toBe('');
    chmodSync(instances, 0o700);
    const listed = asNobody(docker(), ['build', home], { HOME: home });
    expect(listed.status).toBe(77);
    expect(listed.stderr).toContain('holds buildx builder instances (default)');
  });

  it('a build by a caller with no HOME and no home in the user database is refused, saying why (not an internal error)', () => {
    writePolicy(undefined);
    const r = spawnSync('setpriv', ['--reuid=4999', '--regid=4999', '--clear-groups', '--', docker(), 'build', tmp], { env: ENV, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(77);
    expect(r.stderr).toContain('HOME is not set and the user database has no home directory for the caller');
    expect(r.stdout).toBe('');
  });

  it('a policy in a directory the caller cannot search refuses everything, not "absent"', () => {
    writePolicy(JSON.stringify({ users: ['somebody-else'] }));
    chmodSync(policyDir, 0o700);
    try {
      const r = asNobody(docker(), ['exec', 'c', 'sh']);
      expect(r.status).toBe(78);
      expect(r.stderr).toContain('cannot read it (EACCES)');
    } finally {
      chmodSync(policyDir, 0o755);
    }
  });
});

// A private mount namespace (unshare -m) keeps the read-only bind mount away from the rest of the
// machine. Containers that forbid mounts say so here, and the case is skipped with that reason.
function canBindReadOnly(): string | undefined {
  if (!IS_ROOT) return 'needs root';
  const r = spawnSync('unshare', ['-m', 'sh', '-c', 'd=$(mktemp -d) && mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" "$d" && ! touch "$d/x" 2>/dev/null; s=$?; umount "$d" 2>/dev/null; rmdir "$d"; exit $s'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `no read-only bind mount here: ${(r.stderr || `exit ${r.status}`).trim()}`;
}
const noRoMount = canBindReadOnly();

describe.skipIf(noRoMount !== undefined).each(BUNS)(`built with %s: a policy on a read-only filesystem (as NixOS links it into the store)${noRoMount ? ` (skipped: ${noRoMount})` : ''}`, (bun) => {
  it('is read, even by root: ps runs and exec is refused', () => {
    writePolicy(JSON.stringify({ users: ['root'] }));
    const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && { "$2" ps; echo "ps=$?"; "$2" exec c sh; echo "exec=$?"; }';
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', policyDir, shims.get(bun)!.docker], { env: ENV, encoding: 'utf8' });
    expect(r.stdout).toContain('ps=0');
    expect(r.stdout).toContain('exec=77');
    expect(r.stderr).not.toContain('cannot read it');
  });
});

// The guard never opens its policy or the user database for writing: an audit watch on the policy
// (-p w) would see a write access on every call, and a read-only filesystem would refuse it. strace
// shows every open; the only one with write access allowed is the absence check on a path where
// nothing exists, which fails with ENOENT (src/read-text-file.ts says why).
function cannotTrace(): string | undefined {
  if (!IS_ROOT) return 'needs root';
  const r = spawnSync('strace', ['-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (r.error) return 'no strace (.ci/run installs it)';
  return r.status === 0 ? undefined : `strace cannot trace here: ${r.stderr.trim()}`;
}
const noTrace = cannotTrace();
describe.skipIf(noTrace !== undefined)(`opens for reading only${noTrace ? ` (skipped: ${noTrace})` : ''}`, () => {
  const writableOpens = (args: string[], status: number): string[] => {
    const log = path.join(tmp, 'strace.log');
    const r = spawnSync('strace', ['-f', '-e', 'trace=open,openat,openat2', '-o', log, shims.get('bun 1.4')!.docker, ...args], { env: ENV, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(status);
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines.some((l) => l.includes('openat(')), 'strace saw no open at all').toBe(true);
    return lines.filter((l) => /O_(RDWR|WRONLY)/.test(l) && (l.includes(policyPath()) || l.includes('/etc/passwd') || l.includes('/etc/group')));
  };

  it('a policy file with content, and /etc/passwd: read-only opens', () => {
    writePolicy(JSON.stringify({ users: ['root'] }));
    expect(writableOpens(['ps'], 0)).toEqual([]);
  });

  it('an empty policy file: read-only (and refused as empty)', () => {
    writePolicy('');
    expect(writableOpens(['ps'], 78)).toEqual([]);
  });

  it('no policy file: the one write-mode open finds nothing (ENOENT)', () => {
    writePolicy(undefined);
    const opens = writableOpens(['ps'], 0);
    for (const line of opens) expect(line).toMatch(/= -1 ENOENT/);
  });
});

// Whom a policy restricts, with a user database an administrator could plausibly have: a second
// name for the agent's uid, a group membership the caller's login predates, a primary group only
// passwd knows. Each case runs in a private mount namespace with its own /etc/passwd and /etc/group
// bound over the real ones, then drops to the ids setpriv is given; the real docker is the probe,
// so 0 means "passed through untouched" and 77 "restricted, and exec refused".
const PASSWD = ['root:x:0:0:root:/root:/bin/sh', 'ai-alias:x:4242:4100::/:/bin/sh', 'ai-worker:x:4242:4200::/:/bin/sh', 'alice:x:4243:4243::/:/bin/sh', ''].join('\n');
const GROUP = ['root:x:0:', 'alias:x:4100:', 'team:x:4200:', 'newcomers:x:4300:bob,ai-worker', 'other:x:4400:alice', ''].join('\n');

describe.skipIf(noRoMount !== undefined).each(BUNS)(`built with %s: whom a policy restricts, by the user database and the kernel's ids${noRoMount ? ` (skipped: ${noRoMount})` : ''}`, (bun) => {
  const execAs = (policy: object, ids: string[]): number | null => {
    writePolicy(JSON.stringify(policy));
    const db = path.join(tmp, 'userdb');
    mkdirSync(db, { recursive: true, mode: 0o755 });
    writeFileSync(path.join(db, 'passwd'), PASSWD, { mode: 0o644 });
    writeFileSync(path.join(db, 'group'), GROUP, { mode: 0o644 });
    const script = 'mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group && shift && exec setpriv "$@"';
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', db, ...ids, '--', shims.get(bun)!.docker, 'exec', 'c', 'sh'], { env: ENV, encoding: 'utf8' });
    expect(r.stderr, 'only a refusal may print').toMatch(/^$|^docker-guard: refused: docker exec c sh\n/);
    return r.status;
  };
  const agent = ['--reuid=4242', '--regid=4100', '--clear-groups'];

  it('a policy naming either name of a uid that has two restricts it, whichever line comes first', () => {
    expect(execAs({ users: ['ai-worker'] }, agent)).toBe(77);
    expect(execAs({ users: ['ai-alias'] }, agent)).toBe(77);
    expect(execAs({ users: ['alice'] }, agent)).toBe(0);
  });

  it('a group counts when /etc/group lists the caller as a member, though its process is not in it', () => {
    expect(execAs({ groups: ['newcomers'] }, agent)).toBe(77);
    expect(execAs({ groups: ['4300'] }, agent)).toBe(77);
    expect(execAs({ groups: ['other'] }, agent)).toBe(0);
  });

  it("a group counts when it is the primary group passwd gives the caller (here the second name's)", () => {
    expect(execAs({ groups: ['team'] }, agent)).toBe(77);
    expect(execAs({ groups: ['alias'] }, agent)).toBe(77);
  });

  it('the effective uid counts as well as the real one', () => {
    expect(execAs({ users: ['ai-worker'] }, ['--ruid=4243', '--euid=4242', '--regid=4243', '--clear-groups'])).toBe(77);
    expect(execAs({ users: ['ai-worker'] }, ['--reuid=4243', '--regid=4243', '--clear-groups'])).toBe(0);
  });

  it('a uid the user database does not know is restricted, whatever the policy names', () => {
    expect(execAs({ users: ['alice'] }, ['--reuid=4999', '--regid=4999', '--clear-groups'])).toBe(77);
  });
});
