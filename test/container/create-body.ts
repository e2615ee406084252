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
/** Sorted, each once: the CLI keeps -v specs in a set (a repeated `-v /a:/b` is one bind), the
 *  guard lists each as typed; a duplicate is checked twice, never missed. */
const distinct = <T>(xs: T[]): T[] => sorted([...new Map(xs.map((x) => [JSON.stringify(x), x])).values()]);

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
  let otherMounts = 0;
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
      const type = String(Object.entries(options).find(([k]) => k.toLowerCase() === 'type')?.[1] ?? '').trim().toLowerCase();
      const words = String(o ?? '').split(',').map((x) => x.trim().toLowerCase());
      const shared = words.some((x) => x === 'shared' || x === 'rshared');
      // The local driver runs mount(device, dir, type, o): a bind (o has bind/rbind, or type none)
      // makes the device a host path; a tmpfs names no host path; anything else mounts a host
      // device or file system, which the guard refuses (its request lists a problem).
      const bind = words.includes('bind') || words.includes('rbind') || type === 'none';
      const tmpfs = type === 'tmpfs' && devices.every(([, d]) => d === '' || d === 'tmpfs');
      if (bind) for (const [, device] of devices) hostPaths.push({ source: String(device), target, shared });
      else if (devices.length > 0 && !tmpfs) otherMounts++;
      // Named even with driver options: an existing volume of that name is used as it is.
      if (m['Source']) named.push({ name: String(m['Source']), target });
    }
  }
  const deviceRequests = list(hc['DeviceRequests']).map(obj);
  return {
    hostPaths: distinct(hostPaths),
    named: distinct(named),
    apiSocketMounts,
    otherLocalMounts: otherMounts > 0,
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
    logDriver: String(obj(hc['LogConfig'])['Type'] ?? ''),
    logOptions: obj(obj(hc['LogConfig'])['Config']),
    ioDevices: [...new Set(['BlkioWeightDevice', 'BlkioDeviceReadBps', 'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps', 'BlkioDeviceWriteIOps'].flatMap((k) => list(hc[k]).map((d) => String(obj(d)['Path']))))].sort(),
    tmpfs: obj(hc['Tmpfs']),
    volumeDrivers: [...new Set([String(hc['VolumeDriver'] ?? ''), ...list(hc['Mounts']).map((m) => String(obj(obj(obj(m)['VolumeOptions'])['DriverConfig'])['Name'] ?? ''))].filter((d) => d !== '' && d !== 'local'))].sort(), // local is built in, not a plugin
    // The label keys of the container and of the volumes it creates (reserved namespaces are refused).
    labelKeys: [...new Set([...Object.keys(obj(body['Labels'])), ...list(hc['Mounts']).flatMap((m) => Object.keys(obj(obj(obj(m)['VolumeOptions'])['Labels'])))])].sort(),
    annotationKeys: Object.keys(obj(hc['Annotations'])).sort(),
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
    hostPaths: distinct(req.hostPaths.map((m) => ({ source: m.source, target: m.target, shared: shared(m.options) }))),
    named: distinct(req.namedVolumes.map((v) => ({ name: v.name, target: v.target }))),
    apiSocketMounts: req.useApiSocket ? 1 : 0,
    otherLocalMounts: (req.problems ?? []).length > 0,
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
    logDriver: req.logDriver ?? '',
    // A map on the wire: a repeated key keeps its last value.
    logOptions: Object.fromEntries((req.logOptions ?? []).map((o) => (o.includes('=') ? [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)] : [o, '']))),
    ioDevices: [...new Set(req.ioDevices ?? [])].sort(),
    // `/path[:options]`, a map on the wire keyed by the path.
    tmpfs: Object.fromEntries((req.tmpfs ?? []).map((t) => (t.includes(':') ? [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)] : [t, '']))),
    volumeDrivers: [...new Set(req.volumeDrivers ?? [])].sort(),
    labelKeys: [...new Set((req.labels ?? []).map((l) => l.split('=')[0]!))].sort(),
    annotationKeys: [...new Set((req.annotations ?? []).map((a) => a.split('=')[0]!))].sort(),
  };
}
