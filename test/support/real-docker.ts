// The real docker CLI 28.x the tests compare against, and a way to run it in a clean environment.
//
// The machine also has Debian's docker.io 20.10 client at /usr/bin/docker, which parses some argv
// differently (no `container remove`, no build forwarding, …): it must never be picked up by
// accident, so the path is resolved once and its `--version` checked.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The docker/cli major version the grammar (and parseArgv) model. */
export const REAL_DOCKER_MAJOR = 28;

/** Candidates in order; `DG_TEST_REAL_DOCKER` (an absolute path) comes first when set. */
function candidates(): string[] {
  const out: string[] = [];
  const forced = process.env.DG_TEST_REAL_DOCKER;
  if (forced) out.push(forced);
  out.push('/usr/local/bin/docker');
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir.startsWith('/')) out.push(path.join(dir, 'docker'));
  return [...new Set(out)];
}

function versionOf(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function resolveRealDocker(): { path: string; version: string } {
  const seen: string[] = [];
  for (const bin of candidates()) {
    if (!path.isAbsolute(bin)) continue;
    const version = versionOf(bin);
    if (version === undefined) continue;
    seen.push(`${bin}: ${version}`);
    if (version.startsWith(`Docker version ${REAL_DOCKER_MAJOR}.`)) return { path: bin, version };
  }
  throw new Error(
    `no docker ${REAL_DOCKER_MAJOR}.x client found (set DG_TEST_REAL_DOCKER to its absolute path); ` +
      `looked at: ${seen.length > 0 ? seen.join('; ') : 'nothing executable'}`,
  );
}

const resolved = resolveRealDocker();
/** Absolute path of the real docker 28.x client. */
export const REAL_DOCKER: string = resolved.path;
/** Its `--version` line, e.g. `Docker version 28.2.2, build e6534b4`. */
export const REAL_DOCKER_VERSION: string = resolved.version;

export interface DockerResult {
  /** Exit status; null when killed by a signal (see `signal`). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunDockerOptions {
  /** DOCKER_HOST; unset when omitted. */
  host?: string;
  /** DOCKER_CONFIG (and HOME, so that nothing of ~/.docker leaks in). A fresh empty directory
   * is made (and removed afterwards) when omitted. */
  config?: string;
  /** HOME; defaults to `config`. */
  home?: string;
  /** More environment variables (the base environment is only PATH, HOME, DOCKER_CONFIG, DOCKER_HOST). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed; stdin is empty otherwise. */
  stdin?: string | Buffer;
  /** Kill (SIGKILL) after this long; default 30 s. */
  timeoutMs?: number;
  /** The binary to run; default REAL_DOCKER. */
  binary?: string;
}

const CLEAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A fresh, empty directory to use as DOCKER_CONFIG. The caller removes it. */
export function freshConfigDir(prefix = 'dg-cfg-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the real docker client with a clean environment and captures everything. */
export async function runDocker(args: readonly string[], opts: RunDockerOptions = {}): Promise<DockerResult> {
  const ownConfig = opts.config === undefined ? freshConfigDir() : undefined;
  const config = opts.config ?? ownConfig!;
  const env: Record<string, string> = { PATH: CLEAN_PATH, HOME: opts.home ?? config, DOCKER_CONFIG: config };
  if (opts.host !== undefined) env.DOCKER_HOST = opts.host;
  Object.assign(env, opts.env);
  try {
    return await new Promise<DockerResult>((resolve, reject) => {
      const child = spawn(opts.binary ?? REAL_DOCKER, [...args], {
        env,
        cwd: opts.cwd ?? config,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.stdin.on('error', () => {
        // docker may exit before reading stdin (EPIPE): not an error of the run
      });
      child.stdin.end(opts.stdin ?? '');
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
    });
  } finally {
    if (ownConfig) rmSync(ownConfig, { recursive: true, force: true });
  }
}
