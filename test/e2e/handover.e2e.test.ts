import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDefaultPolicy } from '../../src/policy/load-policy.js';
import { buildGuard, type GuardBuild } from './build-guard.js';

// The compiled binary hands over to "the real docker" exactly like a direct call would: same
// argv (argv[0] `docker`), environment, signal dispositions and mask, descriptors 0-2 only, exit
// status and death by signal. The real docker is replaced by a small C probe that reports what it
// got, once through the bun >= 1.4 process.execve path and once through the bun:ffi fallback that
// nixpkgs' bun 1.3.x uses.

let tmp: string;
let probe: string;
// nixpkgs' bun is 1.3.x, which has no process.execve: .ci/run installs one (DG_TEST_OLD_BUN) so
// the fallback is also tested as Nix builds it, not only forced on a newer bun.
const OLD_BUN = process.env.DG_TEST_OLD_BUN;
type Kind = 'execve' | 'ffi' | 'bun-1.3';
const KINDS: Kind[] = OLD_BUN ? ['execve', 'ffi', 'bun-1.3'] : ['execve', 'ffi'];
let builds: Partial<Record<Kind, GuardBuild>> & Record<'execve' | 'ffi', GuardBuild>;
const policyPath = (): string => path.join(tmp, 'policy.json');
const ENV = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', SOME_VAR: 'a b\tc', EMPTY: '' };

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dg-handover-'));
  probe = path.join(tmp, 'probe');
  execFileSync('cc', ['-O2', '-o', probe, path.join(__dirname, 'fixtures/probe.c')]);
  builds = {
    execve: buildGuard(path.join(tmp, 'execve'), { realDocker: probe, policyPath: policyPath() }),
    ffi: buildGuard(path.join(tmp, 'ffi'), { realDocker: probe, policyPath: policyPath(), forceFfiExec: true }),
    ...(OLD_BUN ? { 'bun-1.3': buildGuard(path.join(tmp, 'old'), { realDocker: probe, policyPath: policyPath(), bun: OLD_BUN }) } : {}),
  };
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string, args: string[], argv0 = 'docker', extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(file, args, { argv0, env: { ...ENV, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function sh(script: string, args: string[], extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  // stdin not a socket: Debian's bash reads ~/.bashrc when it guesses it runs under sshd.
  return spawnSync('bash', ['-c', script, 'bash', ...args], { env: { ...ENV, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

it.skipIf(OLD_BUN === undefined)(`the bun 1.3.x of the fallback build has no process.execve${OLD_BUN ? '' : ' (skipped with the bun-1.3 hand-over tests: DG_TEST_OLD_BUN unset; .ci/run sets it)'}`, () => {
  const r = spawnSync(OLD_BUN!, ['-e', 'console.log(typeof process.execve)'], { encoding: 'utf8' });
  expect(r.stdout.trim()).toBe('undefined');
});

describe.each(KINDS)('hand-over through %s', (kind) => {
  const shim = (): string => builds[kind]!.docker;

  it('gives docker the same argv, environment, signal state and descriptors as a direct call', () => {
    const args = ['ps', '-a', '--format', '{{.Names}} x', '', 'ünï'];
    const direct = run(probe, args);
    const through = run(shim(), args);
    expect(through.status).toBe(0);
    expect(through.stderr).toBe('');
    // Descriptors the caller leaked past 2 (the test runner has some) are not passed on: the
    // guard marks everything above stderr close-on-exec, which docker does not use.
    const withoutFds = (s: string): string => s.replace(/^fds:.*$/m, 'fds: …');
    expect(withoutFds(through.stdout)).toBe(withoutFds(direct.stdout));
    expect(through.stdout).toContain('argv[0]=docker\n');
    expect(through.stdout).toContain('fds: 0 1 2\n');
    expect(through.stdout).toContain('SigIgn:\t0000000000000000');
  });

  it('a variable the environment names twice reaches docker once, with the value the guard judged (the last)', () => {
    // Go would read the first of two; Bun keeps the last and hands over what it keeps, so what
    // docker reads is what the decision read: DOCKER_CONTENT_TRUST on, then off, is off for both.
    const launcher = path.join(tmp, 'dupenv');
    if (spawnSync('test', ['-x', launcher]).status !== 0) {
      writeFileSync(`${launcher}.c`, '#include <unistd.h>\nint main(int c, char **v) { char *e[] = {"PATH=/usr/bin:/bin", "DOCKER_CONTENT_TRUST=1", "DUP=first", "DOCKER_CONTENT_TRUST=0", "DUP=second", 0}; (void)c; execve(v[1], v + 1, e); return 127; }\n');
      execFileSync('cc', ['-O2', '-o', launcher, `${launcher}.c`]);
    }
    const r = spawnSync(launcher, [shim(), 'pull', 'img'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const env = r.stdout.split('\n').filter((l) => l.startsWith('env:'));
    expect(env.filter((l) => l.startsWith('env:DUP='))).toEqual(['env:DUP=second']);
    expect(env.filter((l) => l.startsWith('env:DOCKER_CONTENT_TRUST='))).toEqual(['env:DOCKER_CONTENT_TRUST=0']);
    const direct = spawnSync(launcher, [probe, 'pull', 'img'], { encoding: 'utf8' });
    expect(direct.stdout).toContain('env:DUP=first\n');
  });

  it('keeps signal dispositions the caller set (ignored INT and HUP stay ignored)', () => {
    const direct = sh(`trap '' INT HUP; exec -a docker "$1" ps`, [probe]);
    const through = sh(`trap '' INT HUP; exec "$1" ps`, [shim()]);
    const ign = (r: SpawnSyncReturns<string>): string | undefined => /SigIgn:\t(\w+)/.exec(r.stdout)?.[1];
    expect(ign(direct)).toBe('0000000000000003');
    expect(ign(through)).toBe(ign(direct));
  });

  it('keeps the process: the exit status is docker\'s own', () => {
    expect(run(shim(), ['ps'], 'docker', { PROBE_MODE: 'exit:42' }).status).toBe(42);
    expect(run(shim(), ['ps'], 'docker', { PROBE_MODE: 'exit:0' }).status).toBe(0);
  });

  // Bun raises RLIMIT_NOFILE's soft limit to the hard limit before any JS runs and keeps no way
  // to read the old one, so the guard cannot restore it (README, "What the hand-over keeps").
  // Pinned here so that a Bun which stops doing it is noticed.
  it('passes RLIMIT_NOFILE on with the soft limit raised to the hard limit, the one limit it cannot keep', () => {
    const script = (exe: string): string => `ulimit -Sn 256 && exec ${exe} ps`;
    const direct = sh(script('-a docker "$1"'), [probe], { PROBE_MODE: 'nofile' });
    const through = sh(script('"$1"'), [shim()], { PROBE_MODE: 'nofile' });
    const hard = /^nofile: 256 (\d+)$/m.exec(direct.stdout)?.[1];
    expect(hard, direct.stdout + direct.stderr).toBeDefined();
    expect(Number(hard)).toBeGreaterThan(256);
    expect({ out: through.stdout, err: through.stderr, status: through.status }).toEqual({ out: `nofile: ${hard} ${hard}\n`, err: '', status: 0 });
  });

  // Bun refuses to start in a working directory that was deleted (getcwd fails) before any JS
  // runs, so the guard cannot forward there even what it would allow: nothing runs, Bun says why,
  // exit 1. docker itself would run. Pinned so that a Bun which starts there is noticed (the
  // guard's own code would then need the cwd only for bind mounts and compose).
  it('in a deleted working directory nothing runs: Bun stops before the guard, with its own message', () => {
    const gone = path.join(tmp, `gone-${kind}`);
    const script = 'mkdir "$1" && cd "$1" && rmdir "$1" && { "$2" ps; echo "status=$?"; (exec -a docker "$3" ps); echo "direct=$?"; }';
    const r = sh(script, [gone, shim(), probe]);
    expect(r.stdout).toMatch(/^status=1\n/);
    expect(r.stdout).not.toContain('argv[1]=ps\nstatus');
    expect(r.stdout).toMatch(/argv\[1\]=ps\n[^]*direct=0\n$/);
    expect(r.stderr).toContain('The current working directory was deleted');
  });

  it('dies of SIGPIPE like docker when the reader goes away (141 in a shell)', () => {
    const flood = { PROBE_MODE: 'flood' };
    const direct = sh(`"$1" logs c | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`, [probe], flood);
    const through = sh(`"$1" logs c | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`, [shim()], flood);
    expect(direct.stdout.trim()).toBe('141');
    expect({ status: through.stdout.trim(), stderr: through.stderr }).toEqual({ status: '141', stderr: '' });
  });
});

describe('bad input', () => {
  const shim = (): string => builds.execve.docker;
  const withPolicy = (text: string | undefined, fn: () => void): void => {
    if (text === undefined) rmSync(policyPath(), { force: true });
    else writeFileSync(policyPath(), text);
    try {
      fn();
    } finally {
      rmSync(policyPath(), { force: true });
    }
  };

  it.each([
    ['invalid JSON', '{"users": ['],
    ['an unknown key', '{"users":["*"],"alow":["ps"]}'],
    ['a wrong type', '{"users":["*"],"containers":{"privileged":"no"}}'],
    ['no restricted users', '{"users":[],"groups":[]}'],
    ['nothing in it', ''],
  ])('a policy file with %s refuses everything with exit 78 and runs nothing', (_what, text) => {
    withPolicy(text, () => {
      const r = run(shim(), ['ps']);
      expect(r.status).toBe(78);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('docker-guard: the policy file cannot be used');
      expect(r.stderr).toContain(policyPath());
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('a policy file that is not UTF-8 refuses everything, even where JSON would parse', () => {
    writeFileSync(policyPath(), Buffer.concat([Buffer.from('{"users":["*"],"allow":["ps"],"refuse":{"exec":"no \xff'), Buffer.from([0xff]), Buffer.from('"}}')]));
    try {
      const r = run(shim(), ['ps']);
      expect(r.status).toBe(78);
      expect(r.stderr).toContain('it is not valid UTF-8');
    } finally {
      rmSync(policyPath(), { force: true });
    }
  });

  it.each([
    ['a directory', 'mkdir'],
    ['a FIFO nothing writes to (the call must not wait for a writer)', 'mkfifo'],
  ])('a policy path that is %s refuses everything', (_what, make) => {
    rmSync(policyPath(), { force: true, recursive: true });
    execFileSync(make, [policyPath()]);
    try {
      const r = spawnSync(shim(), ['ps'], { argv0: 'docker', env: ENV, encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(78);
      expect(r.stderr).toContain('it is not a regular file');
    } finally {
      rmSync(policyPath(), { recursive: true, force: true });
    }
  });

  it('a policy that does not restrict the caller passes everything through untouched', () => {
    withPolicy('{"users":["somebody-else"]}', () => {
      const r = run(shim(), ['exec', 'c', 'sh']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('argv[1]=exec\n');
    });
  });

  it('a policy restricting a group the caller is in applies to the caller', () => {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    withPolicy(JSON.stringify({ groups: [group] }), () => {
      expect(run(shim(), ['exec', 'c', 'sh']).status).toBe(77);
      expect(run(shim(), ['ps']).status).toBe(0);
    });
    withPolicy(JSON.stringify({ groups: ['no-such-group-here'] }), () => {
      expect(run(shim(), ['exec', 'c', 'sh']).status).toBe(0);
    });
  });

  it('no environment variable changes the policy, its path or the real docker', () => {
    const other = path.join(tmp, 'other-policy.json');
    writeFileSync(other, '{"users":["somebody-else"]}');
    const r = run(shim(), ['exec', 'c', 'sh'], 'docker', {
      DOCKER_GUARD_POLICY_PATH: other, DOCKER_GUARD_POLICY: other, DOCKER_GUARD_REAL_DOCKER: '/bin/false', DOCKER_GUARD_BYPASS: '1',
      BUN_OPTIONS: '', NODE_OPTIONS: '',
    });
    expect(r.status).toBe(77);
    expect(r.stderr).toContain(`policy:  ${policyPath()}`);
    const allowedRun = run(shim(), ['ps'], 'docker', { DOCKER_GUARD_REAL_DOCKER: '/bin/false' });
    expect(allowedRun.stdout).toContain('argv[1]=ps\n');
  });

  it('empty argv is forwarded (docker prints its help)', () => {
    const r = run(shim(), []);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('argv[0]=docker\nSigBlk');
  });

  it('huge argv is decided and forwarded or refused whole', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    const allowed = run(shim(), ['inspect', ...many]);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('argv[20001]=c19999\n');
    const refusedRun = run(shim(), ['exec', 'c', 'x'.repeat(100_000)]);
    expect(refusedRun.status).toBe(77);
    expect(refusedRun.stdout).toBe('');
  });

  it('argv that is not valid UTF-8 is refused, not forwarded with other bytes', () => {
    const r = sh(`"$1" inspect $'a\\xffb'`, [shim()]);
    expect(r.status).toBe(77);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('not valid UTF-8');
    // `check` says the same as the guard would do.
    const c = sh(`"$1" check -- inspect $'a\\xffb'`, [builds.execve.admin]);
    expect(c.status, c.stdout).toBe(77);
    expect(c.stdout).toContain('rule:     malformed-argv');
  });

  it('a refusal prints one clear message and runs nothing', () => {
    const r = run(shim(), ['-v', 'exec', 'c', 'sh']);
    expect(r.status).toBe(77);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^docker-guard: refused: docker -v exec c sh\n {2}command: container exec\n {2}rule: {4}refused-command\n/);
    expect(r.stderr).toContain(`policy:  ${policyPath()} (absent: the built-in default policy applies)`);
  });

  it('colours only on a terminal, and not with NO_COLOR', () => {
    expect(run(shim(), ['exec', 'c', 'sh']).stderr).not.toContain('\x1b[');
    const onTty = (extra: string): string =>
      sh(`${extra} script -qec "$1 exec c sh" /dev/null`, [shim()]).stdout;
    expect(onTty('')).toContain('\x1b[31m\x1b[1mdocker-guard: refused:');
    expect(onTty('NO_COLOR=1')).not.toContain('\x1b[');
    expect(onTty('NO_COLOR=1')).toContain('docker-guard: refused:');
  });

  // Each guard is built against its own copy of the probe as the real docker, which then changes.
  it.each<[string, (real: string, guard: { admin: string }) => void, (real: string) => string]>([
    ['is missing', (real) => rmSync(real), (real) => `the real docker ${real} is missing or not executable (ENOENT)`],
    ['is not executable', (real) => chmodSync(real, 0o644), (real) => `the real docker ${real} is missing or not executable (EACCES)`],
    // An admin "installing" the guard over the docker it was built to run: an endless exec loop.
    [
      'has become the guard itself',
      (real, guard) => {
        rmSync(real);
        symlinkSync(guard.admin, real);
      },
      () => 'refusing to exec itself: the real docker path points at this binary',
    ],
  ])('a real docker that %s after the build is a clear error with exit 127', (what, change, message) => {
    const name = what.replaceAll(' ', '-');
    const real = path.join(tmp, `${name}-docker`);
    copyFileSync(probe, real);
    chmodSync(real, 0o755);
    const b = buildGuard(path.join(tmp, name), { realDocker: real, policyPath: policyPath() });
    change(real, b);
    const r = run(b.docker, ['ps']);
    expect(r.status).toBe(127);
    expect(r.stderr).toBe(`docker-guard: ${message(real)}\n`);
  });

  it('the build refuses to embed a docker-guard binary as the real docker', () => {
    const r = spawnSync('bash', [path.join(__dirname, '../../scripts/build.sh'), '--real-docker', builds.execve.admin, '--out', path.join(tmp, 'self')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('is a docker-guard binary');
  });

  it('ignores .env and bunfig.toml in the working directory', () => {
    const cwd = mkdtempSync(path.join(tmp, 'cwd-'));
    const marker = path.join(tmp, 'preloaded');
    writeFileSync(path.join(cwd, 'preload.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`);
    writeFileSync(path.join(cwd, 'bunfig.toml'), 'preload = ["./preload.js"]\n');
    writeFileSync(path.join(cwd, '.env'), 'INJECTED=1\n');
    const r = spawnSync(builds.execve.docker, ['ps'], { cwd, argv0: 'docker', env: ENV, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('INJECTED');
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });
});

describe('admin CLI', () => {
  const admin = (): string => builds.execve.admin;
  it('prints its own version (proves the payload is inside the binary)', () => {
    const r = run(admin(), ['--version'], 'docker-guard');
    expect(r.stdout).toMatch(/^docker-guard \d+\.\d+\.\d+\n$/);
  });
  it('check explains without running anything', () => {
    const refusedCheck = run(admin(), ['check', '--', 'container', '--help=false', 'exec', 'c', 'sh'], 'docker-guard');
    expect(refusedCheck.status).toBe(77);
    expect(refusedCheck.stdout).toContain('command:  container exec\n');
    expect(refusedCheck.stdout).toMatch(/\nyou: {6}\S+, restricted: yes \(the decision below is what you would get\)\ndecision: refused\nrule: {5}refused-command/);
    const ok = run(admin(), ['check', '--', 'ps', '-a'], 'docker-guard');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('decision: allowed');
    expect(ok.stdout).not.toContain('argv[0]');
    // What needs the daemon's answer says how to get it; without --ask-docker nothing is asked.
    for (const [argv, rule, asks] of [[['start', 'c'], 'container-unread', '`docker container ls` and `docker container inspect`'], [['run', '-v', 'myvol:/data', 'img'], 'volume-unread', '`docker volume inspect`']] as const) {
      const u = run(admin(), ['check', '--', ...argv], 'docker-guard');
      expect(u.status, u.stdout + u.stderr).toBe(75);
      expect(u.stdout).toContain('\ndecision: needs the daemon\'s answer');
      expect(u.stdout).toContain(`\nrule:     ${rule}\n`);
      expect(u.stdout).toContain(`\nnote:     the guard asks the daemon about`);
      expect(u.stdout).toContain(`asks now (it runs ${asks})\n`);
    }
  });
  it('validate and policy', () => {
    const good = path.join(tmp, 'good.json');
    writeFileSync(good, '{"users":["ai-worker"],"allow":["ps"]}');
    expect(run(admin(), ['validate', good], 'docker-guard').status).toBe(0);
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"users":["ai-worker"],"allow":["ps","Frobnicate"]}');
    const r = run(admin(), ['validate', bad], 'docker-guard');
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('"Frobnicate" is not a docker command');
    // A word that could be a plugin is one: valid, with a warning (`pss` meant as `ps`).
    const typo = path.join(tmp, 'typo.json');
    writeFileSync(typo, '{"users":["ai-worker"],"allow":["pss","compose","ps"]}');
    const w = run(admin(), ['validate', typo], 'docker-guard');
    expect(w.status).toBe(0);
    expect(w.stderr).toBe('docker-guard: warning: allow: "pss" is not a docker command: it allows the CLI plugin docker-pss (if one is installed), and nothing else\n');
    // What the shim would refuse (78, not UTF-8), validate does not call valid.
    const latin1 = path.join(tmp, 'latin1.json');
    writeFileSync(latin1, Buffer.concat([Buffer.from('{"users":["ai-w'), Buffer.from([0xf6]), Buffer.from('rker"]}')]));
    const l = run(admin(), ['validate', latin1], 'docker-guard');
    expect(l.status).toBe(78);
    expect(l.stderr).toBe(`docker-guard: ${latin1}: it is not valid UTF-8\n`);
    // Installed, valid, but naming no account of this host (names are case-sensitive): `policy` warns.
    writeFileSync(policyPath(), '{"users":["Root","root","4242"],"groups":["no-such-group"]}');
    let t: SpawnSyncReturns<string>;
    try {
      t = run(admin(), ['policy'], 'docker-guard');
    } finally {
      rmSync(policyPath(), { force: true });
    }
    expect(t.status).toBe(0);
    expect(t.stderr).toBe('docker-guard: warning: users: "Root" is not in /etc/passwd (names are case-sensitive): no one here is restricted by that name\n'
      + 'docker-guard: warning: groups: "no-such-group" is not in /etc/group: no one here is restricted by it\n');
    // The policy's own text in an error is shown with its control characters escaped.
    const ctl = path.join(tmp, 'ctl.json');
    writeFileSync(ctl, '{"users":["a"],"allow":["\\u001b[2Jps\\u0007"]}');
    const c = run(admin(), ['validate', ctl], 'docker-guard');
    expect(c.status).toBe(78);
    expect(c.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const p = run(admin(), ['policy'], 'docker-guard');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('(absent: the built-in default policy applies)');
    // The binary embeds the built-in policy computed at build time: the same as the sources compute.
    expect(JSON.parse(p.stdout.replace(/^#.*\n/, ''))).toEqual(computeDefaultPolicy());
  });
  it('usage errors exit 64', () => {
    expect(run(admin(), ['frob'], 'docker-guard').status).toBe(64);
    expect(run(admin(), ['check', 'ps'], 'docker-guard').status).toBe(64);
    // Names minimist would throw on or drop: a usage error, not an internal error (70) or silence.
    for (const args of [['check', '--__proto__=1', '--', 'ps'], ['--__proto__.x=1', 'policy'], ['--_=check']]) {
      const r = run(admin(), args, 'docker-guard');
      expect(r.status, r.stderr).toBe(64);
      expect(r.stderr).toContain(`unknown option ${args.find((a) => a.startsWith('--'))}`);
      expect(r.stderr).not.toContain('internal error');
    }
  });
  it('policy warns about an allowance the built-in refuse list cancels', () => {
    writeFileSync(policyPath(), JSON.stringify({ users: ['ai-worker'], allow: ['ps', 'exec'] }));
    let r: SpawnSyncReturns<string>;
    try {
      r = run(admin(), ['policy'], 'docker-guard');
    } finally {
      rmSync(policyPath(), { force: true });
    }
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('docker-guard: warning: allow: "container exec" is refused anyway: the built-in refuse list');
  });
});
