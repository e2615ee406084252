import { nodeFs, nodePath } from './node-builtins.js';
import { walkPathFacts } from './facts.js';

// The guard asks the daemon before some decisions, through the real docker with the caller's
// environment, so the question and the command reach the same endpoint by name. An endpoint the
// caller controls answers what the caller likes: red-team round 23 put a proxy of its own on
// DOCKER_HOST that erased an administrator's container's binds from the answer, and `start` of it
// went through. So a decision that rests on the daemon's answer is made only when the endpoint is
// one the caller cannot stand in for: the default socket, or a unix socket owned by root that no
// directory on its path lets the caller replace. Root is not asked (it needs no stand-in).
// docker's order (cli/command/cli.go resolveContextName): DOCKER_HOST, then DOCKER_CONTEXT, then
// config.json's currentContext. I/O: the edge, only for decisions that ask the daemon.

export function endpointProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if ((process.getuid?.() ?? -1) === 0) return undefined;
  const host = env.DOCKER_HOST ?? '';
  if (host !== '') return hostProblem(host);
  const context = env.DOCKER_CONTEXT ?? '';
  if (context !== '') return context === 'default' ? undefined : `DOCKER_CONTEXT=${context} picks the daemon through a context, whose endpoint docker-guard does not follow`;
  return configContextProblem(env);
}

function hostProblem(host: string): string | undefined {
  if (!host.startsWith('unix://')) return `DOCKER_HOST=${host} is not a local socket, so docker-guard cannot tell the daemon from a stand-in of the caller's`;
  const socket = host.slice('unix://'.length);
  let st: ReturnType<typeof import('node:fs').statSync>;
  try {
    st = nodeFs().statSync(socket);
  } catch (e) {
    return `DOCKER_HOST=${host}: the socket cannot be examined (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!st.isSocket() || st.uid !== 0) return `DOCKER_HOST=${host} is not a socket root owns, so it may be a stand-in of the caller's for the daemon`;
  const { writable } = walkPathFacts(socket);
  if (writable !== null) return `DOCKER_HOST=${host}: the caller can change ${writable} on the way to the socket, and so put a stand-in there`;
  return undefined;
}

/** config.json's currentContext (Go matches the key in any case), unless empty or `default`. */
function configContextProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const home = env.HOME ?? '';
  const dir = env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : home !== '' ? nodePath().posix.join(home, '.docker') : undefined;
  if (dir === undefined) return undefined; // docker then finds no config: the default socket
  const file = nodePath().posix.join(dir, 'config.json');
  let text: string;
  try {
    text = nodeFs().readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `${file} cannot be read, so docker-guard cannot tell which context it picks`;
  }
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  for (const m of decoded.matchAll(/"currentcontext"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)/gi)) {
    if (m[1] !== '""' && m[1] !== '"default"' && m[1] !== 'null') return `${file} picks the context ${m[1]}, whose endpoint docker-guard does not follow`;
  }
  return undefined;
}
