import { dockerConfigDir } from './docker-config-dir.js';
import { nodeFs, nodePath } from './node-builtins.js';
import { walkPathFacts } from './facts.js';
import { goTrimSpace } from './container/go-strings.js';
import { queryRealDocker } from './real-docker-query.js';
import { notRegular } from './stable-file.js';

// The guard asks the daemon before some decisions, through the real docker with the caller's
// environment, so the question and the command reach the same endpoint by name. An endpoint the
// caller controls answers what the caller likes: red-team round 23 put a proxy of its own on
// DOCKER_HOST that erased an administrator's container's binds from the answer, and `start` of it
// went through. So a decision that rests on the daemon's answer is made only when the endpoint is
// one the caller cannot stand in for: the default socket, or a unix socket owned by root that no
// directory on its path lets the caller replace. Root is not asked (it needs no stand-in).
// docker's order (cli/command/cli.go resolveContextName): DOCKER_HOST, then DOCKER_CONTEXT, then
// config.json's currentContext. I/O: the edge, only for decisions that ask the daemon.

/** Global flags that pick the endpoint, or the configuration that does, or TLS (tcp by default). */
const ENDPOINT_FLAGS: ReadonlySet<string> = new Set(['host', 'context', 'config', 'tls', 'tlsverify']);

export function endpointProblem(env: Readonly<Record<string, string | undefined>>, globals: readonly { readonly name: string; readonly value: string }[]): string | undefined {
  // In a user namespace of the caller's (`unshare -r`) it is "root", and its own files show as
  // root's: neither the exemption nor the owner below means anything there.
  if (!inInitialUserNamespace()) return 'docker-guard runs in a user namespace, where who owns the socket, and who is root, cannot be told';
  if ((process.getuid?.() ?? -1) === 0) return undefined;
  // The flags come first in docker's order; a policy that allows them lets the caller pick any.
  const flag = globals.find((g) => ENDPOINT_FLAGS.has(g.name));
  if (flag !== undefined) return `the global flag --${flag.name} picks the endpoint or the configuration that does`;
  // With TLS on (any non-empty value: docker tests `!= ""`), docker's default endpoint is
  // tcp://localhost:2376, where anyone may listen (red-team round 26 did, with its own CA).
  for (const name of ['DOCKER_TLS', 'DOCKER_TLS_VERIFY'] as const) {
    const v = env[name] ?? '';
    if (v !== '') return `${name}=${v} makes docker use TLS, and without DOCKER_HOST its endpoint tcp://localhost:2376, where anyone may listen`;
  }
  const host = env.DOCKER_HOST ?? '';
  if (host !== '') return hostProblem(host);
  const context = env.DOCKER_CONTEXT ?? '';
  if (context !== '') return context === 'default' ? undefined : `DOCKER_CONTEXT=${context} picks the daemon through a context, whose endpoint docker-guard does not follow`;
  return configContextProblem(env);
}

function hostProblem(host: string, label = `DOCKER_HOST=${host}`): string | undefined {
  if (!host.startsWith('unix://')) return `${label} is not a local socket, so docker-guard cannot tell the daemon from a stand-in of the caller's`;
  const socket = host.slice('unix://'.length);
  // Only an absolute path is the file checked below: Go takes `@NAME` for an abstract socket,
  // which anyone may bind and no file stands for (red-team round 25's stand-in), a relative path
  // is looked up from docker's working directory, and docker trims what surrounds the value.
  if (!socket.startsWith('/') || host !== goTrimSpace(host)) return `${label} is not the absolute path of a socket file, so docker-guard cannot tell what docker would connect to`;
  let st: ReturnType<typeof import('node:fs').statSync>;
  try {
    st = nodeFs().statSync(socket);
  } catch (e) {
    return `${label}: the socket cannot be examined (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!st.isSocket() || st.uid !== 0) return `${label} is not a socket root owns, so it may be a stand-in of the caller's for the daemon`;
  const { writable } = walkPathFacts(socket);
  if (writable !== null) return `${label}: the caller can change ${writable} on the way to the socket, and so put a stand-in there`;
  return undefined;
}

/**
 * config.json's currentContext, unless empty or `default`. Read as Go reads it: the whole file as
 * JSON (a text scan was fooled by a `\u0022` in the value, red-team round 24), the key in any case,
 * each one counted; the directory as docker finds it (DOCKER_CONFIG, else the home directory, from
 * the user database when HOME is empty: round 24 unset HOME). Anything unreadable is a problem.
 */
export function configContextProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const dir = dockerConfigDir(env);
  if (dir === null) return 'docker-guard cannot tell where docker\'s configuration is (no HOME, no home directory in the user database), so not which context it picks';
  const file = nodePath().posix.join(dir, 'config.json');
  const fs = nodeFs();
  if (!fs.existsSync(file)) return undefined;
  // docker reads the file again when it runs: the project's test of a file read twice (a FIFO
  // would also hang this read, /dev/stdin reads differently), and a bound on its size.
  const unstable = notRegular(file, file);
  if (unstable !== undefined) return `${unstable}, so docker-guard cannot tell which context it picks`;
  let text: string;
  try {
    if (fs.statSync(file).size > 1024 * 1024) return `${file} is larger than docker-guard reads, so it cannot tell which context it picks`;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return `${file} cannot be read, so docker-guard cannot tell which context it picks`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `${file} is not JSON docker-guard can read, so it cannot tell which context it picks`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  for (const [key, value] of Object.entries(parsed)) {
    if (key.toLowerCase() !== 'currentcontext') continue;
    if (value === null || value === '' || value === 'default') continue;
    return `${file} picks the context ${JSON.stringify(value)}, whose endpoint docker-guard does not follow`;
  }
  return undefined;
}

/** Whether this process sees the initial user namespace's ids: /proc/self/uid_map maps all of them
 *  to themselves (`0 0 4294967295`). Unreadable counts as not. */
function inInitialUserNamespace(): boolean {
  try {
    const fields = nodeFs().readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/);
    return fields.length === 3 && fields[0] === '0' && fields[1] === '0' && fields[2] === '4294967295';
  } catch {
    return false;
  }
}

/**
 * The endpoint docker itself resolves, asked of the real docker (`context inspect` of the current
 * context, with the caller's environment and global flags): the checks above list the ways docker
 * picks one that rounds 23-26 used; this catches any other (docker's own order, variables added
 * later). It must be a unix socket that passes the same test as DOCKER_HOST. The guard's own
 * questions are then pinned to it (`verified`, as DOCKER_HOST): each docker process resolves the
 * endpoint anew from config.json, the caller's file, which round 27 swapped between this question
 * and the next. Root is not asked, and its questions are not pinned.
 */
export function resolveEndpoint(
  realDocker: string,
  dockerGlobals: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  callerIsRoot: boolean = (process.getuid?.() ?? -1) === 0 && inInitialUserNamespace(),
): { readonly verified?: string; readonly problem?: string } {
  if (callerIsRoot) return {};
  const r = queryRealDocker(realDocker, [...dockerGlobals, 'context', 'inspect', '--format', '{{json .Endpoints.docker}}'], cwd, env, { timeoutMs: 30_000, maxBuffer: 1024 * 1024 });
  if (r.error || r.status !== 0 || typeof r.stdout !== 'string') return { problem: 'docker cannot say which endpoint it would use (`docker context inspect` failed)' };
  let host: unknown;
  try {
    host = (JSON.parse(r.stdout.trim()) as { Host?: unknown }).Host;
  } catch {
    return { problem: 'docker\'s answer about the endpoint it would use is not JSON' };
  }
  if (typeof host !== 'string') return { problem: 'docker names no endpoint it would use' };
  const problem = hostProblem(host, `the endpoint docker would use, ${host},`);
  return problem === undefined ? { verified: host } : { problem };
}

/** The caller's environment with the guard's questions pinned to the verified endpoint: DOCKER_HOST
 *  comes before any context in docker's order, so config.json can no longer move them. */
export function pinnedEnvironment(env: Readonly<Record<string, string | undefined>>, verified: string | undefined): Readonly<Record<string, string | undefined>> {
  if (verified === undefined) return env;
  return { ...env, DOCKER_HOST: verified, DOCKER_CONTEXT: undefined };
}
