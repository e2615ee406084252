import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ComposeInvocation } from './compose/compose-argv.js';
import { COMPOSE_REMOTE_OFF_ENV, composeConfigArgv } from './compose/config-command.js';
import { walkLookups } from './path-walk.js';
import { queryRealDocker } from './real-docker-query.js';

// Reads compose's resolved model by asking compose itself (`docker … compose … config --format
// json` through the real docker): interpolation, .env, COMPOSE_FILE, include/extends, profiles
// and several -f files are then resolved exactly as compose will resolve them. I/O: the edge.

export type ComposeModelFact = { ok: true; model: unknown } | { ok: false; error: string };

/** compose-go's default file names (cli/options.go DefaultFileNames + overrides). */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export function readComposeModel(
  realDocker: string,
  dockerGlobals: readonly string[],
  inv: ComposeInvocation,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): ComposeModelFact {
  const argv = composeConfigArgv(dockerGlobals, inv);
  if (!Array.isArray(argv)) return { ok: false, error: argv.error };
  const notRegular = composeFilesThatAreNotRegular(inv, cwd, env);
  if (notRegular) return { ok: false, error: notRegular };
  const r = queryRealDocker(realDocker, argv, cwd, env, { extraEnv: COMPOSE_REMOTE_OFF_ENV, timeoutMs: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { ok: false, error: `\`docker compose config\` did not run: ${r.error.message}` };
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ') || `exit ${r.status ?? r.signal}`;
    return { ok: false, error: `\`docker compose config\` failed: ${why}` };
  }
  try {
    return { ok: true, model: JSON.parse(r.stdout) };
  } catch {
    return { ok: false, error: '`docker compose config --format json` did not print JSON' };
  }
}

/**
 * compose reads its files again when the real command runs, so each must read the same both times.
 * A FIFO or a device can answer the check and the run differently, and so can anything reached
 * through /dev or /proc (`/dev/stdin`, `/dev/fd/0`, `/proc/<pid>/fd/0`): the check runs with its
 * own stdin, the real run with the caller's. Checked: every compose file compose may read (-f,
 * COMPOSE_FILE, the default names in the project directory and its parents) and every env file
 * (--env-file, COMPOSE_ENV_FILES, the default `.env`), which interpolation reads.
 */
function composeFilesThatAreNotRegular(inv: ComposeInvocation, cwd: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const separator = env.COMPOSE_PATH_SEPARATOR || ':';
  const named = inv.globals.files.length > 0 ? inv.globals.files : (env.COMPOSE_FILE ?? '').split(separator).filter((f) => f !== '');
  // compose takes the deprecated --workdir as --project-directory (normalizeProjectOptions).
  const projectDirectory = inv.globals.projectDirectory ?? inv.globals.workdir;
  for (const file of named) {
    const problem = notRegular(path.resolve(cwd, file), `the compose file ${file}`);
    if (problem) return problem;
  }
  // Where compose may look for relative env files and the default .env: the working directory,
  // the project directory and the directory of each named compose file (more places than compose
  // uses is only stricter).
  const bases = new Set([cwd, ...(projectDirectory === undefined ? [] : [path.resolve(cwd, projectDirectory)]), ...named.map((f) => path.dirname(path.resolve(cwd, f)))]);
  const envFiles = inv.globals.envFiles.length > 0 ? inv.globals.envFiles : (env.COMPOSE_ENV_FILES ?? '').split(',').filter((f) => f !== '');
  for (const file of envFiles.length > 0 ? envFiles : ['.env']) {
    for (const base of bases) {
      const full = path.resolve(base, file);
      // The default .env is optional, and compose-go skips one that is a directory (a Python venv).
      if (envFiles.length === 0 && (!exists(full) || isDirectory(full))) continue;
      if (envFiles.length > 0 && !exists(full) && !path.isAbsolute(file)) continue; // compose reports a missing one itself
      const problem = notRegular(full, `the env file ${file}`);
      if (problem) return problem;
    }
  }
  if (named.length > 0) return undefined;
  for (let dir = path.resolve(cwd, projectDirectory ?? '.'); ; dir = path.dirname(dir)) {
    for (const name of DEFAULT_FILES) {
      const full = path.join(dir, name);
      if (!exists(full)) continue;
      const problem = notRegular(full, full);
      if (problem) return problem;
    }
    if (dir === '/') return undefined;
  }
}

function isDirectory(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function exists(full: string): boolean {
  try {
    lstatSync(full);
    return true;
  } catch {
    return false;
  }
}

/** Why `full` (called `label` in the message) is not a regular file compose could read, if so. */
function notRegular(full: string, label: string): string | undefined {
  const view = throughProcessView(full);
  if (view !== undefined) {
    return `${label} leads through ${view}, which reads differently in docker-guard's check and in the real run (another process, another stdin)`;
  }
  try {
    return statSync(full).isFile() ? undefined : `${label} is not a regular file`;
  } catch (e) {
    return `${label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** Kernel file systems whose paths read differently per process or per open. */
const PROCESS_VIEWS = ['/dev', '/proc', '/sys'];

/**
 * The first path under /dev, /proc or /sys that resolving `full` passes through, if any, walked
 * as the kernel does: realpath would turn /dev/stdin straight into whatever file the check's own
 * stdin is.
 */
function throughProcessView(full: string): string | undefined {
  const found = walkLookups(full, ({ next }) => (PROCESS_VIEWS.some((v) => next === v || next.startsWith(v + '/')) ? next : undefined));
  return found === 'unresolved' ? full : found;
}
