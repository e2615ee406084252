import type { FlagTable } from './pflag.js';

// Flag tables of the allowed commands whose flags can reach a refused capability. Commands not
// listed here are forwarded without looking at their flags: nothing they accept matters to the
// policy, and docker reports their flag errors itself.

const HELP = { long: 'help', short: 'h', takesValue: false } as const;

/** docker/cli v28.2.2 cli/command/container/start.go */
export const START_FLAGS: FlagTable = [
  HELP,
  { long: 'attach', short: 'a', takesValue: false },
  { long: 'interactive', short: 'i', takesValue: false },
  { long: 'detach-keys', takesValue: true },
  { long: 'checkpoint', takesValue: true },
  { long: 'checkpoint-dir', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/container/restart.go and stop.go (`--time`: deprecated, hidden) */
export const RESTART_FLAGS: FlagTable = [
  HELP,
  { long: 'signal', short: 's', takesValue: true },
  { long: 'timeout', short: 't', takesValue: true },
  { long: 'time', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/image/pull.go */
export const PULL_FLAGS: FlagTable = [
  HELP,
  { long: 'all-tags', short: 'a', takesValue: false },
  { long: 'disable-content-trust', takesValue: false },
  { long: 'platform', takesValue: true },
  { long: 'quiet', short: 'q', takesValue: false },
];

/** docker/cli v28.2.2 cli/command/container/rm.go */
export const RM_FLAGS: FlagTable = [
  HELP,
  { long: 'force', short: 'f', takesValue: false },
  { long: 'link', short: 'l', takesValue: false },
  { long: 'volumes', short: 'v', takesValue: false },
];

/** docker/cli v28.2.2 cli/command/image/remove.go */
export const RMI_FLAGS: FlagTable = [
  HELP,
  { long: 'force', short: 'f', takesValue: false },
  { long: 'no-prune', takesValue: false },
  { long: 'platform', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/container/prune.go */
export const CONTAINER_PRUNE_FLAGS: FlagTable = [
  HELP,
  { long: 'force', short: 'f', takesValue: false },
  { long: 'filter', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/system/prune.go */
export const SYSTEM_PRUNE_FLAGS: FlagTable = [
  HELP,
  { long: 'all', short: 'a', takesValue: false },
  { long: 'force', short: 'f', takesValue: false },
  { long: 'volumes', takesValue: false },
  { long: 'filter', takesValue: true },
];

/**
 * `docker build` is forwarded to `docker buildx build` when buildx is installed, and runs the
 * legacy builder otherwise (grammar 9.1): this is the union of docker/buildx v0.24.0
 * commands/build.go (with the buildx root's persistent --builder and -D) and docker/cli v28.2.2
 * cli/command/image/build.go. `--check` has NoOptDefVal "true" in buildx: it takes no separate value.
 */
export const BUILD_FLAGS: FlagTable = [
  HELP,
  ...(['add-host', 'allow', 'annotation', 'attest', 'build-arg', 'build-context', 'builder', 'cache-from',
    'cache-to', 'call', 'cgroup-parent', 'iidfile', 'label', 'metadata-file', 'network', 'no-cache-filter',
    'platform', 'progress', 'provenance', 'sbom', 'secret', 'shm-size', 'ssh', 'target', 'ulimit', 'print',
    'isolation', 'memory-swap', 'security-opt', 'cpu-period', 'cpu-quota', 'cpuset-cpus', 'cpuset-mems'] as const)
    .map((long) => ({ long, takesValue: true })),
  { long: 'file', short: 'f', takesValue: true },
  { long: 'output', short: 'o', takesValue: true },
  { long: 'tag', short: 't', takesValue: true },
  { long: 'memory', short: 'm', takesValue: true },
  { long: 'cpu-shares', short: 'c', takesValue: true },
  ...(['load', 'no-cache', 'pull', 'push', 'check', 'rm', 'force-rm', 'compress', 'squash', 'disable-content-trust', 'detach'] as const)
    .map((long) => ({ long, takesValue: false })),
  { long: 'quiet', short: 'q', takesValue: false },
  { long: 'debug', short: 'D', takesValue: false },
];

// The commands below act on existing containers (or, `tag`, on an image name), which the
// decision judges like `start`'s (decide.ts checkTargetContainers): their positionals must be read
// the way docker reads them.

/** docker/cli v28.2.2 cli/command/container/cp.go */
export const CP_FLAGS: FlagTable = [
  HELP,
  { long: 'follow-link', short: 'L', takesValue: false },
  { long: 'archive', short: 'a', takesValue: false },
  { long: 'quiet', short: 'q', takesValue: false },
];

/** docker/cli v28.2.2 cli/command/container/exec.go (SetInterspersed(false): the container, then the command) */
export const EXEC_FLAGS: FlagTable = [
  HELP,
  { long: 'detach-keys', takesValue: true },
  { long: 'interactive', short: 'i', takesValue: false },
  { long: 'tty', short: 't', takesValue: false },
  { long: 'detach', short: 'd', takesValue: false },
  { long: 'user', short: 'u', takesValue: true },
  { long: 'privileged', takesValue: false },
  { long: 'env', short: 'e', takesValue: true },
  { long: 'env-file', takesValue: true },
  { long: 'workdir', short: 'w', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/container/attach.go */
export const ATTACH_FLAGS: FlagTable = [
  HELP,
  { long: 'no-stdin', takesValue: false },
  { long: 'sig-proxy', takesValue: false },
  { long: 'detach-keys', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/container/kill.go */
export const KILL_FLAGS: FlagTable = [
  HELP,
  { long: 'signal', short: 's', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/container/update.go (`--kernel-memory`: deprecated, hidden) */
export const UPDATE_FLAGS: FlagTable = [
  HELP,
  ...(['blkio-weight', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'cpuset-cpus', 'cpuset-mems',
    'memory-reservation', 'memory-swap', 'kernel-memory', 'restart', 'pids-limit', 'cpus'] as const)
    .map((long) => ({ long, takesValue: true })),
  { long: 'cpu-shares', short: 'c', takesValue: true },
  { long: 'memory', short: 'm', takesValue: true },
];

/** docker/cli v28.2.2 cli/command/container/rename.go and cli/command/image/tag.go (tag: SetInterspersed(false)) */
export const HELP_ONLY_FLAGS: FlagTable = [HELP];

/** docker/cli v28.2.2 cli/command/volume/create.go (`--name`: hidden, the positional's old form). */
export const VOLUME_CREATE_FLAGS: FlagTable = [
  HELP,
  { long: 'driver', short: 'd', takesValue: true },
  { long: 'opt', short: 'o', takesValue: true },
  { long: 'name', takesValue: true },
  ...(['label', 'availability', 'group', 'limit-bytes', 'required-bytes', 'scope', 'secret', 'sharing', 'topology-preferred', 'topology-required', 'type'] as const)
    .map((long) => ({ long, takesValue: true })),
];
