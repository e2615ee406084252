import { inspectContainers } from './container-listing.js';
import { inspectedContainer } from './container/inspected-container.js';
import type { ProjectContainersFact, ProjectContainer } from './policy/decision.js';

// Asks the daemon which containers a compose project already has (the label
// com.docker.compose.project=NAME, src/container-listing.ts), and what each mounts: compose
// carries a replaced container's mounts over into the container that replaces it (see
// composeInherits in compose/compose-capabilities.ts). I/O: the edge.

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

export function readProjectContainers(
  realDocker: string,
  dockerGlobals: readonly string[],
  project: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): ProjectContainersFact {
  const listed = inspectContainers(realDocker, dockerGlobals, [`label=${PROJECT_LABEL}=${project}`], cwd, env);
  if (!listed.ok) return { ok: false, error: `project ${JSON.stringify(project)}: ${listed.error}` };
  const containers: ProjectContainer[] = [];
  for (const v of listed.containers) {
    const c = containerOf(v, project);
    if (typeof c === 'string') return { ok: false, error: c };
    containers.push(c);
  }
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
  const inspected = inspectedContainer(v);
  if (typeof inspected === 'string') return inspected;
  return { name: v.Name.replace(/^\//, ''), service: typeof service === 'string' ? service : '', mounts, inspected };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
