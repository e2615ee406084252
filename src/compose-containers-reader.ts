import { queryRealDocker } from './real-docker-query.js';
import type { ProjectContainersFact, ProjectContainer } from './policy/decision.js';

// Asks the daemon which containers a compose project already has, and what each mounts: compose
// carries a replaced container's mounts over into the container that replaces it (see
// composeInherits in compose/compose-capabilities.ts). Through the real docker with the caller's
// environment and global flags, so the daemon the command will reach answers:
//   docker [globals] container ls -a -q --no-trunc --filter label=com.docker.compose.project=NAME
//   docker [globals] container inspect --format '{{json .}}' ID…
// I/O: the edge.

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

export function readProjectContainers(
  realDocker: string,
  dockerGlobals: readonly string[],
  project: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): ProjectContainersFact {
  const options = { timeoutMs: 30_000, maxBuffer: 64 * 1024 * 1024 };
  const listed = queryRealDocker(realDocker, [...dockerGlobals, 'container', 'ls', '-a', '-q', '--no-trunc', '--filter', `label=${PROJECT_LABEL}=${project}`], cwd, env, options);
  if (listed.error || listed.status !== 0 || typeof listed.stdout !== 'string') {
    return { ok: false, error: `listing the containers of project ${JSON.stringify(project)} failed: ${firstLine(listed.stderr) || String(listed.error ?? `exit ${listed.status}`)}` };
  }
  const ids = listed.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (ids.some((id) => !/^[0-9a-f]{64}$/.test(id))) return { ok: false, error: 'the container list is not a list of container ids' };
  if (ids.length === 0) return { ok: true, project, containers: [] };
  const inspected = queryRealDocker(realDocker, [...dockerGlobals, 'container', 'inspect', '--format', '{{json .}}', '--', ...ids], cwd, env, options);
  if (inspected.error || inspected.status !== 0 || typeof inspected.stdout !== 'string') {
    // A container removed between the two questions fails the whole answer: ask again later.
    return { ok: false, error: `inspecting the containers of project ${JSON.stringify(project)} failed: ${firstLine(inspected.stderr) || String(inspected.error ?? `exit ${inspected.status}`)}` };
  }
  const containers: ProjectContainer[] = [];
  for (const line of inspected.stdout.split('\n')) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return { ok: false, error: 'the daemon\'s answer about the project\'s containers is not JSON' };
    }
    const c = containerOf(v, project);
    if (typeof c === 'string') return { ok: false, error: c };
    containers.push(c);
  }
  if (containers.length !== ids.length) return { ok: false, error: `asked about ${ids.length} containers, the daemon described ${containers.length}` };
  return { ok: true, project, containers };
}

function containerOf(v: unknown, project: string): ProjectContainer | string {
  if (!isRecord(v) || typeof v.Name !== 'string' || !isRecord(v.Config) || !Array.isArray(v.Mounts)) return 'a container description without Name, Config or Mounts';
  const labels = isRecord(v.Config.Labels) ? v.Config.Labels : {};
  // The filter asked for exactly this project; anything else is not the answer asked for.
  if (labels[PROJECT_LABEL] !== project) return `container ${v.Name} does not carry the label ${PROJECT_LABEL}=${project}`;
  const mounts: ProjectContainer['mounts'][number][] = [];
  for (const m of v.Mounts) {
    if (!isRecord(m) || typeof m.Type !== 'string' || typeof m.Destination !== 'string' || typeof m.RW !== 'boolean') return `container ${v.Name} has a mount without Type, Destination or RW`;
    const source = m.Type === 'volume' ? m.Name : m.Source;
    if (typeof source !== 'string') return `container ${v.Name} has a ${m.Type} mount without its ${m.Type === 'volume' ? 'Name' : 'Source'}`;
    mounts.push({ type: m.Type, source, destination: m.Destination, rw: m.RW });
  }
  const service = labels[SERVICE_LABEL];
  return { name: v.Name.replace(/^\//, ''), service: typeof service === 'string' ? service : '', mounts };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(s: string | null | undefined): string {
  return (s ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}
