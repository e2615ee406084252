import type { ComposeInvocation } from './compose/compose-argv.js';
import { COMPOSE_REMOTE_OFF_ENV, composeConfigArgv } from './compose/config-command.js';
import { composeFilesProblem } from './compose-project-files.js';
import { queryRealDocker } from './real-docker-query.js';

// Reads compose's resolved model by asking compose itself (`docker … compose … config --format
// json` through the real docker): interpolation, .env, COMPOSE_FILE, include/extends, profiles
// and several -f files are then resolved exactly as compose will resolve them. I/O: the edge.

export type ComposeModelFact = { ok: true; model: unknown } | { ok: false; error: string };

export function readComposeModel(
  realDocker: string,
  dockerGlobals: readonly string[],
  inv: ComposeInvocation,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): ComposeModelFact {
  const argv = composeConfigArgv(dockerGlobals, inv);
  if (!Array.isArray(argv)) return { ok: false, error: argv.error };
  const unstable = composeFilesProblem(inv, cwd, env);
  if (unstable) return { ok: false, error: unstable };
  const r = queryRealDocker(realDocker, argv, cwd, env, { extraEnv: COMPOSE_REMOTE_OFF_ENV, timeoutMs: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { ok: false, error: `\`docker compose config\` did not run: ${r.error.message}` };
  if (r.status !== 0) {
    const lines = (r.stderr || r.stdout).trim().split('\n').filter((l) => l.trim() !== '');
    // Without the compose plugin docker reads `compose` as an unknown command and prints its usage
    // after the one line that says so: that line first.
    const key = lines.find((l) => /unknown (flag|command)|is not a docker command/i.test(l));
    const why = [...(key ? [key] : []), ...lines.slice(-3).filter((l) => l !== key)].join(' / ') || `exit ${r.status ?? r.signal}`;
    return { ok: false, error: `\`docker compose config\` failed: ${why}` };
  }
  try {
    return { ok: true, model: JSON.parse(r.stdout) };
  } catch {
    return { ok: false, error: '`docker compose config --format json` did not print JSON' };
  }
}
