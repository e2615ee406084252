// What the real docker 28.2.2 CLI puts into POST /containers/create for an argv, and the same view
// computed from parseRunArgs' request: the host-power fields the container checks read. Used by
// create-body.differential.test.ts (a hand-made table) and random-create-body.differential.test.ts.
// /usr/bin/docker on this machine is a 20.10 client: only /usr/local/bin/docker is 28.2.2.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerRequest } from '../../src/container/container-request.js';
import type { Recorder } from '../support/recorder.js';

export const DOCKER = '/usr/local/bin/docker';

export interface Outcome {
  readonly code: number;
  readonly stderr: string;
  readonly body: Record<string, unknown> | undefined;
}

/** Runs `docker run|create ARGV` in `work` against the recorder; the create body, if one was sent. */
export async function dockerCreate(recorder: Recorder, work: string, mode: 'run' | 'create', argv: readonly string[]): Promise<Outcome> {
  recorder.clear();
  const config = mkdtempSync(join(tmpdir(), 'dg-cfg-'));
  try {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        DOCKER,
        [mode, ...argv],
        {
          cwd: work,
          timeout: 30_000,
          env: { PATH: '/usr/bin:/bin', HOME: config, DOCKER_CONFIG: config, DOCKER_HOST: recorder.host },
        },
        (error, _stdout, stderr) => {
          const c = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code: c, stderr: String(stderr) });
        },
      );
    });
    const create = recorder.requests.find((r) => r.method === 'POST' && r.path === '/containers/create');
    return { code, stderr, body: create?.body as Record<string, unknown> | undefined };
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

export type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const sorted = <T>(xs: T[]): T[] => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** What the body asks for, in the terms parseRunArgs reports. */
export function fromBody(body: Json, apiSocket: string) {
  const hc = obj(body['HostConfig']);
  const hostPaths: { source: string; target: string; shared: boolean }[] = [];
  const named: { name: string; target: string }[] = [];
  for (const bind of list(hc['Binds']) as string[]) {
    // The daemon's reading (moby linux_parser ParseMountRaw): SplitN(":", 4), absolute = host path.
    const [source = '', target = '', mode = ''] = bind.split(':');
    const shared = mode.split(',').some((o) => o === 'shared' || o === 'rshared');
    if (source.startsWith('/')) hostPaths.push({ source, target, shared });
    else named.push({ name: source, target });
  }
  let apiSocketMounts = 0;
  for (const m of list(hc['Mounts']).map(obj)) {
    const target = String(m['Target'] ?? '');
    if (m['Type'] === 'bind') {
      if (m['Source'] === apiSocket && target === '/var/run/docker.sock') {
        apiSocketMounts++;
        continue;
      }
      const prop = String(obj(m['BindOptions'])['Propagation'] ?? '');
      hostPaths.push({ source: String(m['Source']), target, shared: prop === 'shared' || prop === 'rshared' });
    } else if (m['Type'] === 'volume') {
      const options = obj(obj(obj(m['VolumeOptions'])['DriverConfig'])['Options']);
      const devices = Object.entries(options).filter(([k]) => k.toLowerCase() === 'device');
      const o = Object.entries(options).find(([k]) => k.toLowerCase() === 'o')?.[1];
      const shared = String(o ?? '').split(',').some((x) => x === 'shared' || x === 'rshared');
      for (const [, device] of devices) hostPaths.push({ source: String(device), target, shared });
      // Named even with driver options: an existing volume of that name is used as it is.
      if (m['Source']) named.push({ name: String(m['Source']), target });
    }
  }
  const deviceRequests = list(hc['DeviceRequests']).map(obj);
  return {
    hostPaths: sorted(hostPaths),
    named: sorted(named),
    apiSocketMounts,
    privileged: hc['Privileged'] === true,
    capAdd: list(hc['CapAdd']),
    devices: list(hc['Devices']).map((d) => String(obj(d)['PathOnHost'])),
    cdiDevices: deviceRequests.filter((r) => r['Driver'] === 'cdi').flatMap((r) => list(r['DeviceIDs'])),
    gpuRequests: deviceRequests.filter((r) => r['Driver'] !== 'cdi').length,
    deviceCgroupRules: list(hc['DeviceCgroupRules']),
    securityOpt: list(hc['SecurityOpt']),
    systemPathsUnmasked: Array.isArray(hc['MaskedPaths']) && list(hc['MaskedPaths']).length === 0 && Array.isArray(hc['ReadonlyPaths']) && list(hc['ReadonlyPaths']).length === 0,
    namespaces: {
      pid: hc['PidMode'] ?? '',
      ipc: hc['IpcMode'] ?? '',
      uts: hc['UTSMode'] ?? '',
      userns: hc['UsernsMode'] ?? '',
      cgroupns: hc['CgroupnsMode'] ?? '',
      network: hc['NetworkMode'] ?? '',
    },
    endpoints: Object.keys(obj(obj(body['NetworkingConfig'])['EndpointsConfig'])).sort(),
    volumesFrom: list(hc['VolumesFrom']),
    cgroupParent: hc['CgroupParent'] ?? '',
    runtime: hc['Runtime'] ?? '',
    sysctls: obj(hc['Sysctls']),
    // Whether any port is published (what publishPorts checks): a repeated -p is one key.
    publishes: Object.keys(obj(hc['PortBindings'])).length > 0,
    publishAll: hc['PublishAllPorts'] === true,
    image: body['Image'],
    cmd: list(obj(body)['Cmd']),
  };
}

const CDI = /^[a-z0-9.-]+\/[a-zA-Z0-9._-]+=[a-zA-Z0-9._:-]+$/;

/** The same view computed from parseRunArgs' request (plus what the CLI does client-side). */
export function fromRequest(req: ContainerRequest) {
  const shared = (o: readonly string[]) => o.some((x) => x === 'shared' || x === 'rshared');
  const securityOpt = req.securityOpt
    .filter((o) => o !== 'systempaths=unconfined')
    .map((o) => {
      // The CLI reads a seccomp profile file and sends its compacted JSON (opts.go parseSecurityOpts).
      const m = /^seccomp[=:](.*)$/.exec(o);
      if (!m || m[1] === 'builtin' || m[1] === 'unconfined') return o;
      return `seccomp=${JSON.stringify(JSON.parse(readFileSync(m[1]!, 'utf8')))}`;
    });
  const networks = req.networks ?? [];
  return {
    hostPaths: sorted(req.hostPaths.map((m) => ({ source: m.source, target: m.target, shared: shared(m.options) }))),
    named: sorted(req.namedVolumes.map((v) => ({ name: v.name, target: v.target }))),
    apiSocketMounts: req.useApiSocket ? 1 : 0,
    privileged: req.privileged,
    // The client library upper-cases, adds CAP_ (except ALL), dedupes and sorts
    // (vendor/github.com/docker/docker/client/container_create.go normalizeCapabilities).
    capAdd: [...new Set(req.capAdd.map((c) => c.toUpperCase()).map((c) => (c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`)))].sort(),
    devices: req.devices.filter((d) => !CDI.test(d)).map((d) => d.split(':')[0]!),
    cdiDevices: req.devices.filter((d) => CDI.test(d)),
    gpuRequests: req.gpus.length,
    deviceCgroupRules: [...req.deviceCgroupRules],
    securityOpt,
    systemPathsUnmasked: req.securityOpt.includes('systempaths=unconfined'),
    namespaces: {
      pid: req.namespaces.pid ?? '',
      ipc: req.namespaces.ipc ?? '',
      uts: req.namespaces.uts ?? '',
      userns: req.namespaces.userns ?? '',
      cgroupns: req.namespaces.cgroupns ?? '',
      network: req.namespaces.network ?? 'default',
    },
    // No --network: the endpoint `default`; one --network without options: no endpoint entry.
    endpoints: networks.length === 0 ? ['default'] : networks.length > 1 ? [...new Set(networks)].sort() : [],
    volumesFrom: [...req.volumesFrom],
    cgroupParent: req.cgroupParent ?? '',
    runtime: req.runtime ?? '',
    sysctls: Object.fromEntries(req.sysctls.map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)])),
    publishes: req.publish.length > 0,
    publishAll: req.publishAll,
    image: req.image,
    cmd: [...(req.command ?? [])],
  };
}
