import { emptyRequest, type ContainerRequest, type HostPathMount } from './container-request.js';

// An existing container, as `docker container inspect` describes it, turned into the request that
// would have made it: the container rules can then say whether the policy would let the caller
// create it. Only what gives a container power over the host is read: host binds, privileged,
// capabilities, devices, device rules, GPUs, security options, namespaces, volumes-from, cgroup
// parent, sysctls. (The runtime and the cgroup namespace are left out: docker records its own
// defaults there on every container. Ports, logging and resources give no host access.) Pure.

export interface InspectedContainer {
  /** Its name, without the leading `/`. */
  readonly name: string;
  /** The names of the volumes it mounts. */
  readonly volumes: readonly string[];
  readonly request: ContainerRequest;
}

/** The container, or why the description is not one docker-guard can read. */
export function inspectedContainer(v: unknown): InspectedContainer | string {
  if (!isRecord(v) || typeof v.Name !== 'string' || !isRecord(v.HostConfig) || !Array.isArray(v.Mounts)) return 'a container description without Name, HostConfig or Mounts';
  const name = v.Name.replace(/^\//, '');
  const h = v.HostConfig;
  const hostPaths: HostPathMount[] = [];
  const volumes: string[] = [];
  for (const m of v.Mounts) {
    if (!isRecord(m) || typeof m.Type !== 'string' || typeof m.Destination !== 'string') return `container ${name} has a mount without Type or Destination`;
    if (m.Type === 'bind') {
      if (typeof m.Source !== 'string') return `container ${name} has a bind mount without Source`;
      const propagation = typeof m.Propagation === 'string' && m.Propagation !== '' && m.Propagation !== 'rprivate' ? [m.Propagation.toLowerCase()] : [];
      hostPaths.push({ source: m.Source, target: m.Destination, options: [...(m.RW === true ? [] : ['ro']), ...propagation], origin: `its bind of ${m.Source} at ${m.Destination}` });
    } else if (m.Type === 'volume') {
      if (typeof m.Name !== 'string') return `container ${name} has a volume mount without Name`;
      volumes.push(m.Name);
    }
  }
  const strings = (key: string): string[] | string => {
    const x = h[key];
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x) || !x.every((e) => typeof e === 'string')) return `container ${name} has a HostConfig.${key} that is not a list of strings`;
    return x as string[];
  };
  const capAdd = strings('CapAdd');
  // The API can also set the whole capability set outright (HostConfig.Capabilities): every entry
  // counts as added.
  const capabilities = strings('Capabilities');
  const deviceCgroupRules = strings('DeviceCgroupRules');
  const securityOpt = strings('SecurityOpt');
  const volumesFrom = strings('VolumesFrom');
  for (const x of [capAdd, capabilities, deviceCgroupRules, securityOpt, volumesFrom]) if (typeof x === 'string') return x;
  const devices: string[] = [];
  if (Array.isArray(h.Devices)) {
    for (const d of h.Devices) devices.push(isRecord(d) && typeof d.PathOnHost === 'string' ? d.PathOnHost : '(a device)');
  }
  const gpus = Array.isArray(h.DeviceRequests) && h.DeviceRequests.length > 0 ? ['(device requests)'] : [];
  const namespaces: Partial<Record<'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns' | 'network', string>> = {};
  // CgroupnsMode is left out: the daemon records its own default there (`host` on cgroup v1 hosts),
  // which any container the caller creates gets as well.
  for (const [key, ns] of [['PidMode', 'pid'], ['IpcMode', 'ipc'], ['UTSMode', 'uts'], ['UsernsMode', 'userns'], ['NetworkMode', 'network']] as const) {
    const mode = h[key];
    if (typeof mode === 'string' && mode !== '') namespaces[ns] = mode;
  }
  const volumeDrivers: string[] = [];
  const sysctls = isRecord(h.Sysctls) ? Object.entries(h.Sysctls).map(([k, x]) => `${k}=${String(x)}`) : [];
  // The CLI turns `--security-opt systempaths=unconfined` into empty MaskedPaths and ReadonlyPaths
  // (the daemon fills in its defaults when they are absent): /proc/sys writable, core_pattern too.
  if ((Array.isArray(h.MaskedPaths) && h.MaskedPaths.length === 0) || (Array.isArray(h.ReadonlyPaths) && h.ReadonlyPaths.length === 0)) {
    (securityOpt as string[]).push('systempaths=unconfined');
  }
  // A volume of a plugin driver may be anything on the host (a bind of /, a device).
  for (const m of v.Mounts) {
    if (isRecord(m) && m.Type === 'volume' && typeof m.Driver === 'string' && m.Driver !== '' && m.Driver !== 'local') volumeDrivers.push(m.Driver);
  }
  const request = emptyRequest({
    hostPaths,
    privileged: h.Privileged === true,
    capAdd: [...(capAdd as string[]), ...(capabilities as string[])],
    devices,
    deviceCgroupRules: deviceCgroupRules as string[],
    gpus,
    securityOpt: securityOpt as string[],
    namespaces,
    volumesFrom: volumesFrom as string[],
    sysctls,
    volumeDrivers,
    ...(typeof h.CgroupParent === 'string' && h.CgroupParent !== '' ? { cgroupParent: h.CgroupParent } : {}),
  });
  return { name, volumes, request };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
