import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRequest } from '../../src/container/container-request.js';
import { parseRunArgs } from '../../src/container/run-args.js';
import { startRecorder, type Recorder } from '../support/recorder.js';

// Differential test: the real docker 28.2.2 CLI builds the POST /containers/create body from an
// argv; parseRunArgs must find exactly the host-power fields that body contains. The CLI talks to
// a recording endpoint (test/support/recorder.ts) that answers /_ping and the create call.
// /usr/bin/docker on this machine is a 20.10 client: only /usr/local/bin/docker is 28.2.2.

const DOCKER = '/usr/local/bin/docker';

let recorder: Recorder;
let work: string; // the working directory of each docker run (for `.`-relative sources)
let seccompFile: string;

interface Outcome {
  readonly code: number;
  readonly stderr: string;
  readonly body: Record<string, unknown> | undefined;
}

async function dockerCreate(mode: 'run' | 'create', argv: readonly string[]): Promise<Outcome> {
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

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const sorted = <T>(xs: T[]): T[] => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** What the body asks for, in the terms parseRunArgs reports. */
function fromBody(body: Json, apiSocket: string) {
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
    portBindings: Object.keys(obj(hc['PortBindings'])).length,
    publishAll: hc['PublishAllPorts'] === true,
    image: body['Image'],
    cmd: list(obj(body)['Cmd']),
  };
}

const CDI = /^[a-z0-9.-]+\/[a-zA-Z0-9._-]+=[a-zA-Z0-9._:-]+$/;

/** The same view computed from parseRunArgs' request (plus what the CLI does client-side). */
function fromRequest(req: ContainerRequest) {
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
    portBindings: req.publish.length,
    publishAll: req.publishAll,
    image: req.image,
    cmd: [...(req.command ?? [])],
  };
}

// [mode, argv]. `@SECCOMP` is replaced by a seccomp profile file.
type Row = readonly ['run' | 'create', readonly string[]];
const r = (line: string, mode: 'run' | 'create' = 'create'): Row => [mode, line.split(' ').filter((t) => t !== '')];

const ACCEPTED: readonly Row[] = [
  // -v/--volume (grammar #77, #78, 7.3)
  r('-v /:/host img'),
  r('-v=/:/h img'),
  r('-tv=/:/h img'),
  r('--volume=/:/h img'),
  r('-v/:/h img'),
  r('-dv /:/h img', 'run'),
  r('-dtv/:/h img', 'run'),
  r('-v .:/h img'),
  r('-v ..:/h img'),
  r('-v .hidden:/h img'),
  r('-v ./sub/../x:/h:ro img'),
  r('-v ~/x:/h img'),
  r('-v data:/data:ro,nocopy img'),
  r('-v /anon img'),
  r('-v c:/x:/h img'),
  r('-v /a:/b,/c:/d img'),
  r('-v /srv:/s:ro,rshared -v /opt:/o:shared,z img'),
  // --mount (grammar #79, #80, 7.4)
  r('--mount type=bind,src=/,dst=/h img'),
  r('--mount TYPE=BIND,SRC=/,DST=/h img'),
  r('--mount dst=/h,type=bind,src=/ img'),
  r('--mount type=volume,src=v,dst=/h,type=bind,src=/ img'),
  ['create', ['--mount', 'type=bind,"src=/a,b",dst=/h', 'img']],
  r('--mount type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img'),
  ['create', ['--mount', 'type=volume,dst=/h,"volume-opt=o=bind,rshared",volume-opt=device=/srv', 'img']],
  r('--mount type=bind,src=.,dst=/h img'),
  r('--mount=type=bind,src=..,dst=/h img'),
  r('--mount src=v,dst=/h img'),
  r('--mount type=tmpfs,dst=/t --tmpfs /run img'),
  r('--mount type=bind,src=/x,dst=/h,bind-propagation=RSHARED img'),
  ['create', ['--mount', 'type=volume,dst=/x\ntype=bind,src=/,dst=/h', 'img']],
  ['create', ['--mount', '\ntype=bind,src=/,dst=/h', 'img']],
  // privileged and value-taking (grammar #72-#76)
  r('--privileged img'),
  r('--privileged false img'),
  r('--privileged=false img'),
  r('--privileged=T img sh'),
  r('--name --privileged img'),
  r('img --privileged'),
  r('-- img --privileged'),
  r('-h --privileged img'),
  r('-c 512 -l --privileged img'),
  r('-d --privileged img', 'run'),
  // capabilities, devices (grammar #82)
  r('--cap-add=SYS_ADMIN,NET_ADMIN img'),
  r('--cap-add sys_admin --cap-add ALL --cap-drop NET_RAW img'),
  r('--device /dev/sda img'),
  r('--device=/dev/mem:/dev/mem:rwm img'),
  r('--device vendor.com/class=x img'),
  ['create', ['--device-cgroup-rule', 'a *:* rwm', 'img']],
  r('--gpus all img'),
  // security options (grammar #83)
  r('--security-opt seccomp:unconfined img'),
  r('--security-opt apparmor=unconfined --security-opt label=disable --security-opt label:disable img'),
  r('--security-opt systempaths=unconfined img'),
  r('--security-opt no-new-privileges=false --security-opt no-new-privileges img'),
  r('--security-opt seccomp=@SECCOMP img'),
  // namespaces (grammar #81, #95)
  r('--network name=host img'),
  r('--network NAME=HOST img'),
  r('--net host img'),
  r('--net=host img'),
  r('--network=name=container:abc img'),
  r('--network container:abc img'),
  r('--network ns:/proc/1/ns/net img'),
  r('--network none img'),
  r('--network a --net b img'),
  ['create', ['--network', 'name=host\u0085', 'img']],
  ['create', ['--network', 'name=contaİner:abc', 'img']],
  r('--pid=host --ipc host --uts host --userns host --cgroupns host img'),
  r('--pid container:x --ipc container:y img'),
  // the rest
  r('--volumes-from other:ro --volumes-from third img'),
  r('--cgroup-parent=/ img'),
  r('--runtime runsc img'),
  r('--sysctl net.ipv4.ip_forward=1 --sysctl kernel.shmmax=1 img'),
  r('-p 0.0.0.0:2375:2375 -p [::1]:22:22 img'),
  r('-P --expose 80 img'),
  r('--use-api-socket img'),
  r('--use-api-socket=false img'),
  r('--rm -it --name x -e A=B -w /w --read-only img sh -c true'),
];

// The CLI creates nothing: parseRunArgs must report an error (or a true --help).
const REJECTED: readonly Row[] = [
  r('--privileged=yes img'),
  r('-d img'),
  r('--detach-keys x img'),
  r('--bogus img'),
  r('-x img'),
  r('--privileged'),
  r('--name'),
  r('--help'),
  r('--privileged -v /:/h --help img'),
  r('-v /a::/b img'),
  r('-v /a:/b:ro:x img'),
  r('--mount type=bind,src=/ img'),
  r('--mount type=bind,src=/,dst=/h,bogus=1 img'),
  ['create', ['--mount', 'type=bind,src="/",dst=/h', 'img']],
  r('--mount type=volume,src=v,dst=/h,bind-propagation=rshared img'),
  r('--network name=host,bogus=1 img'),
];

const substitute = (argv: readonly string[]) => argv.map((a) => a.replace('@SECCOMP', seccompFile));

describe.skipIf(!existsSync(DOCKER))('POST /containers/create body of docker 28.2.2 vs parseRunArgs', () => {
  beforeAll(async () => {
    recorder = await startRecorder();
    work = realpathSync(mkdtempSync(join(tmpdir(), 'dg-work-')));
    mkdirSync(join(work, 'sub'));
    seccompFile = join(work, 'allow-all.json');
    writeFileSync(seccompFile, '{ "defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": [] }\n');
  });
  afterAll(async () => {
    await recorder?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the tables are large enough', () => {
    expect(ACCEPTED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ACCEPTED)('docker %s %j', async (mode, rawArgv) => {
    const argv = substitute(rawArgv);
    const out = await dockerCreate(mode, argv);
    expect(out.body, `no create request; docker said: ${out.stderr}`).toBeDefined();
    const parsed = parseRunArgs(argv, work, mode);
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    if (!parsed.ok || !out.body) return;
    expect(fromRequest(parsed.request)).toEqual(fromBody(out.body, recorder.socketPath));
  });

  it.each(REJECTED)('docker %s %j creates nothing', async (mode, rawArgv) => {
    const argv = substitute(rawArgv);
    const out = await dockerCreate(mode, argv);
    expect(out.body).toBeUndefined();
    const parsed = parseRunArgs(argv, work, mode);
    expect(!parsed.ok || parsed.request.help === true).toBe(true);
  });
});
