import { allRaws, allValues, boolValue, lastRaw, lastValue, parseFlags } from '../docker/pflag.js';
import { joinsNamedNetwork, type ContainerRequest, type HostPathMount, type NamedVolumeMount } from './container-request.js';
import { parseMountSpec } from './mount-spec.js';
import { endpointSysctls, ENDPOINT_SYSCTLS, parseNetworkSpec } from './network-spec.js';
import { runFlagTable } from './run-flags.js';
import { parseVolumeSpec } from './volume-spec.js';

// `docker run` / `docker create` argv (the tokens after the command word) -> ContainerRequest, as
// docker/cli v28.2.2 builds the POST /containers/create body (cli/command/container/run.go,
// create.go, opts.go parse). Flag parsing stops at the image (SetInterspersed(false)): everything
// after it is the container's command, never docker flags.

export type RunArgsResult = { readonly ok: true; readonly request: ContainerRequest } | { readonly ok: false; readonly error: string };

type Namespace = 'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns' | 'network';

/** Flags that name a host device for I/O throttling or weighting. */
const IO_DEVICE_FLAGS: ReadonlySet<string> = new Set(['device-read-bps', 'device-write-bps', 'device-read-iops', 'device-write-iops', 'blkio-weight-device']);

export function parseRunArgs(args: readonly string[], cwd: string, mode: 'run' | 'create'): RunArgsResult {
  // The facts (host paths to resolve) and the decision both read the same argv: parse it once.
  if (last && last.args === args && last.cwd === cwd && last.mode === mode) return last.result;
  const result = parseRunArgsOnce(args, cwd, mode);
  last = { args, cwd, mode, result };
  return result;
}

let last: { args: readonly string[]; cwd: string; mode: 'run' | 'create'; result: RunArgsResult } | undefined;

function parseRunArgsOnce(args: readonly string[], cwd: string, mode: 'run' | 'create'): RunArgsResult {
  const parsed = parseFlags(args, runFlagTable(mode), { interspersed: false });
  if (!parsed.ok) return parsed;
  const flags = parsed.flags;
  const help = boolValue(flags, 'help');
  // cobra returns flag.ErrHelp before it checks RequiresMinArgs(1).
  if (!help && parsed.positionals.length === 0) return { ok: false, error: `"docker ${mode}" requires at least 1 argument.` };

  const hostPaths: HostPathMount[] = [];
  const namedVolumes: NamedVolumeMount[] = [];
  const problems: { rule: string; reason: string }[] = [];
  const volumeDrivers: string[] = [];
  const volumeDriverRaws: string[] = [];
  const volumeLabels: string[] = [];
  const volumeLabelRaws: string[] = [];
  for (const f of flags) {
    if (f.spec.long === 'volume') {
      const r = parseVolumeSpec(f.value, cwd);
      if (!r.ok) return { ok: false, error: `${f.raw}: ${r.error}` };
      const vol = r.volume;
      if (vol.kind === 'bind') hostPaths.push({ source: vol.source, target: vol.target, options: vol.options, origin: f.raw });
      else if (vol.kind === 'named') namedVolumes.push({ name: vol.source, target: vol.target, origin: f.raw });
    } else if (f.spec.long === 'mount') {
      const r = parseMountSpec(f.value, cwd);
      if (!r.ok) return { ok: false, error: `${f.raw}: ${r.error}` };
      const m = r.mount;
      if (m.volumeProblem) problems.push({ rule: m.volumeProblem.rule, reason: `${f.raw} sets local volume options that ${m.volumeProblem.why}: not allowed` });
      if (m.volumeDriver !== undefined && m.volumeDriver !== '' && m.volumeDriver !== 'local') {
        volumeDrivers.push(m.volumeDriver);
        volumeDriverRaws.push(f.raw);
      }
      for (const source of m.hostPaths) hostPaths.push({ source, target: m.target, options: m.hostPathOptions, origin: f.raw });
      for (const label of m.volumeLabels) {
        volumeLabels.push(label);
        volumeLabelRaws.push(f.raw);
      }
      // With options too: a volume that exists already is used as it is, its options ignored.
      if (m.type === 'volume' && m.source !== '') {
        namedVolumes.push({ name: m.source, target: m.target, origin: f.raw });
      }
    }
  }

  // --network and --net are two flags bound to one NetworkOpt: every value, in argv order.
  // Loops rather than filter/map here: `run` is a common call (pflag.ts findLong says why).
  const networks: string[] = [];
  const networkRaws: string[] = [];
  // An endpoint's `com.docker.network.endpoint.sysctls` driver option sets sysctls as --sysctl does.
  const endpointSysctlValues: string[] = [];
  const endpointSysctlRaws: string[] = [];
  for (const f of flags) {
    if (f.spec.long !== 'network' && f.spec.long !== 'net') continue;
    const r = parseNetworkSpec(f.value);
    if (!r.ok) return { ok: false, error: `${f.raw}: ${r.error}` };
    networks.push(r.target);
    networkRaws.push(f.raw);
    for (const s of endpointSysctls(r.driverOpts ?? [])) {
      endpointSysctlValues.push(s);
      endpointSysctlRaws.push(`${f.raw} (driver-opt ${ENDPOINT_SYSCTLS}=${s})`);
    }
  }

  const namespaces: Partial<Record<Namespace, string>> = {};
  const origins: Record<string, string[]> = {};
  for (const ns of ['pid', 'ipc', 'uts', 'userns', 'cgroupns'] as const) {
    const value = lastValue(flags, ns);
    if (value !== undefined && value !== '') {
      namespaces[ns] = value;
      origins[ns] = [lastRaw(flags, ns)!];
    }
  }
  if (networks.length > 0) {
    namespaces.network = networks[0]!;
    origins['networks'] = networkRaws;
  }
  const existingNetworks: string[] = [];
  for (const n of networks) if (joinsNamedNetwork(n)) existingNetworks.push(n);

  const listOrigins = (field: string, long: string): string[] => {
    const raws = allRaws(flags, long);
    if (raws.length > 0) origins[field] = raws;
    return allValues(flags, long);
  };
  const scalarOrigin = (field: string, long: string): string | undefined => {
    const value = lastValue(flags, long);
    if (value === undefined || value === '') return undefined;
    origins[field] = [lastRaw(flags, long)!];
    return value;
  };
  const boolOrigin = (field: string, long: string): boolean => {
    const value = boolValue(flags, long);
    if (value) origins[field] = [lastRaw(flags, long)!];
    return value;
  };

  const privileged = boolOrigin('privileged', 'privileged');
  const capAdd = listOrigins('capAdd', 'cap-add');
  const devices = listOrigins('devices', 'device');
  const deviceCgroupRules = listOrigins('deviceCgroupRules', 'device-cgroup-rule');
  const gpus = listOrigins('gpus', 'gpus');
  const securityOpt = listOrigins('securityOpt', 'security-opt');
  const volumesFrom = listOrigins('volumesFrom', 'volumes-from');
  const sysctls = listOrigins('sysctls', 'sysctl');
  if (endpointSysctlValues.length > 0) origins['endpointSysctls'] = endpointSysctlRaws;
  const publish = listOrigins('publish', 'publish');
  const cgroupParent = scalarOrigin('cgroupParent', 'cgroup-parent');
  const runtime = scalarOrigin('runtime', 'runtime');
  const useApiSocket = boolOrigin('useApiSocket', 'use-api-socket');
  const publishAll = boolOrigin('publishAll', 'publish-all');
  const logDriver = scalarOrigin('logDriver', 'log-driver');
  const logOptions = listOrigins('logOptions', 'log-opt');
  const tmpfs = listOrigins('tmpfs', 'tmpfs');
  const annotations = listOrigins('annotations', 'annotation');
  const labels = [...listOrigins('labels', 'label'), ...volumeLabels];
  if (volumeLabels.length > 0) origins['labels'] = [...(origins['labels'] ?? []), ...volumeLabelRaws];
  const labelFiles = listOrigins('labelFiles', 'label-file');
  const ioDevices: string[] = [];
  const ioDeviceRaws: string[] = [];
  for (const f of flags) {
    if (!IO_DEVICE_FLAGS.has(f.spec.long)) continue;
    // DEVICE:RATE / DEVICE:WEIGHT, cut at the first colon (opts/throttledevice.go, weightdevice.go).
    const colon = f.value.indexOf(':');
    ioDevices.push(colon < 0 ? f.value : f.value.slice(0, colon));
    ioDeviceRaws.push(f.raw);
  }
  if (ioDevices.length > 0) origins['ioDevices'] = ioDeviceRaws;
  const trustFlag = lastValue(flags, 'disable-content-trust');
  const pull = lastValue(flags, 'pull');
  const platform = lastValue(flags, 'platform');
  const volumeDriver = scalarOrigin('volumeDriver', 'volume-driver');
  if (volumeDriver !== undefined && volumeDriver !== 'local') {
    volumeDrivers.unshift(volumeDriver);
    volumeDriverRaws.unshift(origins['volumeDriver']![0]!);
  }
  if (volumeDrivers.length > 0) origins['volumeDrivers'] = volumeDriverRaws;

  const request: ContainerRequest = {
    hostPaths,
    namedVolumes,
    privileged,
    capAdd,
    devices,
    deviceCgroupRules,
    gpus,
    securityOpt,
    namespaces,
    volumesFrom,
    ...(cgroupParent !== undefined ? { cgroupParent } : {}),
    ...(runtime !== undefined ? { runtime } : {}),
    sysctls,
    useApiSocket,
    publish,
    publishAll,
    ...(parsed.positionals.length > 0 ? { image: parsed.positionals[0]!, command: parsed.positionals.slice(1) } : {}),
    networks,
    ...(existingNetworks.length > 0 ? { existingNetworks } : {}),
    ...(endpointSysctlValues.length > 0 ? { endpointSysctls: endpointSysctlValues } : {}),
    ...(logDriver !== undefined ? { logDriver } : {}),
    logOptions,
    ioDevices,
    tmpfs,
    volumeDrivers,
    ...(annotations.length > 0 ? { annotations } : {}),
    ...(labels.length > 0 ? { labels } : {}),
    ...(labelFiles.length > 0 ? { labelFiles } : {}),
    problems,
    ...(trustFlag === undefined ? {} : { disableContentTrust: boolValue(flags, 'disable-content-trust') }),
    ...(pull === undefined ? {} : { pull: pull.toLowerCase() }),
    ...(platform === undefined || platform === '' ? {} : { platform }),
    help,
    origins,
  };
  return { ok: true, request };
}
