import { jsonLines, queryRealDocker } from './real-docker-query.js';
import type { NetworkFact } from './container/container-request.js';

// Asks the daemon whether networks exist under exactly these names, and for which compose project
// each was made, through the real docker with the caller's environment and global flags:
// `docker [globals] network inspect --format '{{json .}}' -- NAME…`. It prints one JSON object per
// network found and, for each name it does not find, "Error response from daemon: network NAME not
// found" (exit 1). The daemon also answers a name with the network whose id starts with it.
// compose takes a network whose name or whole id is the name (pkg/compose/create.go
// resolveOrCreateNetwork: `inspect.Name == n.Name || inspect.ID == n.Name`; red-team round 23 named
// an administrator's network by its id), so such an answer is that network; an answer to a shorter
// prefix means none has that name. A name in neither answer gets no fact, and the decision
// refuses. I/O: the edge.

const PROJECT_LABEL = 'com.docker.compose.project';

export function readNetworkFacts(
  realDocker: string,
  dockerGlobals: readonly string[],
  names: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, NetworkFact> {
  // No prototype: a network may be called `constructor`.
  const facts: Record<string, NetworkFact> = Object.create(null) as Record<string, NetworkFact>;
  // The client joins the name into the request path (path.Join): one with a `/` or that is `.` or
  // `..` would ask about something else, so it is not asked about and gets no fact (round 22).
  names = names.filter((n) => n !== '' && !n.includes('/') && n !== '.' && n !== '..');
  if (names.length === 0) return facts;
  const argv = [...dockerGlobals, 'network', 'inspect', '--format', '{{json .}}', '--', ...names];
  const r = queryRealDocker(realDocker, argv, cwd, env, { timeoutMs: 30_000, maxBuffer: 16 * 1024 * 1024 });
  if (r.error || typeof r.stdout !== 'string') return facts;
  const answers = jsonLines(r.stdout);
  if (answers === undefined) return facts; // not the answer asked for: trust none of it
  const ids: string[] = [];
  for (const v of answers) {
    const found = networkOf(v);
    // Each answer is a network of a name asked for, or one whose id starts with a name asked for.
    const asked = found !== undefined && (names.includes(found.name) || names.some((n) => found.id.startsWith(n)));
    if (!asked) return Object.create(null) as Record<string, NetworkFact>; // not the answer asked for: trust none of it
    ids.push(found.id);
    if (names.includes(found.name)) facts[found.name] = { exists: true, project: found.project };
    if (names.includes(found.id)) facts[found.id] = { exists: true, project: found.project };
  }
  // Whole lines only: a name could hold another's error text.
  const errors = new Set((r.stderr ?? '').split('\n').map((l) => l.trim()));
  for (const name of names) {
    if (facts[name] !== undefined) continue;
    const notFound = errors.has(`Error response from daemon: network ${name} not found`);
    const otherByIdPrefix = name !== '' && ids.some((id) => id.startsWith(name));
    if (notFound || otherByIdPrefix) facts[name] = { exists: false };
  }
  return facts;
}

function networkOf(v: unknown): { name: string; id: string; project: string } | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Name !== 'string' || typeof o.Id !== 'string') return undefined;
  const labels = o.Labels;
  if (labels !== null && labels !== undefined && (typeof labels !== 'object' || Array.isArray(labels))) return undefined;
  const project = labels ? (labels as Record<string, unknown>)[PROJECT_LABEL] : undefined;
  if (project !== undefined && typeof project !== 'string') return undefined;
  return { name: o.Name, id: o.Id, project: Object.prototype.hasOwnProperty.call(labels ?? {}, PROJECT_LABEL) ? (project as string) : '' };
}

/** The user-defined networks (not the daemon's own bridge, host and none): `system prune` removes
 *  those no container is attached to, and the caller may stop the containers of any first. (The
 *  `dangling` filter would not do: dockerd 20.10 lists a network a running container is on.) */
export function readUserNetworks(
  realDocker: string,
  dockerGlobals: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; names: string[] } | { ok: false; error: string } {
  const argv = [...dockerGlobals, 'network', 'ls', '--filter', 'type=custom', '--no-trunc', '--format', '{{json .Name}}'];
  const r = queryRealDocker(realDocker, argv, cwd, env, { timeoutMs: 30_000, maxBuffer: 16 * 1024 * 1024 });
  if (r.error || r.status !== 0 || typeof r.stdout !== 'string') return { ok: false, error: `docker network ls failed: ${(r.stderr ?? '').trim() || String(r.error ?? r.status)}` };
  const answers = jsonLines(r.stdout);
  const notNames = { ok: false as const, error: 'docker network ls printed something other than network names' };
  if (answers === undefined) return notNames;
  const names: string[] = [];
  for (const v of answers) {
    if (typeof v !== 'string') return notNames;
    names.push(v);
  }
  return { ok: true, names };
}
