import { allRaws, allValues, boolValue, lastRaw, lastValue, parseFlags, parseGoBool, type FlagTable, type ParsedFlag } from '../docker/pflag.js';
import { lazy } from '../lazy.js';
import { replaceableByPull } from '../docker/image-reference.js';
import { readFirstCsvRecord } from '../container/go-csv.js';
import { joinsNamedNetwork } from '../container/container-request.js';
import { localVolumeMount } from '../container/local-volume.js';
import { CACHE_BLIND_WHY, proxyBuildArg } from '../docker/build-cache-blind.js';
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

/**
 * The existing containers a command acts on, as a kind the edge can ask the daemon about:
 * - `named`: `start`, `restart`, `rm`, `kill`, `update` (their arguments: names, ids, id
 *   prefixes), the container of `exec`, `attach` and `rename`, and the CONTAINER: sides of `cp`;
 * - `pruned`: `container prune`, `system prune`: every container, whatever --filter says. The
 *   prune removes the stopped ones, and the caller may stop any other first (`stop` is allowed),
 *   even while prune waits for its y/N (red-team round 20 removed an administrator's container
 *   so). With `-a`, `unusedImages`: the prune also frees image names, those a pull could refill
 *   among them, of images no container uses;
 * - `created-from`: `build -t/--tag` and `--output type=image,name=…` (the names it gives its image), `tag` (its
 *   TARGET name, which it re-points at an image of the caller's choosing), `rmi` (the names it
 *   removes) and `pull` (the name it replaces with what the registry serves; with `--all-tags`
 *   every tag of the repository, `sameRepository`), which change what the containers created
 *   from those names run when recreated. A pull by digest tags nothing, and an official image
 *   is not the caller's to publish (replaceableByPull). `baseImages`: a build that may pull and
 *   tag the base images its Dockerfile names, any name that could be replaced by a pull.
 * - `unread`: argv these flags do not parse, so the targets are unknown (refused).
 * Undefined for any other command and for help. A prune whose flags do not parse still removes
 * what it removes.
 */
export type ContainerTargets =
  | { readonly kind: 'named'; readonly words: readonly string[] }
  | { readonly kind: 'pruned'; readonly unusedImages?: boolean }
  | { readonly kind: 'created-from'; readonly images: readonly string[]; readonly sameRepository?: boolean; readonly baseImages?: boolean }
  | { readonly kind: 'unread'; readonly error: string };

export function containerTargets(command: string, args: readonly string[]): ContainerTargets | undefined {
  // A switch, not a table: the flag tables load only for these commands (`ps` does not load them).
  let table: FlagTable;
  switch (command) {
    case 'container start': table = lazy.leafFlags().START_FLAGS; break;
    case 'container restart': table = lazy.leafFlags().RESTART_FLAGS; break;
    case 'container rm': table = lazy.leafFlags().RM_FLAGS; break;
    case 'container prune': table = lazy.leafFlags().CONTAINER_PRUNE_FLAGS; break;
    case 'system prune': table = lazy.leafFlags().SYSTEM_PRUNE_FLAGS; break;
    case 'image build': table = lazy.leafFlags().BUILD_FLAGS; break;
    case 'image rm': table = lazy.leafFlags().RMI_FLAGS; break;
    case 'image pull': table = lazy.leafFlags().PULL_FLAGS; break;
    case 'container cp': table = lazy.leafFlags().CP_FLAGS; break;
    case 'container exec': return firstPositionalTarget(args, lazy.leafFlags().EXEC_FLAGS, false);
    case 'container attach': table = lazy.leafFlags().ATTACH_FLAGS; break;
    case 'container kill': table = lazy.leafFlags().KILL_FLAGS; break;
    case 'container update': table = lazy.leafFlags().UPDATE_FLAGS; break;
    case 'container rename': return firstPositionalTarget(args, lazy.leafFlags().HELP_ONLY_FLAGS, true);
    case 'image tag': return tagTarget(args);
    default: return undefined;
  }
  const parsed = parseFlags(args, table, { interspersed: true });
  const help = parsed.ok && boolValue(parsed.flags, 'help');
  if (command === 'container prune' || command === 'system prune') {
    if (help) return undefined;
    return command === 'system prune' && parsed.ok && boolValue(parsed.flags, 'all') ? { kind: 'pruned', unusedImages: true } : { kind: 'pruned' };
  }
  if (!parsed.ok) return { kind: 'unread', error: parsed.error };
  if (help) return undefined;
  if (command === 'image build') {
    const images = [...allValues(parsed.flags, 'tag'), ...allValues(parsed.flags, 'output').flatMap(outputImageNames)];
    // `--pull`, and a platform the base images here may not have, make the legacy builder pull the
    // base images its Dockerfile names and tag them (moby builder/dockerfile imagecontext.go
    // PullParent, daemon/images/image_builder.go): names docker-guard does not read, so any.
    const refreshes = boolValue(parsed.flags, 'pull') || (lastValue(parsed.flags, 'platform') ?? '') !== '';
    return refreshes ? { kind: 'created-from', images, baseImages: true } : { kind: 'created-from', images };
  }
  if (command === 'image rm') return { kind: 'created-from', images: parsed.positionals };
  if (command === 'image pull') {
    const images = parsed.positionals.filter(replaceableByPull);
    return boolValue(parsed.flags, 'all-tags') ? { kind: 'created-from', images, sameRepository: true } : { kind: 'created-from', images };
  }
  if (command === 'container cp') return { kind: 'named', words: parsed.positionals.flatMap(cpContainer) };
  return { kind: 'named', words: parsed.positionals };
}

/** `exec CONTAINER COMMAND…` (the rest is the command's, SetInterspersed(false)), `rename CONTAINER NEW_NAME`. */
function firstPositionalTarget(args: readonly string[], table: FlagTable, interspersed: boolean): ContainerTargets | undefined {
  const parsed = parseFlags(args, table, { interspersed });
  if (!parsed.ok) return { kind: 'unread', error: parsed.error };
  if (boolValue(parsed.flags, 'help')) return undefined;
  return { kind: 'named', words: parsed.positionals.slice(0, 1) };
}

/** `tag SOURCE TARGET` (SetInterspersed(false)): TARGET is re-pointed, as `build -t TARGET` would. */
function tagTarget(args: readonly string[]): ContainerTargets | undefined {
  const parsed = parseFlags(args, lazy.leafFlags().HELP_ONLY_FLAGS, { interspersed: false });
  if (!parsed.ok) return { kind: 'unread', error: parsed.error };
  if (boolValue(parsed.flags, 'help')) return undefined;
  // docker wants exactly two words; with more it tags nothing, and every later word counts anyway.
  return { kind: 'created-from', images: parsed.positionals.slice(1) };
}

/**
 * The container an argument of `cp` names, as docker/cli v28.2.2 cli/command/container/cp.go
 * splitCpArg reads it: an absolute path is local, else the text before the FIRST colon is a
 * container, unless there is no colon or it starts with `.` (`./a:b`). So `dir/x:y` names the
 * container `dir/x` (which the daemon will not find), and `-` (stdin, stdout) is local.
 */
function cpContainer(arg: string): string[] {
  if (arg.startsWith('/')) return [];
  const colon = arg.indexOf(':');
  if (colon < 0) return [];
  const container = arg.slice(0, colon);
  return container === '' || container.startsWith('.') ? [] : [container];
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

/**
 * The names an `--output` that stores the image gives it (`type=image|docker|moby,name=a,b`, read
 * as buildx reads the value, one CSV record; the moby exporter tags each name, BuildKit
 * exporter/containerimage): `--tag` by another spelling (a red-team round). An output buildx
 * cannot parse fails the build.
 */
function outputImageNames(out: string): string[] {
  const csv = readFirstCsvRecord(out);
  if (!csv.ok) return [];
  let type: string | undefined;
  const names: string[] = [];
  for (const field of csv.fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (key === 'type') type = value.trim().toLowerCase();
    else if (key === 'name') names.push(...value.split(',').map((n) => n.trim()).filter((n) => n !== ''));
  }
  return type === 'image' || type === 'docker' || type === 'moby' ? names : [];
}

/** Output types that only put the result into the daemon's own image store. */
const STORE_OUTPUTS = new Set(['docker', 'image', 'moby', 'cacheonly']);

function checkBuild(args: readonly string[], rules: BuildRules, containers: ContainerRules): LeafCheck {
  const parsed = parseFlags(args, lazy.leafFlags().BUILD_FLAGS, { interspersed: true });
  if (!parsed.ok) {
    return { ok: false, rule: 'malformed-argv', reason: `\`build\`: ${parsed.error} (the guard only forwards build flags it knows)` };
  }
  const flags = parsed.flags;
  const implied: Implied[] = [];
  // Both builders pull the base images (FROM, COPY --from, RUN --mount=from) they do not have,
  // `--pull` every one; docker has no switch that forbids it.
  if (!boolValue(flags, 'help')) {
    const pull = boolValue(flags, 'pull') ? `\`build ${lastRaw(flags, 'pull')}\` pulls every base image from its registry` : '`build` pulls the base images it does not have (FROM, COPY --from) from their registries';
    implied.push({ capability: 'image pull', because: pull });
  }
  if (boolValue(flags, 'push')) implied.push({ capability: 'image push', because: '`build --push` pushes the image to a registry' });
  for (const out of allValues(flags, 'output')) {
    const fields = csvFields(out);
    const type = fields.get('type') ?? (out.includes('=') ? undefined : 'local');
    // BuildKit's exporters read an empty `push` as true and the rest with Go's ParseBool (`t`,
    // `T`, `TRUE`, …); a value ParseBool rejects fails the build or not: counted as a push.
    const pushValue = fields.get('push');
    const push = pushValue !== undefined && (pushValue === '' || parseGoBool(pushValue) !== false);
    if (type === 'registry' || push) {
      implied.push({ capability: 'image push', because: `\`build --output ${out}\` pushes the image to a registry` });
    } else if (type === undefined || !STORE_OUTPUTS.has(type) || fields.has('dest')) {
      implied.push({ capability: 'image save', because: `\`build --output ${out}\` writes the built image or its files out of docker` });
    }
  }
  for (const cache of allValues(flags, 'cache-to')) {
    const type = csvFields(cache).get('type') ?? 'registry';
    if (type === 'local') {
      implied.push({ capability: 'image save', because: `\`build --cache-to ${cache}\` writes the build's layers to a host directory` });
    } else if (type !== 'inline') {
      implied.push({ capability: 'image push', because: `\`build --cache-to ${cache}\` uploads build cache to a registry or remote store` });
    }
  }
  const builder = lastValue(flags, 'builder');
  if (builder !== undefined) {
    return { ok: false, rule: 'build-builder', reason: `\`build ${lastRaw(flags, 'builder')}\` picks a buildx builder instance, which docker-guard cannot see: a docker-container or kubernetes builder runs as a privileged container from an image of the caller's choosing` };
  }
  // The legacy builder runs each RUN step as a container with these settings: the container rules apply.
  const { checkNamespace, joinNetworkViolation, securityOptProblem } = lazy.containerRules();
  const networks = allValues(flags, 'network');
  const networkRaws = allRaws(flags, 'network');
  for (let i = 0; i < networks.length; i++) {
    const net = networks[i]!;
    if (net.trim().toLowerCase() === 'host') {
      if (rules.hostNetwork) continue;
      return { ok: false, rule: 'build-host-network', reason: `\`build ${networkRaws[i]}\` runs build steps in the host's network namespace (policy: build.hostNetwork is false)` };
    }
    const v = checkNamespace('network', net, `\`build ${networkRaws[i]}\``, containers);
    if (v) return { ok: false, rule: v.rule, reason: v.reason };
    if (!containers.joinNetworks && joinsNamedNetwork(net)) {
      const j = joinNetworkViolation(`\`build ${networkRaws[i]}\` (its steps run as containers that)`, net);
      return { ok: false, rule: j.rule, reason: `${j.reason}; the layers they make are reused by anyone's build of the same steps` };
    }
  }
  if (!rules.hostsAndProxies) {
    const hosts = allRaws(flags, 'add-host');
    if (hosts.length > 0) {
      return { ok: false, rule: 'build-hosts-proxies', reason: `\`build ${hosts[0]}\` changes which address a build step reaches for a host name, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)` };
    }
    const args = allValues(flags, 'build-arg');
    const argRaws = allRaws(flags, 'build-arg');
    for (let i = 0; i < args.length; i++) {
      const proxy = proxyBuildArg(args[i]!);
      if (proxy) return { ok: false, rule: 'build-hosts-proxies', reason: `\`build ${argRaws[i]}\` sets the proxy ${proxy} the build steps fetch through, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)` };
    }
  }
  const cgroupParent = lastValue(flags, 'cgroup-parent');
  if (cgroupParent !== undefined && cgroupParent !== '' && !containers.cgroupParent) {
    return { ok: false, rule: 'cgroup-parent', reason: `\`build ${lastRaw(flags, 'cgroup-parent')}\` places the build's containers in another cgroup, outside the daemon's resource controls: not allowed` };
  }
  if (!containers.unconfined) {
    const opts = allValues(flags, 'security-opt');
    const raws = allRaws(flags, 'security-opt');
    for (let i = 0; i < opts.length; i++) {
      const why = securityOptProblem(opts[i]!);
      if (why) return { ok: false, rule: 'security-opt', reason: `\`build ${raws[i]}\` ${why}: only options that keep the default confinement are allowed` };
    }
  }
  for (const ent of allValues(flags, 'allow').flatMap((v) => v.split(','))) {
    const key = ent.split('=')[0]!.trim();
    if (!rules.entitlements.includes(ent.trim()) && !rules.entitlements.includes(key)) {
      return { ok: false, rule: 'build-entitlement', reason: `\`build --allow ${ent}\` grants the build the entitlement "${key}", which the policy's build.entitlements does not list` };
    }
  }
  return { ok: true, implied };
}

/** A buildx CSV option (`type=registry,push=true`), keys and values lower-cased. */
function csvFields(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase());
    // A bare key (`type=image,push`) is that key with an empty value.
    else if (eq < 0 && part.trim() !== '') out.set(part.trim().toLowerCase(), '');
  }
  return out;
}
