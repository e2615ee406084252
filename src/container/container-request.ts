import type { InspectedContainer } from './inspected-container.js';
// What a `run`/`create` argv (or a compose service) asks the daemon for, in the terms the
// container rules check. Built by a pure parser from argv (run-args.ts) or from compose's resolved
// model (src/compose/), then checked by src/policy/container-rules.ts.

/** A host path the container would see: a bind (`-v /a:/b`, `--mount type=bind`) or a local
 *  volume whose driver options bind a host path (`volume-opt=o=bind,volume-opt=device=/x`). */
export interface HostPathMount {
  /** Absolute host path as docker would send it (a leading `.` already made absolute against cwd). */
  readonly source: string;
  readonly target: string;
  /** Propagation / options as given (`rshared`, `ro`, `z`, …), lower case. */
  readonly options: readonly string[];
  /** The argv text or compose key it came from, for the refusal message. */
  readonly origin: string;
}

export interface NamedVolumeMount {
  readonly name: string;
  readonly target: string;
  readonly origin: string;
}

export interface ContainerRequest {
  readonly hostPaths: readonly HostPathMount[];
  readonly namedVolumes: readonly NamedVolumeMount[];
  readonly privileged: boolean;
  /** As given, e.g. `sys_admin`, `CAP_NET_ADMIN`, `ALL`, `SYS_ADMIN,NET_ADMIN` (one entry, not split: docker does not split). */
  readonly capAdd: readonly string[];
  readonly devices: readonly string[];
  readonly deviceCgroupRules: readonly string[];
  readonly gpus: readonly string[];
  readonly securityOpt: readonly string[];
  /** Namespace modes as docker sends them (`host`, `container:x`, `private`, …); undefined = not given. */
  readonly namespaces: Readonly<Partial<Record<'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns' | 'network', string>>>;
  readonly volumesFrom: readonly string[];
  readonly cgroupParent?: string;
  readonly runtime?: string;
  readonly sysctls: readonly string[];
  readonly useApiSocket: boolean;
  readonly publish: readonly string[];
  readonly publishAll: boolean;
  /** The image and the container's command, when known (argv: the first positional and the rest). */
  readonly image?: string;
  readonly command?: readonly string[];
  /** Every network the container joins, in order (argv: each --network/--net; the first one is
   *  `namespaces.network`, the NetworkMode; later ones become extra endpoints). Absent = only
   *  `namespaces.network`. */
  readonly networks?: readonly string[];
  /** The networks of `networks` that exist before this command and are joined, not created by it:
   *  argv: every one but bridge, none and default (host and container:X have rules of their own);
   *  compose: the external ones and a `network_mode` naming a network. Absent = none. */
  readonly existingNetworks?: readonly string[];
  /** Sysctls of the container's network interfaces set through an endpoint's driver options
   *  (`com.docker.network.endpoint.sysctls`, `name=value`): judged as `--sysctl` is. */
  readonly endpointSysctls?: readonly string[];
  /** `--log-driver` as given (absent = the daemon's default driver) and each `--log-opt` k=v. */
  readonly logDriver?: string;
  readonly logOptions?: readonly string[];
  /** Host device paths named for I/O throttling (--device-read-bps, --blkio-weight-device, …): the daemon stats them as root. */
  readonly ioDevices?: readonly string[];
  /** `--tmpfs` values (`/path[:options]`). */
  readonly tmpfs?: readonly string[];
  /** Volume plugins that would create or serve the container's volumes (--volume-driver, --mount volume-driver=). */
  readonly volumeDrivers?: readonly string[];
  /** `--disable-content-trust` as given (its last value); undefined = not given (DOCKER_CONTENT_TRUST decides). */
  readonly disableContentTrust?: boolean;
  /** Labels given to the container (`--label`) and to volumes it creates (`--mount …,volume-label=`), `key=value` as typed. */
  readonly labels?: readonly string[];
  /** `--label-file` paths: the docker CLI reads labels from them. */
  readonly labelFiles?: readonly string[];
  /** `--annotation` values (`key=value`), which the daemon hands to the OCI runtime. */
  readonly annotations?: readonly string[];
  /** `--pull` as given (its last value, lower-cased); undefined = not given (`missing`). */
  readonly pull?: string;
  /** `--platform` as given (its last value); undefined = not given or empty. */
  readonly platform?: string;
  /** What the argv parser already found unacceptable (e.g. local-driver volume options that mount /proc). */
  readonly problems?: readonly { readonly rule: string; readonly reason: string }[];
  /** A true `--help`: docker prints usage and creates nothing (cobra checks it before the image). */
  readonly help?: boolean;
  /** Where each value came from, for messages, parallel to the field's values: e.g.
   *  `origins.capAdd[i]` is how `capAdd[i]` was typed (`--cap-add=sys_admin`), `origins.pid[0]`
   *  the flag that set `namespaces.pid`. Keys: privileged, capAdd, devices, deviceCgroupRules,
   *  gpus, securityOpt, pid, ipc, uts, userns, cgroupns, networks, volumesFrom, cgroupParent,
   *  runtime, sysctls, useApiSocket, publish, publishAll, logDriver, logOptions, ioDevices, tmpfs,
   *  volumeDrivers, annotations, labels, labelFiles. Absent = messages name the docker flag. */
  readonly origins?: Readonly<Record<string, readonly string[]>>;
}

/** Facts from the file system the pure checks need: canonical real paths of host sources. */
export interface PathFacts {
  /** The caller's working directory (docker makes `.`-relative sources absolute against it). */
  readonly cwd: string;
  /** Source path -> its canonical real path (symlinks and `..` resolved; for a path that does not
   *  exist yet: the real path of its deepest existing ancestor joined with the rest). */
  readonly realpaths: Readonly<Record<string, string>>;
  /** Real paths of daemon sockets besides the built-in list (/run/docker.sock, …), e.g. the socket
   *  of the endpoint in use (rootless: /run/user/UID/docker.sock). Refused as bind sources. */
  readonly daemonSockets?: readonly string[];
  /** What the daemon says about each named volume the request uses (`docker volume inspect`), by
   *  name. No entry = not asked (or no answer): the decision cannot know what the volume mounts. */
  readonly volumes?: Readonly<Record<string, VolumeFact>>;
  /** What the daemon says about each network compose would create under its name (`docker network
   *  inspect`), by name. No entry = not asked (or no answer): refused as unread. */
  readonly networks?: Readonly<Record<string, NetworkFact>>;
  /** Source path -> a directory on its path the caller can write (so the path can be made to lead
   *  elsewhere after the check: the daemon resolves it again at every start), or null when there is
   *  none. No entry = not checked: the decision refuses the bind. */
  readonly redirectable?: Readonly<Record<string, string | null>>;
  /** Source path -> why a writable bind of it would let a container leave the caller a way to root
   *  (its file system allows setuid programs or device nodes; hard links to others' files are not
   *  protected), or null when it would not. No entry = not checked: a writable bind is refused. */
  readonly mountSafety?: Readonly<Record<string, string | null>>;
  /** Source path -> why the file system it is on (by type) or the mounts below it make any bind of
   *  it unsafe, or null. No entry = not checked: refused. */
  readonly subMounts?: Readonly<Record<string, string | null>>;
  /** Source path -> every directory resolving it looks a name up in (symlink targets included). */
  readonly lookupDirs?: Readonly<Record<string, readonly string[]>>;
  /** Whether the command's stdin could answer a question (false: it is /dev/null); undefined = unknown (treated as yes). */
  readonly stdinAnswers?: boolean;
}

/** A named volume as the daemon has it: absent (docker would create a plain local one) or its
 *  driver, driver options and labels. */
export type VolumeFact =
  | { readonly exists: false }
  | {
      readonly exists: true; readonly driver: string; readonly options: Readonly<Record<string, string>>; readonly labels: Readonly<Record<string, string>>;
      /** The containers that mount it already: what a container writes into the volume, they read (and may run).
       *  'not asked' for a volume read only for what it is (another container's volume, judged by
       *  its driver and options): a decision that needs its users refuses it as unread. */
      readonly usedBy: readonly InspectedContainer[] | 'not asked';
    };

/** Whether a network exists under that exact name and, if so, the compose project it was made for
 *  (its com.docker.compose.project label; '' when it has none). */
export type NetworkFact = { readonly exists: false } | { readonly exists: true; readonly project: string };

/** A fact about `key`, looked up as an own entry only (a path or a volume may be called
 *  `constructor`); undefined when the record or the entry is missing. */
export function factOf<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A request that asks for nothing but what `extra` names. */
export function emptyRequest(extra: Partial<ContainerRequest>): ContainerRequest {
  return {
    hostPaths: [], namedVolumes: [], privileged: false, capAdd: [], devices: [], deviceCgroupRules: [], gpus: [],
    securityOpt: [], namespaces: {}, volumesFrom: [], sysctls: [], useApiSocket: false, publish: [], publishAll: false,
    ...extra,
  };
}

/**
 * Whether `run`/`create` may pull its image and tag it under its name: anything but `--pull never`.
 * `always` pulls; `missing` pulls when the daemon answers "No such image" (docker/cli v28.2.2
 * container/create.go), which it also does for an image here of another platform (`--platform`,
 * DOCKER_DEFAULT_PLATFORM; moby daemon/images/image.go) and for a name that was removed while a
 * container made from it remains (a red-team round freed one, then ran it). A pull by digest tags
 * nothing.
 */
export function mayPullImage(request: ContainerRequest): boolean {
  return !request.help && request.image !== undefined && !request.image.includes('@') && request.pull !== 'never';
}

/** Whether a network mode names a network that must exist already (the daemon looks it up by name,
 *  id or id prefix): anything but its own modes, which it compares exactly (moby
 *  container.NetworkMode IsDefault/IsBridge/IsNone/IsHost/IsContainer). */
export function joinsNamedNetwork(mode: string): boolean {
  return mode !== '' && mode !== 'default' && mode !== 'bridge' && mode !== 'none' && mode !== 'host' && !mode.startsWith('container:');
}
