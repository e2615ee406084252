// Shared by the test/nix suites: find tools, and build docker-guard the way nix/package.nix does
// (its source fileset copied to a temp dir, node_modules laid out from dependency trees by
// scripts/nix-build.sh, the same arguments), outside Nix.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
export const DEPS: Record<string, { owner: string; repo: string; tag: string; hash: string }> = JSON.parse(
  readFileSync(path.join(ROOT, 'nix/deps.json'), 'utf8'),
);

export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The files nix/package.nix puts in its source (`lib.fileset.unions [ ../x … ]`), read from it. */
export function packageFileset(): string[] {
  const text = readFileSync(path.join(ROOT, 'nix/package.nix'), 'utf8');
  const block = /lib\.fileset\.unions \[([^\]]*)\]/.exec(text);
  if (!block) throw new Error('nix/package.nix: no `lib.fileset.unions [ … ]` found');
  const entries = [...block[1]!.matchAll(/\.\.\/(\S+)/g)].map((m) => m[1]!);
  if (entries.length === 0) throw new Error('nix/package.nix: empty fileset');
  return entries;
}

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** For afterAll: each build leaves a ~100 MB binary behind. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Where the dependency trees come from, and why. */
export interface DepTrees {
  dirs: Record<string, string>;
  origin: string;
}

/**
 * The GitHub trees package.nix fetches, when git snapshots are available
 * (DOCKER_GUARD_GIT_MIRRORS, checked against nix/deps.json by scripts/nix-dep-trees.sh);
 * otherwise the published packages npm installed in node_modules: the same code files, fewer
 * others (tests, CI files), which bun never reads.
 */
export function depTrees(): DepTrees {
  const mirrors = process.env.DOCKER_GUARD_GIT_MIRRORS;
  if (mirrors && which('nix') && which('git')) {
    const out = tempDir('dg-dep-trees-');
    const r = run('bash', ['scripts/nix-dep-trees.sh', out]);
    if (r.status === 0) {
      return { dirs: Object.fromEntries(Object.keys(DEPS).map((n) => [n, path.join(out, n)])), origin: 'GitHub tag trees, hashes checked' };
    }
    if (r.status !== 77) throw new Error(`scripts/nix-dep-trees.sh failed (${r.status}):\n${r.stdout}${r.stderr}`);
  }
  const dirs: Record<string, string> = {};
  for (const n of Object.keys(DEPS)) {
    const d = path.join(ROOT, 'node_modules', n);
    if (!existsSync(path.join(d, 'package.json'))) throw new Error(`no dependency tree for ${n}: run npm ci, or set DOCKER_GUARD_GIT_MIRRORS`);
    dirs[n] = d;
  }
  return { dirs, origin: 'stand-ins, the published packages in node_modules (DOCKER_GUARD_GIT_MIRRORS unset)' };
}

/** The bun that compiles: DOCKER_GUARD_NIX_TEST_BUN (e.g. a 1.3.x like nixpkgs'), else the project's. */
export function testBun(): string {
  return process.env.DOCKER_GUARD_NIX_TEST_BUN || path.join(ROOT, 'node_modules/.bin/bun');
}

export interface NixStyleBuild {
  src: string;
  bin: string;
  realDocker: string;
  policyPath: string;
  build: Run;
  origin: string;
}

/** Builds like package.nix's buildPhase, in a fresh copy of its source fileset. */
export function buildLikeNix(trees: DepTrees = depTrees()): NixStyleBuild {
  const work = tempDir('dg-nix-build-');
  const src = path.join(work, 'source');
  for (const entry of packageFileset()) {
    const from = path.join(ROOT, entry);
    if (!existsSync(from)) throw new Error(`nix/package.nix's fileset names ${entry}, which does not exist`);
    cpSync(from, path.join(src, entry), { recursive: true });
  }
  // The real docker stand-in: the shim execs it for allowed commands.
  const realDocker = path.join(work, 'real-docker');
  writeFileSync(realDocker, '#!/bin/sh\necho "Docker version 0.0.0-standin $*"\n');
  chmodSync(realDocker, 0o755);
  const policyPath = path.join(work, 'etc/docker-guard/policy.json'); // absent: the built-in policy
  const home = path.join(work, 'home');
  mkdirSync(home);
  const depArgs = Object.entries(trees.dirs).flatMap(([n, d]) => ['--dep', `${n}=${d}`]);
  const build = run(
    'bash',
    ['scripts/nix-build.sh', ...depArgs, '--', '--bun', testBun(), '--real-docker', realDocker, '--policy-path', policyPath, '--out', 'dist'],
    { cwd: src, env: { ...process.env, HOME: home } },
  );
  return { src, bin: path.join(src, 'dist'), realDocker, policyPath, build, origin: trees.origin };
}
