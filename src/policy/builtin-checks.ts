import { allRaws, allValues, boolValue, lastRaw, lastValue, parseFlags, parseGoBool, type FlagTable, type ParsedFlag } from '../docker/pflag.js';
import { lazy } from '../lazy.js';
import { localVolumeMount } from '../container/local-volume.js';
import { checkBuild } from './build-checks.js';
import type { BuildRules, ContainerRules } from './policy.js';

// The flags through which an allowed built-in command reaches a refused capability ("no back
// doors"), and the build rules. Pure. The flag tables are loaded only for the commands that
// have them (src/lazy.ts).

/** A capability (a canonical command) that an invocation also exercises. */
export interface Implied {
  readonly capability: string;
  readonly because: string;
}

export type LeafCheck =
  | { ok: true; implied: readonly Implied[] }
  | { ok: false; rule: string; reason: string };

export function checkBuiltinLeaf(command: string, args: readonly string[], rules: { readonly build: BuildRules; readonly containers: ContainerRules }): LeafCheck {
  switch (command) {
    case 'container start':
      return withFlags(args, lazy.leafFlags().START_FLAGS, 'start', (flags) => {
        const checkpoint = lastValue(flags, 'checkpoint');
        if (checkpoint !== undefined && checkpoint !== '') {
          return { ok: false, rule: 'checkpoint-restore', reason: `\`start ${lastRaw(flags, 'checkpoint')}\` restores the container from a CRIU checkpoint, process state the daemon reads as root from files on the host (--checkpoint-dir): not allowed` };
        }
        const implied: Implied[] = [];
        for (const name of ['attach', 'interactive'] as const) {
          if (boolValue(flags, name)) {
            const raw = lastRaw(flags, name)!;
            implied.push({ capability: 'container attach', because: `\`start ${raw}\` attaches to the container's ${name === 'attach' ? 'output' : 'input'}` });
          }
        }
        return { ok: true, implied };
      });
    case 'system prune':
      // Networks are pruned too; `network rm` is not asked: a network holds no data (README).
      return withFlags(args, lazy.leafFlags().SYSTEM_PRUNE_FLAGS, 'system prune', (flags) => ({
        ok: true,
        implied: [
          { capability: 'container rm', because: '`system prune` deletes stopped containers' },
          { capability: 'image rm', because: '`system prune` deletes unused images' },
          ...(boolValue(flags, 'volumes') ? [{ capability: 'volume rm', because: '`system prune --volumes` deletes volumes' }] : []),
        ],
      }));
    case 'container prune':
      return { ok: true, implied: [{ capability: 'container rm', because: '`container prune` deletes every stopped container' }] };
    case 'image prune':
      return { ok: true, implied: [{ capability: 'image rm', because: '`image prune` deletes unused images' }] };
    case 'volume prune':
      return { ok: true, implied: [{ capability: 'volume rm', because: '`volume prune` deletes unused volumes' }] };
    case 'network prune':
      return { ok: true, implied: [{ capability: 'network rm', because: '`network prune` deletes unused networks' }] };
    case 'container rm':
      return withFlags(args, lazy.leafFlags().RM_FLAGS, 'rm', (flags) =>
        ({ ok: true, implied: boolValue(flags, 'volumes') ? [{ capability: 'volume rm', because: `\`rm ${lastRaw(flags, 'volumes')}\` deletes the container's anonymous volumes` }] : [] }));
    case 'image build':
      return checkBuild(args, rules.build, rules.containers);
    case 'container exec':
      return checkExec(args, rules.containers);
    case 'volume create':
      return checkVolumeCreate(args);
    case 'bake':
      return checkBuildx('`bake` runs `buildx bake`, a CLI plugin', rules.containers);
    default: {
      const unchecked = UNCHECKED_CONTAINERS[command];
      if (unchecked !== undefined && !rules.containers.privileged) {
        return { ok: false, rule: 'unchecked-containers', reason: `\`${command}\` ${unchecked}: allowed only when the policy allows privileged containers (containers.privileged), since any of them could be one` };
      }
      const push = PUSHES[command];
      return { ok: true, implied: push === undefined ? [] : [{ capability: 'image push', because: `\`${command}\` ${push}` }] };
    }
  }
}

/**
 * Commands that run containers, or code as root, with settings docker-guard does not read (its
 * container rules read run, create and compose). A policy may allow these commands by name (the
 * default does not), but they stay refused unless privileged containers are allowed too: one of
 * them could be a privileged container, a bind of /, a plugin with the host's devices.
 */
const UNCHECKED_CONTAINERS: Readonly<Record<string, string>> = {
  'service create': 'creates a swarm service, whose containers (binds, capabilities, devices, namespaces) docker-guard does not check',
  'service update': 'changes a swarm service\'s containers (binds, capabilities, devices, namespaces), which docker-guard does not check',
  'service rollback': 'sets a swarm service\'s containers back to their previous settings (binds, capabilities, devices, namespaces), which docker-guard does not check',
  'stack deploy': 'deploys swarm services from a compose file, whose containers docker-guard does not check',
  'swarm init': 'makes this host a swarm manager: managers that join it later schedule containers here that docker-guard never sees',
  'swarm join': 'joins this host to a swarm whose managers schedule containers here that docker-guard never sees',
  'swarm join-token': 'prints the token with which another host joins this swarm, as a manager too, and schedules containers here unchecked',
  'node promote': 'makes another swarm node a manager, which schedules containers here that docker-guard never sees',
  'node update': 'can make another swarm node a manager (`--role manager`), which schedules containers here that docker-guard never sees',
  'plugin install': 'installs a managed plugin, which runs as root with whatever its own config asks for (host mounts, devices, capabilities, the host network)',
  'plugin upgrade': 'replaces a managed plugin by another, which runs as root with whatever its own config asks for',
  'plugin create': 'creates a managed plugin from a root file system and a config of the caller\'s, which runs as root with whatever that config asks for',
  'plugin set': 'changes the mounts, devices or environment a managed plugin runs with as root',
  'checkpoint create': 'has the daemon (root) write CRIU process state into a host directory of the caller\'s choosing (--checkpoint-dir)',
  'checkpoint rm': 'has the daemon (root) delete a checkpoint directory on the host, in a directory of the caller\'s choosing (--checkpoint-dir)',
  'checkpoint ls': 'has the daemon (root) list a host directory of the caller\'s choosing (--checkpoint-dir)',
};

/**
 * The CLI plugin buildx (or `docker bake`, which runs it). docker-guard reads `docker build`'s
 * argv whichever builder runs it, but no argv of buildx's own: allowing buildx by name allows
 * all it does, so it must not reach what the policy refuses. It can push (`build --push`,
 * `imagetools create`), write images and results out of docker (`--output`, `history export`),
 * and create builders that run as privileged containers (`create --driver docker-container`).
 */
export function checkBuildx(what: string, containers: ContainerRules): LeafCheck {
  const unread = `${what} whose own argv docker-guard does not read`;
  if (!containers.privileged) {
    return { ok: false, rule: 'unchecked-containers', reason: `${unread}, and it can create builders that run as privileged containers (\`buildx create --driver docker-container\`): allowed only when the policy allows privileged containers (containers.privileged); build with \`docker build\`, whose flags docker-guard reads` };
  }
  return {
    ok: true,
    implied: [
      { capability: 'image push', because: `${unread}, can push images (\`--push\`, \`imagetools create\`)` },
      { capability: 'image save', because: `${unread}, can write images and build results out of docker (\`--output\`, \`history export\`)` },
    ],
  };
}

/** Commands that upload to a registry (or its notary server) whatever their name says. */
const PUSHES: Readonly<Record<string, string>> = {
  'trust sign': 'pushes the image and its signature to the registry',
  'trust revoke': 'writes trust data to the registry\'s notary server',
  'trust signer add': 'writes trust data to the registry\'s notary server',
  'trust signer remove': 'writes trust data to the registry\'s notary server',
  'manifest push': 'pushes a manifest list to a registry',
  'plugin push': 'pushes a plugin to a registry',
};

function withFlags(args: readonly string[], table: FlagTable, name: string, then: (flags: readonly ParsedFlag[]) => LeafCheck): LeafCheck {
  const parsed = parseFlags(args, table, { interspersed: true });
  if (!parsed.ok) return { ok: false, rule: 'malformed-argv', reason: `\`${name}\`: ${parsed.error}` };
  return then(parsed.flags);
}

/** Swarm's cluster-volume flags: a CSI plugin's volume, none of which docker-guard reads. */
const CLUSTER_VOLUME_FLAGS: readonly string[] = ['availability', 'group', 'limit-bytes', 'required-bytes', 'scope', 'secret', 'sharing', 'topology-preferred', 'topology-required', 'type'];

/**
 * A policy that allows `volume create` allows volumes, not what the local driver's options mount
 * as root: a volume binding a host path is that bind for every container that uses it, and a
 * caller who may create volumes may create one under the name a `run -v NAME` was just checked
 * against as missing (red-team round 19). So binds, and whatever else the local driver would mount
 * other than a tmpfs, are refused here; a bind mount is checked at every use. Labels in docker's
 * reserved namespaces would pass the volume off as a compose project's.
 */
function checkVolumeCreate(args: readonly string[]): LeafCheck {
  const parsed = parseFlags(args, lazy.leafFlags().VOLUME_CREATE_FLAGS, { interspersed: true });
  if (!parsed.ok) return { ok: false, rule: 'malformed-argv', reason: `\`volume create\`: ${parsed.error}` };
  if (boolValue(parsed.flags, 'help')) return { ok: true, implied: [] };
  for (const long of CLUSTER_VOLUME_FLAGS) {
    const raw = lastRaw(parsed.flags, long);
    if (raw !== undefined) return { ok: false, rule: 'volume-options', reason: `\`volume create ${raw}\` makes a swarm cluster volume, served by a CSI plugin docker-guard does not read` };
  }
  const labelRaws = allRaws(parsed.flags, 'label');
  const labels = allValues(parsed.flags, 'label');
  for (let i = 0; i < labels.length; i++) {
    if (lazy.containerRules().isReservedLabel(labels[i]!)) {
      return { ok: false, rule: 'reserved-label', reason: `\`volume create ${labelRaws[i]}\` gives a label in a namespace docker reserves for itself, by which compose would take the volume for one of a project's: not allowed` };
    }
  }
  const driver = lastValue(parsed.flags, 'driver') ?? 'local';
  if (driver !== 'local' && driver !== '') return { ok: true, implied: [] };
  // MapOpts: `k=v` or a bare `k` (empty value); a later value for a key replaces an earlier one.
  const opts = new Map<string, string>();
  for (const o of allValues(parsed.flags, 'opt')) {
    const eq = o.indexOf('=');
    opts.set(eq < 0 ? o : o.slice(0, eq), eq < 0 ? '' : o.slice(eq + 1));
  }
  const local = localVolumeMount(opts);
  if (local.kind === 'none') return { ok: true, implied: [] };
  const how = allRaws(parsed.flags, 'opt').join(' ');
  const why = local.kind === 'bind' ? `bind-mount the host path ${local.device} into every container that uses the volume` : local.why;
  return { ok: false, rule: local.kind === 'bind' || local.bindRule ? 'bind-mount' : 'volume-options', reason: `\`volume create ${how}\` would have the local driver ${why}: volumes that mount anything but a tmpfs are not created here (a bind mount, \`-v /path:/target\`, is checked at every use)` };
}

/**
 * `exec --privileged` gives the process every capability and every host device, without seccomp
 * or AppArmor, in whatever container it runs in: a privileged container by another way in.
 */
function checkExec(args: readonly string[], containers: ContainerRules): LeafCheck {
  const parsed = parseFlags(args, lazy.leafFlags().EXEC_FLAGS, { interspersed: false });
  if (!parsed.ok) return { ok: false, rule: 'malformed-argv', reason: `\`exec\`: ${parsed.error}` };
  if (boolValue(parsed.flags, 'privileged') && !boolValue(parsed.flags, 'help') && !containers.privileged) {
    return { ok: false, rule: 'privileged', reason: `\`exec ${lastRaw(parsed.flags, 'privileged')}\` runs the command with every capability and every host device, without seccomp or AppArmor, as a privileged container would: privileged containers are not allowed (policy: containers.privileged)` };
  }
  return { ok: true, implied: [] };
}

/**
 * `--disable-content-trust` as given to pull or build (its last value), or undefined when it is
 * not given: its default is the opposite of DOCKER_CONTENT_TRUST, so `=false` turns trust on.
 */
export function disableContentTrustFlag(command: string, args: readonly string[]): boolean | undefined {
  const table = command === 'image pull' ? lazy.leafFlags().PULL_FLAGS : command === 'image build' ? lazy.leafFlags().BUILD_FLAGS : undefined;
  if (table === undefined) return undefined;
  const parsed = parseFlags(args, table, { interspersed: true });
  if (!parsed.ok) return undefined;
  const value = lastValue(parsed.flags, 'disable-content-trust');
  return value === undefined ? undefined : parseGoBool(value) === true;
}
