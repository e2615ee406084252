import type { FlagSpec, FlagTable } from '../docker/pflag.js';

// The flags of `docker run` and `docker create`, docker/cli v28.2.2:
//   cli/command/container/opts.go:146-322 addFlags (shared by both; --dns-opt, --net and --net-alias
//     are MarkHidden aliases, opts.go:230,243,247),
//   cli/command/container/run.go:53-71 (run only: -d/--detach, --sig-proxy, --detach-keys; and
//     --name, --pull, -q/--quiet, --use-api-socket, --help),
//   cli/command/container/create.go:76-90 (create: --name, --pull, -q/--quiet, --use-api-socket,
//     --help),
//   cli/command/utils.go:112 AddPlatformFlag (--platform), cli/command/trust.go:8
//   AddTrustVerificationFlags (--disable-content-trust).
// `--help` is declared locally without a shorthand "to prevent the conflict with hostname", so the
// root's persistent `-h/--help` is shadowed: here -h is --hostname, -c is --cpu-shares, -l is
// --label. Checked against `docker run --help` / `docker create --help` of the 28.2.2 binary
// (test/container/run-flags.test.ts).

const v = (long: string, short?: string): FlagSpec => (short ? { long, short, takesValue: true } : { long, takesValue: true });
const b = (long: string, short?: string): FlagSpec => (short ? { long, short, takesValue: false } : { long, takesValue: false });

/** addFlags (opts.go:146-322), in source order. */
const CONTAINER_FLAGS: FlagTable = [
  // General purpose
  v('attach', 'a'),
  v('device-cgroup-rule'),
  v('device'),
  v('gpus'),
  v('env', 'e'),
  v('env-file'),
  v('entrypoint'),
  v('group-add'),
  v('hostname', 'h'),
  v('domainname'),
  b('interactive', 'i'),
  v('label', 'l'),
  v('label-file'),
  b('read-only'),
  v('restart'),
  v('stop-signal'),
  v('stop-timeout'),
  v('sysctl'),
  b('tty', 't'),
  v('ulimit'),
  v('user', 'u'),
  v('workdir', 'w'),
  b('rm'),
  // Security
  v('cap-add'),
  v('cap-drop'),
  b('privileged'),
  v('security-opt'),
  v('userns'),
  v('cgroupns'),
  // Network and port publishing
  v('add-host'),
  v('dns'),
  v('dns-opt'), // hidden alias of --dns-option
  v('dns-option'),
  v('dns-search'),
  v('expose'),
  v('ip'),
  v('ip6'),
  v('link'),
  v('link-local-ip'),
  v('mac-address'),
  v('publish', 'p'),
  b('publish-all', 'P'),
  v('net'), // hidden alias of --network (same NetworkOpt)
  v('network'),
  v('net-alias'), // hidden alias of --network-alias
  v('network-alias'),
  // Logging and storage
  v('log-driver'),
  v('volume-driver'),
  v('log-opt'),
  v('storage-opt'),
  v('tmpfs'),
  v('volumes-from'),
  v('volume', 'v'),
  v('mount'),
  // Health-checking
  v('health-cmd'),
  v('health-interval'),
  v('health-retries'),
  v('health-timeout'),
  v('health-start-period'),
  v('health-start-interval'),
  b('no-healthcheck'),
  // Resource management
  v('blkio-weight'),
  v('blkio-weight-device'),
  v('cidfile'),
  v('cpuset-cpus'),
  v('cpuset-mems'),
  v('cpu-count'),
  v('cpu-percent'),
  v('cpu-period'),
  v('cpu-quota'),
  v('cpu-rt-period'),
  v('cpu-rt-runtime'),
  v('cpu-shares', 'c'),
  v('cpus'),
  v('device-read-bps'),
  v('device-read-iops'),
  v('device-write-bps'),
  v('device-write-iops'),
  v('io-maxbandwidth'),
  v('io-maxiops'),
  v('kernel-memory'),
  v('memory', 'm'),
  v('memory-reservation'),
  v('memory-swap'),
  v('memory-swappiness'),
  b('oom-kill-disable'),
  v('oom-score-adj'),
  v('pids-limit'),
  // Low-level execution
  v('cgroup-parent'),
  v('ipc'),
  v('isolation'),
  v('pid'),
  v('shm-size'),
  v('uts'),
  v('runtime'),
  b('init'),
  v('annotation'),
];

/** Declared by both run.go and create.go before addFlags. */
const COMMON_COMMAND_FLAGS: FlagTable = [
  v('name'),
  v('pull'),
  b('quiet', 'q'),
  b('use-api-socket'),
  b('help'), // no shorthand: -h is --hostname
  v('platform'),
  b('disable-content-trust'),
];

/** run.go only. */
const RUN_ONLY_FLAGS: FlagTable = [b('detach', 'd'), b('sig-proxy'), v('detach-keys')];

export const RUN_FLAGS: FlagTable = [...RUN_ONLY_FLAGS, ...COMMON_COMMAND_FLAGS, ...CONTAINER_FLAGS];
export const CREATE_FLAGS: FlagTable = [...COMMON_COMMAND_FLAGS, ...CONTAINER_FLAGS];

/** Flags docker marks hidden (absent from --help, accepted by the parser). */
export const HIDDEN_RUN_FLAGS: ReadonlySet<string> = new Set(['dns-opt', 'net', 'net-alias']);

export function runFlagTable(mode: 'run' | 'create'): FlagTable {
  return mode === 'run' ? RUN_FLAGS : CREATE_FLAGS;
}
