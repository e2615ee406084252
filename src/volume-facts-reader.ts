import { jsonLines, queryRealDocker } from './real-docker-query.js';
import { isVolumeName } from './container/local-volume.js';
import type { VolumeFact } from './container/container-request.js';
import { inspectContainers } from './container-listing.js';
import { inspectedContainer, type InspectedContainer } from './container/inspected-container.js';

// Asks the daemon what the named volumes are, through the real docker with the caller's
// environment and global flags (so the same daemon the command will reach answers):
// `docker [globals] volume inspect --format '{{json .}}' NAME…`. It prints one JSON object per
// volume that exists and, for each one that does not, "Error response from daemon: get NAME: no
// such volume" (exit 1). A name that is in neither answer gets no fact, and the decision refuses.
// For the volumes that exist it also asks, when `users` says so, which containers mount them
// already (the filter volume=NAME, src/container-listing.ts): an answer that cannot be read leaves
// those volumes without a fact, refused too. Without `users` their usedBy is 'not asked'.
// I/O: the edge.

export function readVolumeFacts(
  realDocker: string,
  dockerGlobals: readonly string[],
  names: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  users: 'ask users' | 'not users',
): Record<string, VolumeFact> {
  // No prototype: a volume may be called `constructor` or `toString`.
  const facts: Record<string, VolumeFact> = Object.create(null) as Record<string, VolumeFact>;
  // The client builds the request path with path.Join, so a name with a `/` (or `.`, `..`) asks
  // about something else (`/` asks for the volume list, which answers too): such a name is not
  // asked about, and gets no fact (red-team round 22).
  names = names.filter(isVolumeName);
  if (names.length === 0) return facts;
  const argv = [...dockerGlobals, 'volume', 'inspect', '--format', '{{json .}}', '--', ...names];
  const r = queryRealDocker(realDocker, argv, cwd, env, { timeoutMs: 30_000, maxBuffer: 16 * 1024 * 1024 });
  if (r.error || typeof r.stdout !== 'string') return facts;
  const answers = jsonLines(r.stdout);
  if (answers === undefined) return facts;
  for (const v of answers) {
    const fact = volumeFact(v);
    // A volume is looked up by its exact name: an answer about another is not the answer asked for.
    if (fact === undefined || !names.includes(fact.name)) return Object.create(null) as Record<string, VolumeFact>;
    facts[fact.name] = fact.fact;
  }
  // Whole lines only: a name can hold another's error text (round 22: "get /: no such volume x").
  const errors = new Set((r.stderr ?? '').split('\n').map((l) => l.trim()));
  for (const name of names) {
    if (facts[name] === undefined && errors.has(`Error response from daemon: get ${name}: no such volume`)) facts[name] = { exists: false };
  }
  const existing = names.filter((n) => facts[n]?.exists === true);
  if (existing.length === 0) return facts;
  if (users === 'not users') {
    for (const name of existing) facts[name] = { ...facts[name]!, usedBy: 'not asked' } as VolumeFact;
    return facts;
  }
  const mounters = readVolumeUsers(realDocker, dockerGlobals, existing, cwd, env);
  for (const name of existing) {
    const fact = facts[name]!;
    if (mounters === undefined) delete facts[name];
    else if (fact.exists) facts[name] = { ...fact, usedBy: mounters.filter((c) => c.volumes.includes(name)) };
  }
  return facts;
}

/** The containers that mount any of these volumes, or undefined when the answer cannot be read. */
function readVolumeUsers(
  realDocker: string,
  dockerGlobals: readonly string[],
  names: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): InspectedContainer[] | undefined {
  const listed = inspectContainers(realDocker, dockerGlobals, names.map((n) => `volume=${n}`), cwd, env);
  if (!listed.ok) return undefined;
  const out: InspectedContainer[] = [];
  for (const v of listed.containers) {
    const c = inspectedContainer(v);
    if (typeof c === 'string') return undefined;
    out.push(c);
  }
  return out;
}

function volumeFact(v: unknown): { name: string; fact: VolumeFact } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Name !== 'string' || typeof o.Driver !== 'string') return undefined;
  const options = stringRecord(o.Options);
  const labels = stringRecord(o.Labels);
  if (options === undefined || labels === undefined) return undefined;
  return { name: o.Name, fact: { exists: true, driver: o.Driver, options, labels, usedBy: [] } };
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') return undefined;
    out[k] = x;
  }
  return out;
}
