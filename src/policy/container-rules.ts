import { nodePath } from '../node-builtins.js';
import { atOrBelow } from '../path-prefix.js';
import { factOf, type ContainerRequest, type HostPathMount, type PathFacts } from '../container/container-request.js';
import { goToLower, goTrimSpace } from '../container/go-strings.js';
import { parseGoBool } from '../docker/pflag.js';
import { normaliseCap } from './capability-name.js';
import type { ContainerRules } from './policy.js';

// The container rules: what a `run`/`create` (or a compose service) may ask the daemon for.
// Default refuse: a host path is allowed only when its REAL path is under an allow-listed
// directory; capabilities, runtimes and sysctls only when allow-listed; security options only when
// known not to lower confinement; everything else that gives host power only when the policy
// switches it on. Pure: the edge resolves real paths (hostPathsOf) into facts.realpaths.

export interface ContainerViolation {
  /** Stable rule name: bind-mount, docker-socket, privileged, cap-add, device, gpus, security-opt,
   *  host-namespace, container-namespace, volumes-from, cgroup-parent, runtime, sysctl,
   *  mount-propagation, api-socket, publish, log-driver, tmpfs-bind, volume-options, join-network. */
  readonly rule: string;
  /** Names the flag as typed and why the policy refuses it. */
  readonly reason: string;
}

/** Daemon sockets refused as bind sources, wherever they are (docker's and containerd's: either
 *  is root on the host). A source that contains one (`/`, `/run`, `/var/run`) is refused too. */
const DAEMON_SOCKETS: readonly string[] = [
  '/run/docker.sock',
  '/var/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/run/docker/containerd/containerd.sock',
  '/var/run/docker/containerd/containerd.sock',
];
const SOCKET_NAMES: ReadonlySet<string> = new Set(['docker.sock', 'containerd.sock']);

/** The host paths whose canonical real paths the edge must put into facts.realpaths. */
export function hostPathsOf(req: ContainerRequest): string[] {
  return [...new Set(req.hostPaths.map((m) => m.source))];
}

/** The first violation, or undefined when the policy allows the request. */
export function checkContainer(req: ContainerRequest, rules: ContainerRules, facts: PathFacts): ContainerViolation | undefined {
  return listContainerViolations(req, rules, facts)[0];
}

/** Every violation, most severe first. */
export function listContainerViolations(req: ContainerRequest, rules: ContainerRules, facts: PathFacts): ContainerViolation[] {
  // docker prints usage and creates nothing for a true --help (cobra checks it before anything else).
  if (req.help === true) return [];
  const out: ContainerViolation[] = [];
  const o = (key: string, i: number, fallback: string): string => req.origins?.[key]?.[i] ?? fallback;
  // One violation for each value of a list flag, quoting the argv that gave it (`--device /dev/x`).
  // An index loop rather than forEach: JSC compiles each Array builtin on its first call in a
  // process, and `run` is a common call (pflag.ts findLong).
  const eachOf = (values: readonly string[], key: string, flag: string, rule: string, why: (value: string) => string): void => {
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      out.push({ rule, reason: `${o(key, i, `${flag} ${value}`)} ${why(value)}` });
    }
  };

  if (req.privileged && !rules.privileged) {
    out.push({ rule: 'privileged', reason: `${o('privileged', 0, '--privileged')} gives the container every capability and every host device, without seccomp or AppArmor: privileged containers are not allowed` });
  }
  if (req.useApiSocket && !rules.apiSocket) {
    out.push({ rule: 'api-socket', reason: `${o('useApiSocket', 0, '--use-api-socket')} bind-mounts the docker daemon's socket into the container, which is full control of the daemon and root on the host: not allowed` });
  }

  for (const m of req.hostPaths) {
    const v = checkHostPath(m, rules, facts);
    if (v) out.push(v);
  }

  const allowedCaps = new Set<string>();
  for (const cap of rules.capAdd) allowedCaps.add(normaliseCap(cap));
  for (let i = 0; i < req.capAdd.length; i++) {
    const cap = req.capAdd[i]!;
    if (/^[\x21-\x7e]+$/.test(cap) && allowedCaps.has(normaliseCap(cap))) continue;
    const allowed = rules.capAdd.length === 0 ? 'no capability may be added' : `only ${rules.capAdd.join(', ')} may be added`;
    out.push({ rule: 'cap-add', reason: `${o('capAdd', i, `--cap-add ${cap}`)} adds the capability ${JSON.stringify(cap)}: ${allowed}` });
  }

  if (!rules.devices) {
    eachOf(req.devices, 'devices', '--device', 'device', (d) => `gives the container the host device ${d}: host devices are not allowed`);
    eachOf(req.deviceCgroupRules, 'deviceCgroupRules', '--device-cgroup-rule', 'device', (r) => `lets the container open host device nodes (${r}): device rules are not allowed`);
  }
  if (!rules.gpus) {
    eachOf(req.gpus, 'gpus', '--gpus', 'gpus', () => 'gives the container host GPUs: GPUs are not allowed');
  }

  // Docker reserves these namespaces for itself; compose, stack and swarm find their containers
  // and volumes by them. A container labelled com.docker.compose.project=adminproj is adopted by an
  // administrator's next `compose up` as its own (recreated with its mounts carried over), and a
  // volume with compose's labels and hash is used as the project's volume without a question.
  const labels = req.labels ?? [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (isReservedLabel(label)) out.push({ rule: 'reserved-label', reason: `${o('labels', i, `--label ${label}`)} gives a label in a namespace docker reserves for itself (${JSON.stringify(label.split('=')[0])}), by which compose, stack or swarm would take the container or volume for one of theirs: not allowed` });
  }
  eachOf(req.labelFiles ?? [], 'labelFiles', '--label-file', 'label-file', () => 'has the docker client read labels from a file, which docker-guard does not read (it could hold a label in a namespace docker reserves): use --label');

  if (!rules.unconfined) {
    // runc turns org.systemd.property.* into properties of the container's systemd unit; crun,
    // kata and gVisor read settings of their own from annotations. None of it is docker's to check.
    eachOf(req.annotations ?? [], 'annotations', '--annotation', 'annotation', (a) => `passes the annotation ${JSON.stringify(a)} to the OCI runtime, which may read it as a setting of its own (runc: systemd unit properties; crun, kata, gVisor: theirs), outside docker's checks: annotations are allowed only where the policy allows unconfined containers`);
    for (let i = 0; i < req.securityOpt.length; i++) {
      const opt = req.securityOpt[i]!;
      const why = securityOptProblem(opt);
      if (why) out.push({ rule: 'security-opt', reason: `${o('securityOpt', i, `--security-opt ${opt}`)} ${why}: only options that keep the default confinement are allowed` });
    }
  }

  for (const ns of ['pid', 'ipc', 'uts', 'userns', 'cgroupns'] as const) {
    const value = req.namespaces[ns];
    if (value === undefined) continue;
    const v = checkNamespace(ns, value, o(ns, 0, `--${ns} ${value}`), rules);
    if (v) out.push(v);
  }
  const networks = [...(req.networks ?? [])];
  if (req.namespaces.network !== undefined && !networks.includes(req.namespaces.network)) networks.unshift(req.namespaces.network);
  for (let i = 0; i < networks.length; i++) {
    const net = networks[i]!;
    const v = checkNamespace('network', net, o('networks', i, `--network ${net}`), rules);
    if (v) out.push(v);
  }
  for (let i = 0; i < networks.length; i++) {
    const net = networks[i]!;
    if (!rules.joinNetworks && req.existingNetworks?.includes(net)) out.push(joinNetworkViolation(o('networks', i, `--network ${net}`), net));
  }

  if (!rules.volumesFrom) {
    eachOf(req.volumesFrom, 'volumesFrom', '--volumes-from', 'volumes-from', () => 'mounts every volume and bind mount of another container: not allowed');
  }
  if (req.cgroupParent !== undefined && req.cgroupParent !== '' && !rules.cgroupParent) {
    out.push({ rule: 'cgroup-parent', reason: `${o('cgroupParent', 0, `--cgroup-parent ${req.cgroupParent}`)} places the container in another cgroup, outside the daemon's resource controls: not allowed` });
  }
  if (req.runtime !== undefined && req.runtime !== '' && !rules.runtimes.includes(req.runtime)) {
    const allowed = rules.runtimes.length === 0 ? 'only the daemon\'s default runtime may be used' : `only ${rules.runtimes.join(', ')} (or the daemon's default) may be used`;
    out.push({ rule: 'runtime', reason: `${o('runtime', 0, `--runtime ${req.runtime}`)} picks the OCI runtime ${JSON.stringify(req.runtime)}: ${allowed}` });
  }
  for (const [field, values] of [['sysctls', req.sysctls], ['endpointSysctls', req.endpointSysctls ?? []]] as const) {
    for (let i = 0; i < values.length; i++) {
      const s = values[i]!;
      const eq = s.indexOf('=');
      const name = eq < 0 ? s : s.slice(0, eq);
      if (sysctlAllowed(name, rules.sysctls)) continue;
      const allowed = rules.sysctls.length === 0 ? 'no sysctl may be set' : `only ${rules.sysctls.join(', ')} may be set`;
      out.push({ rule: 'sysctl', reason: `${o(field, i, `--sysctl ${s}`)} sets the kernel parameter ${JSON.stringify(name)}: ${allowed}` });
    }
  }

  if (!rules.mountPropagation) {
    for (const m of req.hostPaths) {
      const shared = m.options.find((x) => x === 'shared' || x === 'rshared');
      if (shared) {
        out.push({ rule: 'mount-propagation', reason: `${m.origin} makes the mount of ${m.source} ${shared}, so mounts made in the container propagate to the host: shared propagation is not allowed` });
      }
    }
  }

  for (const p of req.problems ?? []) out.push(p);

  const logDriver = req.logDriver;
  if (logDriver !== undefined && logDriver !== '' && !rules.logDrivers.includes(logDriver)) {
    out.push({ rule: 'log-driver', reason: `${o('logDriver', 0, `--log-driver ${logDriver}`)} hands the container's output to the log driver ${JSON.stringify(logDriver)}, which the daemon runs as root (some connect to host addresses and sockets, or read files): only ${rules.logDrivers.join(', ') || 'the daemon\'s default'} may be used` });
  }
  const logOptions = req.logOptions ?? [];
  for (let i = 0; i < logOptions.length; i++) {
    const opt = logOptions[i]!;
    const key = opt.includes('=') ? opt.slice(0, opt.indexOf('=')) : opt;
    if (SAFE_LOG_OPTIONS.has(key)) continue;
    out.push({ rule: 'log-driver', reason: `${o('logOptions', i, `--log-opt ${opt}`)} sets the log option ${JSON.stringify(key)}; options that name an address, a socket or a file make the root daemon connect or read there: only ${[...SAFE_LOG_OPTIONS].join(', ')} may be set` });
  }
  if (!rules.devices) {
    eachOf(req.ioDevices ?? [], 'ioDevices', '--device-read-bps', 'device', (d) => `names the host device path ${d}, which the daemon looks up as root: host device paths are not allowed`);
  }
  const tmpfs = req.tmpfs ?? [];
  for (let i = 0; i < tmpfs.length; i++) {
    const t = tmpfs[i]!;
    const colon = t.indexOf(':');
    const opts = colon < 0 ? [] : t.slice(colon + 1).split(',').map((x) => x.trim().toLowerCase());
    if (opts.includes('bind') || opts.includes('rbind')) {
      out.push({ rule: 'tmpfs-bind', reason: `${o('tmpfs', i, `--tmpfs ${t}`)} turns the tmpfs into a bind mount of a path the runtime picks: never allowed` });
    }
  }

  if (!rules.publishPorts) {
    eachOf(req.publish, 'publish', '--publish', 'publish', () => 'publishes a container port on the host: publishing ports is not allowed');
    if (req.publishAll) out.push({ rule: 'publish', reason: `${o('publishAll', 0, '--publish-all')} publishes every exposed port on the host: publishing ports is not allowed` });
  }
  return out;
}

function checkHostPath(m: HostPathMount, rules: ContainerRules, facts: PathFacts): ContainerViolation | undefined {
  const what = `${m.origin} bind-mounts the host path ${m.source} into the container`;
  const dirs = rules.allowBindMountsUnder.map(cleanDir).filter((d): d is string => d !== undefined);
  const allowedText = dirs.length === 0 ? 'host bind mounts are not allowed' : `host bind mounts are only allowed under ${dirs.join(', ')}`;
  const source = cleanDir(m.source);
  const real = factOf(facts.realpaths, m.source);
  const sockets = [...DAEMON_SOCKETS, ...(facts.daemonSockets ?? [])].map(cleanDir).filter((d): d is string => d !== undefined);

  // The daemon's socket itself, wherever it is (even under an allowed directory).
  const isSocket = (p: string | undefined): boolean => p !== undefined && (SOCKET_NAMES.has(nodePath().posix.basename(p)) || sockets.includes(cleanDir(p) ?? p));
  if (isSocket(source) || isSocket(real)) {
    return { rule: 'docker-socket', reason: `${m.origin} bind-mounts the daemon socket ${m.source} into the container, which is full control of the daemon and root on the host: never allowed` };
  }
  if (source === undefined) return { rule: 'bind-mount', reason: `${what}, which is not an absolute path: ${allowedText}` };
  // A real path is absolute and canonical; anything else is treated as unresolved.
  if (real === undefined || !real.startsWith('/') || /(^|\/)\.\.?(\/|$)/.test(real)) {
    return { rule: 'bind-mount', reason: `${what}, whose real path could not be resolved: ${allowedText}` };
  }
  const realClean = cleanDir(real)!;
  if (!dirs.some((d) => atOrBelow(realClean, d))) {
    const via = realClean === source ? '' : ` (really ${realClean})`;
    return { rule: 'bind-mount', reason: `${what}${via}: ${allowedText}` };
  }
  const inside = sockets.find((s) => atOrBelow(s, realClean) || atOrBelow(s, source));
  if (inside) {
    return { rule: 'docker-socket', reason: `${what}, which contains the daemon socket ${inside} (full control of the daemon): never allowed` };
  }
  // The real path is checked now, but the daemon resolves the path again whenever it mounts it
  // (this start, every restart): a directory on the way that the caller can write lets it swap a
  // component for a symlink to / in between.
  const writable = factOf(facts.redirectable, m.source);
  if (writable === undefined) return { rule: 'bind-mount', reason: `${what}, and docker-guard could not check whether the path can be changed after the check` };
  if (writable !== null) {
    return { rule: 'bind-mount', reason: `${what}, but you can write to ${writable} on its way, so the path could be made to lead elsewhere (a symlink to /) after this check, when the daemon mounts it: a bind source must be a path you cannot change (ask for a directory whose parents only root can write)` };
  }
  // A container may change, as root, anything inside a directory it has bound, and the daemon
  // resolves this path again at each start: so no directory on the way may lie inside an allowed
  // directory (only an allowed directory's own entries can be bound, not paths within them), and
  // an allowed directory itself may not be bound (its entries are the other binds' way).
  const own = dirs.find((d) => realClean === d);
  if (own !== undefined) {
    return { rule: 'bind-mount', reason: `${what}, which is the allowed directory ${own} itself: a container binding it could replace the entries other binds pass through (a symlink to /); bind a directory in it instead` };
  }
  const lookups = factOf(facts.lookupDirs, m.source);
  if (lookups === undefined) return { rule: 'bind-mount', reason: `${what}, and docker-guard could not walk its path to check whether it can be changed after the check` };
  // A container that may write there can leave the caller a setuid-root program or a device node
  // on the host (it is root in there); a hard link to someone else's file makes it edit that file.
  const below = factOf(facts.subMounts, m.source);
  if (below === undefined) return { rule: 'bind-mount', reason: `${what}, and docker-guard could not check what is mounted below it` };
  if (below !== null) return { rule: 'bind-mount', reason: `${what}, but ${below}` };
  if (!m.options.includes('ro')) {
    const unsafe = factOf(facts.mountSafety, m.source);
    if (unsafe === undefined) return { rule: 'bind-mount', reason: `${what}, writable, and docker-guard could not check the file system it is on` };
    if (unsafe !== null) {
      return { rule: 'bind-mount', reason: `${what}, writable, but ${unsafe}: a container, root inside, could leave a setuid-root program or a device node there for you to run on the host; bind it read-only (:ro), or ask for the allowed directory to be mounted nosuid,nodev` };
    }
  }
  // The real path's parent is where the last name is looked up: on the list whatever the walk said.
  for (const dir of [...lookups, nodePath().posix.dirname(realClean)]) {
    const clean = cleanDir(dir) ?? dir;
    const root = dirs.find((d) => clean !== d && atOrBelow(clean, d));
    if (root !== undefined) {
      return { rule: 'bind-mount', reason: `${what}, but ${clean} on its way lies inside the allowed directory ${root}, where a container binding it could swap a component for a symlink to / before this one starts again: only the directories directly in ${root} may be bound` };
    }
  }
  return undefined;
}

/** A `key=value` label whose key is in a namespace docker reserves (com.docker.*, io.docker.*, org.dockerproject.*). */
export function isReservedLabel(label: string): boolean {
  const key = label.split('=')[0]!.trim().toLowerCase();
  return key.startsWith('com.docker.') || key.startsWith('io.docker.') || key.startsWith('org.dockerproject.');
}

function cleanDir(p: string): string | undefined {
  if (!p.startsWith('/')) return undefined;
  const n = nodePath().posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Log options of the json-file and local drivers and the generic ones (moby daemon/logger):
 *  none names an address, a socket or a file. */
const SAFE_LOG_OPTIONS: ReadonlySet<string> = new Set(['max-size', 'max-file', 'compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag', 'mode', 'max-buffer-size']);

const SYSCTL_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

function sysctlAllowed(name: string, allowed: readonly string[]): boolean {
  for (const entry of allowed) {
    if (entry === name) return true;
    if (entry.endsWith('.*') && SYSCTL_NAME.test(name) && name.startsWith(entry.slice(0, -1))) return true;
  }
  return false;
}

/**
 * Why a --security-opt lowers confinement, or undefined for the ones that keep the default
 * (no-new-privileges[=true], apparmor=docker-default, writable-cgroups=false).
 * The CLI and the daemon cut at the first `=`, else at the first `:` (daemon/daemon_unix.go
 * parseSecurityOpt, cli/command/container/opts.go parseSecurityOpts).
 */
export function securityOptProblem(opt: string): string | undefined {
  if (opt === 'no-new-privileges') return undefined;
  let sep = opt.indexOf('=');
  if (sep < 0) sep = opt.indexOf(':');
  if (sep < 0) return 'is not a security option docker-guard knows';
  const key = opt.slice(0, sep);
  const value = opt.slice(sep + 1);
  switch (key) {
    case 'no-new-privileges':
      return parseGoBool(value) === true ? undefined : 'lets processes gain privileges through setuid binaries (no-new-privileges off)';
    case 'seccomp':
      // The daemon's own profile applies without the option; `builtin` would replace a stricter one
      // an administrator configured (dockerd --seccomp-profile) by docker's default.
      if (value === 'builtin') return 'replaces the daemon\'s seccomp profile by docker\'s built-in one, weaker where the administrator configured a stricter one';
      if (value === 'unconfined') return 'turns seccomp off';
      return `replaces the seccomp profile with ${JSON.stringify(value)}`;
    case 'apparmor':
      if (value === 'docker-default') return undefined;
      if (value === 'unconfined') return 'turns AppArmor off';
      return `replaces the AppArmor profile with ${JSON.stringify(value)}`;
    case 'label':
      if (value === 'disable') return 'turns SELinux labelling off';
      if (value.startsWith('type:')) return `runs the container in the SELinux type ${JSON.stringify(value.slice(5))}`;
      return `changes the container's SELinux label (${value})`;
    case 'systempaths':
      return 'unmasks /proc and /sys paths the runtime hides (systempaths=unconfined)';
    case 'writable-cgroups':
      return parseGoBool(value) === false ? undefined : 'makes the cgroup file system writable';
    default:
      return 'is not a security option docker-guard knows';
  }
}

/** Joining a network that exists already: on a user-defined network every container's name and
 *  aliases are DNS names, resolved in turn among all that claim them, so a container that joins
 *  under an administrator's service name receives part (after `stop` of the real one, all) of what
 *  the administrator's containers send it, and an administrator's build on that network fetches
 *  from it. Which networks are whose, docker does not record. */
export function joinNetworkViolation(origin: string, net: string): ContainerViolation {
  return { rule: 'join-network', reason: `${origin} joins the existing network ${JSON.stringify(net)}, where the container can answer to the names other containers use (its name, --network-alias) and take their traffic: joining networks other than bridge, none and default is not allowed` };
}

export function checkNamespace(ns: string, value: string, origin: string, rules: ContainerRules): ContainerViolation | undefined {
  const v = goToLower(goTrimSpace(value));
  const name = ns === 'network' ? 'network stack' : `${ns} namespace`;
  if (v === 'host') {
    if (rules.hostNamespaces.includes(ns)) return undefined;
    return { rule: 'host-namespace', reason: `${origin} shares the host's ${name} with the container: host namespaces are not allowed${rules.hostNamespaces.length ? ` except ${rules.hostNamespaces.join(', ')}` : ''}` };
  }
  if (v.startsWith('container:')) {
    if (rules.joinContainerNamespaces) return undefined;
    return { rule: 'container-namespace', reason: `${origin} joins the ${name} of another container (${value.slice(value.indexOf(':') + 1)}): joining other containers' namespaces is not allowed` };
  }
  if (v.startsWith('ns:') || v.startsWith('/')) {
    return { rule: 'host-namespace', reason: `${origin} joins the ${name} at a host path: not allowed` };
  }
  return undefined;
}
