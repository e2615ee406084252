import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

// Asks the real docker something before deciding (compose's model, named volumes): with the
// caller's environment, so it reaches the daemon and configuration the real command will reach,
// stdin closed (nothing the caller pipes in is consumed by the question instead of the command),
// and output captured. I/O: the edge.

export function queryRealDocker(
  realDocker: string,
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly extraEnv?: Readonly<Record<string, string>>; readonly timeoutMs: number; readonly maxBuffer: number },
): SpawnSyncReturns<string> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  Object.assign(childEnv, options.extraEnv);
  return spawnSync(realDocker, [...argv], {
    argv0: 'docker',
    cwd,
    env: childEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs,
    maxBuffer: options.maxBuffer,
  });
}

/** The values of a `--format '{{json …}}'` answer, one per non-blank line, or undefined when a
 *  line is not JSON (not the answer asked for: none of it is trusted). */
export function jsonLines(stdout: string): unknown[] | undefined {
  const values: unknown[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      return undefined;
    }
  }
  return values;
}
