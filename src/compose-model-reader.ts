import { spawnSync } from 'node:child_process';
import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ComposeInvocation } from './compose/compose-argv.js';
import { COMPOSE_REMOTE_OFF_ENV, composeConfigArgv } from './compose/config-command.js';

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
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  Object.assign(childEnv, COMPOSE_REMOTE_OFF_ENV);
  const r = spawnSync(realDocker, argv, {
    argv0: 'docker',
    cwd,
    env: childEnv,
    encoding: 'utf8',
    // stdin closed: nothing the agent pipes in is consumed by the check instead of the command.
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
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
 * A compose file that is a FIFO, a device or /dev/stdin could give the check one content and the
 * real run another. Every file compose may read (-f, COMPOSE_FILE, the default names in the
 * working directory and its parents) must be a regular file.
 */
function composeFilesThatAreNotRegular(inv: ComposeInvocation, cwd: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const separator = env.COMPOSE_PATH_SEPARATOR || ':';
  const named = inv.globals.files.length > 0 ? inv.globals.files : (env.COMPOSE_FILE ?? '').split(separator).filter((f) => f !== '');
  for (const file of named) {
    const problem = notRegular(path.resolve(cwd, file), `the compose file ${file}`);
    if (problem) return problem;
  }
  if (named.length > 0) return undefined;
  // compose takes the deprecated --workdir as --project-directory (normalizeProjectOptions).
  const projectDirectory = inv.globals.projectDirectory ?? inv.globals.workdir;
  for (let dir = path.resolve(projectDirectory ?? cwd); ; dir = path.dirname(dir)) {
    for (const name of DEFAULT_FILES) {
      const full = path.join(dir, name);
      try {
        lstatSync(full);
      } catch {
        continue;
      }
      const problem = notRegular(full, full);
      if (problem) return problem;
    }
    if (dir === '/') return undefined;
  }
}

/** Why `full` (called `label` in the message) is not a regular file compose could read, if so. */
function notRegular(full: string, label: string): string | undefined {
  try {
    return statSync(full).isFile() ? undefined : `${label} is not a regular file`;
  } catch (e) {
    return `${label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}
