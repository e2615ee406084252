import { emptyRequest, factOf, joinsNamedNetwork, type PathFacts } from '../container/container-request.js';
import { checkContainer, hostPathsOf, joinNetworkViolation } from '../policy/container-rules.js';
import { CACHE_BLIND_WHY, proxyBuildArg } from '../docker/build-cache-blind.js';
import { checkNamedVolumes } from '../policy/volume-rules.js';
import { composeVolumeHash, CONFIG_HASH_LABEL } from './volume-hash.js';
import type { BuildRules, ContainerRules } from '../policy/policy.js';
import type { ComposeModelScope } from './compose-capabilities.js';
import {
  commandOf, readProject, serviceRequest, volumeResource, type ComposeViolation, type Project,
} from './model-request.js';
import { BUILD_KEYS, checkKeys, get, isObject, ModelShapeError, optArray, optBool, optObject, optString, stringList, stringMap, type JsonObject } from './model-shape.js';

export type { ComposeViolation } from './model-request.js';

// The compose model (`docker compose … config --format json`, see config-command.ts) checked
// against the policy: every service becomes a ContainerRequest for the container rules
// (src/policy/container-rules.ts), and the compose-only ways to reach the host are refused by
// rules of their own. Facts (compose v2.36.2 pkg/compose, compose-go v2.6.4):
// * create.go getCreateConfigs/buildContainerVolumes/buildMount: bind sources are absolute after
//   loading (compose-go paths/resolve.go); a local volume whose driver_opts bind a device is a
//   host path; `secrets`/`configs` with `file:` are read-only binds of that file
//   (buildContainerSecretMounts/ConfigMounts; an empty file is filepath.Abs("") = the cwd);
// * defaultNetworkSettings: NetworkMode is `network_mode`, else the moby name of the first network
//   (a network named `host`, e.g. `external: true, name: host`, is the host's network stack);
//   `service:x` becomes `container:<x's container>` (convergence.go), a join like `container:x`;
// * convergence.go/down.go/hook.go: post_start hooks are exec'd into containers as they start,
//   pre_stop hooks as they stop; plugins.go runs a `provider` service's local binary
//   (`docker-<type>` or `<type>` from PATH); watch.go syncs files and execs commands;
// * build_bake.go/build.go: `build.privileged` is the `security.insecure` entitlement.
// Anything the reader does not expect is refused ('compose-model'), never guessed.

export interface ComposeModelOptions {
  /** The policy's build rules (default: no host network, no entitlement). */
  readonly build?: BuildRules;
  /** Whether the policy allows a capability (`container exec`, `container cp`, `image push`,
   *  `volume create`, `network create`); default: none is. */
  readonly allowed?: (capability: string) => boolean;
  /** What the subcommand acts on (composeModelScope); default: everything, every service. */
  readonly scope?: ComposeModelScope;
  /** `-y/--yes`: compose answers its own questions, such as whether to recreate a volume. */
  readonly assumeYes?: boolean;
  /** Why builds would not run on the plain builder (facts.buildEnvironment), if so. */
  readonly buildEnvironment?: string;
  /** Why builds would get proxy build args from config.json (facts.buildProxies), if so. */
  readonly buildProxies?: string;
  /** Why the policy refuses `image build` (or `compose build`) by name, if it does and compose
   *  may build: a service that builds is then refused too (allowing compose covers building only
   *  where it is not refused). */
  readonly buildRefused?: string;
  /** The same for pulling: a service that may pull its image is then refused (its `pull_policy`,
   *  or `pullFlag` in its place, is not `never` or `build`; or a volume of type `image`). */
  readonly pullRefused?: string;
  /** `--pull` as given to up, create or run: compose puts it in place of every service's
   *  `pull_policy` (cmd/compose/create.go Apply). */
  readonly pullFlag?: string;
}

const NO_BUILD: BuildRules = { hostNetwork: false, entitlements: [], hostsAndProxies: false };
const EVERYTHING: ComposeModelScope = { containers: true, build: true, lifecycle: true, watch: true, onlySelected: false };

/** Why `--pull` (in place of every service's pull_policy) lets compose pull, or undefined: compose
 *  takes exactly `never` and `build` as not pulling (other values it rejects fail closed here). */
function pullingFlag(value: string): string | undefined {
  if (value === 'never' || value === 'build') return undefined;
  return `\`--pull ${value}\` makes compose pull the service images that are not here (it replaces every \`pull_policy\`)`;
}

/** The source of the service's first volume of type `image`, if any. */
function imageVolumeSource(svc: JsonObject): string | undefined {
  const volumes = get(svc, 'volumes');
  if (!Array.isArray(volumes)) return undefined;
  for (const v of volumes) {
    if (isObject(v) && get(v, 'type') === 'image') return String(get(v, 'source') ?? '');
  }
  return undefined;
}

/** Why a service's `pull_policy` lets compose pull its image, or undefined when it does not:
 *  `never`, and `build` (which builds instead; the build rules apply). */
function pullingPolicy(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'compose pulls the service image when it is not here (no `pull_policy`: compose\'s default, `missing`)';
  const policy = String(value).toLowerCase();
  if (policy === 'never' || policy === 'build') return undefined;
  if (policy === 'always') return '`pull_policy: always` makes compose pull the service image';
  return `\`pull_policy: ${String(value)}\` makes compose pull the service image when it is not here (or is older than the policy says)`;
}

/**
 * The first violation in compose's resolved model, or undefined. `selected`: the services named on
 * the command line; each must be in the model (`config` leaves out services of inactive profiles,
 * which `up <svc>`/`run <svc>` would still start). `facts.realpaths` must hold the real paths of
 * composeHostPaths(model, facts.cwd).
 */
export function checkComposeModel(
  model: unknown,
  rules: ContainerRules,
  facts: PathFacts,
  selected: readonly string[] = [],
  options: ComposeModelOptions = {},
): ComposeViolation | undefined {
  try {
    return check(readProject(model), rules, facts, selected, options);
  } catch (e) {
    const what = e instanceof ModelShapeError ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
    return { rule: 'compose-model', reason: `compose's resolved model is not what docker-guard can read (${what}); refusing rather than guessing` };
  }
}

/**
 * The selected services and what they depend on, read as the model rules read them, plus the
 * services `extraEdges` names; undefined when the model cannot be read.
 */
export function composeServiceClosure(model: unknown, selected: readonly string[], extraEdges?: (svc: JsonObject) => readonly string[]): string[] | undefined {
  try {
    return withDependencies(readProject(model), selected, extraEdges);
  } catch {
    return undefined;
  }
}

/** Every host path the model's containers would see (for facts.realpaths); [] if unreadable. */
export function composeHostPaths(model: unknown, cwd = ''): string[] {
  try {
    const project = readProject(model);
    const out = new Set<string>();
    for (const [name, svc] of project.services) {
      for (const p of hostPathsOf(serviceRequest(project, name, svc, cwd).request)) out.add(p);
    }
    for (const [key, vol] of project.volumes) {
      const r = volumeResource(key, vol);
      if (r.kind === 'bind') out.add(r.device);
    }
    return [...out];
  } catch {
    return [];
  }
}

/**
 * The daemon volume a `compose run -v SOURCE:…` names: compose maps a SOURCE that is a top-level
 * volume key to that volume's name (pkg/compose/create.go buildMount); anything else is used as
 * typed. Unreadable model: as typed.
 */
export function composeRunVolumeName(model: unknown, source: string): string {
  try {
    const vol = readProject(model).volumes.get(source);
    return vol === undefined ? source : volumeName(source, vol);
  } catch {
    return source;
  }
}

/** The daemon's name of the top-level volume `key`: its `name` (compose-go's normalisation sets
 *  one), else the key. */
function volumeName(key: string, vol: JsonObject): string {
  return optString(vol, 'name', `volumes.${key}`) || key;
}

/** The daemon names of the networks compose would create (the model's top-level networks that
 *  are not external), for facts.networks; [] if unreadable. */
export function composeNetworkNames(model: unknown): string[] {
  try {
    const project = readProject(model);
    const out: string[] = [];
    for (const [key, net] of project.networks) if (!optBool(net, 'external', `networks.${key}`)) out.push(optString(net, 'name', `networks.${key}`) || key);
    return out;
  } catch {
    return [];
  }
}

/** The daemon names of the model's top-level volumes (for facts.volumes); [] if unreadable. */
export function composeVolumeNames(model: unknown): string[] {
  try {
    const project = readProject(model);
    return [...project.volumes].map(([key, vol]) => volumeName(key, vol));
  } catch {
    return [];
  }
}

function check(project: Project, rules: ContainerRules, facts: PathFacts, selected: readonly string[], options: ComposeModelOptions): ComposeViolation | undefined {
  const scope = options.scope ?? EVERYTHING;
  const allowed = options.allowed ?? (() => false);
  const build = options.build ?? NO_BUILD;

  for (const name of selected) {
    if (!project.services.has(name)) {
      return {
        rule: 'compose-model',
        reason: `service "${name}" is named on the command line but is not in compose's resolved model (a service of an inactive profile? name its profile with --profile): docker-guard cannot check what it would run`,
      };
    }
  }

  const names = scope.onlySelected && selected.length > 0 ? withDependencies(project, selected) : [...project.services.keys()].sort();
  for (const name of names) {
    const svc = project.services.get(name)!;
    const where = (what: string): string => `service "${name}": ${what}`;

    if (scope.lifecycle || scope.containers) {
      if (get(svc, 'provider') !== undefined && get(svc, 'provider') !== null) {
        const p = optObject(svc, 'provider', name);
        // compose-go marshals ServiceProviderConfig.Type as "driver" (types.go `json:"driver"`).
        const type = p ? optString(p, 'driver', `${name}.provider`) ?? optString(p, 'type', `${name}.provider`) : undefined;
        return { rule: 'compose-provider', reason: where(`\`provider\`${type ? ` (type ${JSON.stringify(type)})` : ''} makes compose execute a local program (the CLI plugin docker-${type ?? '<type>'} or ${type ?? '<type>'} from PATH) instead of creating a container: not allowed`) };
      }
      const models = get(svc, 'models');
      if (models !== undefined && models !== null && !(isObject(models) && Object.keys(models).length === 0) && !(Array.isArray(models) && models.length === 0)) {
        return { rule: 'compose-provider', reason: where('`models` makes compose run the docker model plugin (a local program) to serve AI models: not allowed') };
      }
    }

    if (scope.lifecycle) {
      const v = checkHooks(svc, name, rules, allowed);
      if (v) return { rule: v.rule, reason: where(v.reason) };
    }
    if (scope.watch) {
      const v = checkWatch(svc, name, rules, allowed);
      if (v) return { rule: v.rule, reason: where(v.reason) };
    }
    if (scope.build && options.buildEnvironment !== undefined && get(svc, 'build') !== undefined && get(svc, 'build') !== null) {
      return { rule: 'build-builder', reason: where(`\`build\`: ${options.buildEnvironment}`) };
    }
    if (scope.build && options.buildProxies !== undefined && !build.hostsAndProxies && get(svc, 'build') !== undefined && get(svc, 'build') !== null) {
      return { rule: 'build-hosts-proxies', reason: where(`\`build\`: ${options.buildProxies}, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)`) };
    }
    if (scope.build && options.buildRefused !== undefined && get(svc, 'build') !== undefined && get(svc, 'build') !== null) {
      return { rule: 'back-door', reason: where(`\`build\` makes compose build the service image, which the policy refuses: ${options.buildRefused}`) };
    }
    if (scope.containers && options.pullRefused !== undefined) {
      const why = options.pullFlag !== undefined ? pullingFlag(options.pullFlag) : pullingPolicy(get(svc, 'pull_policy'));
      if (why !== undefined) return { rule: 'back-door', reason: where(`${why}, which the policy refuses: ${options.pullRefused}; \`--pull never\` (or \`pull_policy: never\`) uses only images that are here`) };
      const image = imageVolumeSource(svc);
      if (image !== undefined) return { rule: 'back-door', reason: where(`a volume of type \`image\` (${JSON.stringify(image)}) makes compose pull that image when it is not here, whatever \`--pull\` or \`pull_policy\` say (pkg/compose/pull.go), which the policy refuses: ${options.pullRefused}`) };
    }
    if (scope.build) {
      const v = checkBuild(svc, name, build, rules, allowed);
      if (v) return { rule: v.rule, reason: where(v.reason) };
    }
    if (scope.containers) {
      const { request, violation } = serviceRequest(project, name, svc, facts.cwd, allowed);
      if (violation) return { rule: violation.rule, reason: where(violation.reason) };
      const v = checkContainer(request, rules, facts) ?? checkNamedVolumes(request.namedVolumes, rules, facts, allowed);
      if (v) return { rule: v.rule, reason: where(v.reason) };
    }
  }

  if (scope.watch) {
    const v = checkHiddenWatch(project, allowed);
    if (v) return v;
  }

  if (scope.containers) {
    const volumes = [...project.volumes].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [key, vol] of volumes) {
      const r = volumeResource(key, vol, allowed);
      if (r.kind === 'violation') return { rule: r.rule, reason: `compose would create ${r.what}: ${r.verdict}` };
      if (r.kind === 'bind') {
        const v = checkContainer(emptyRequest({ hostPaths: [{ source: r.device, target: '', options: r.options, origin: r.origin }] }), rules, facts);
        if (v) return { rule: v.rule, reason: `volume "${key}": ${v.reason}` };
      }
    }
    for (const [key, vol] of volumes) {
      const diverged = checkDivergedVolume(key, vol, facts, allowed, options.assumeYes === true);
      if (diverged) return diverged;
    }
    for (const [key, net] of [...project.networks].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const v = networkResource(key, net, allowed) ?? foreignNetwork(key, net, project.name, rules, facts);
      if (v) return v;
    }
  }
  return undefined;
}

/**
 * An existing volume whose compose config hash differs from the model's makes `up`/`create`/`run`
 * ask "Recreate (data will be lost)?" and, on yes, delete it (ensureVolume, removeDivergedVolume):
 * `volume rm`, reached with -y or by any stdin that can answer (not /dev/null). A hash docker-guard
 * cannot compute counts as different.
 */
function checkDivergedVolume(key: string, vol: JsonObject, facts: PathFacts, allowed: (c: string) => boolean, assumeYes: boolean): ComposeViolation | undefined {
  if (optBool(vol, 'external', `volumes.${key}`)) return undefined;
  const name = volumeName(key, vol);
  const fact = factOf(facts.volumes, name);
  if (fact?.exists === false) return undefined;
  if (!assumeYes && facts.stdinAnswers === false) return undefined;
  if (fact === undefined) {
    if (allowed('volume rm')) return undefined;
    return { rule: 'volume-unread', reason: `docker-guard could not ask the daemon about the volume "${name}" (volumes.${key}), which compose would offer to delete if its configuration changed: ${assumeYes ? '-y answers yes' : 'standard input can answer yes'}` };
  }
  const label = factOf(fact.labels, CONFIG_HASH_LABEL);
  if (label === undefined || label === composeVolumeHash(vol)) return undefined;
  if (allowed('volume rm')) return undefined;
  const how = assumeYes ? 'and -y answers yes' : 'and standard input can answer yes';
  return { rule: 'back-door', reason: `the volume "${name}" exists with another configuration than volumes.${key}, so compose asks whether to recreate it (data will be lost) ${how}, which is \`volume rm\`: not allowed by the policy` };
}

/** The selected services and, transitively, what they depend on (compose-go normalisation puts
 *  links, volumes_from and `service:` namespace references into depends_on; they are read too),
 *  and whatever `extraEdges` adds. */
function withDependencies(project: Project, selected: readonly string[], extraEdges: (svc: JsonObject) => readonly string[] = () => []): string[] {
  const seen = new Set<string>();
  const todo = [...selected];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const svc = project.services.get(name);
    if (!svc) continue;
    const deps = new Set<string>(Object.keys(optObject(svc, 'depends_on', name) ?? {}));
    for (const link of stringList(svc, 'links', name)) deps.add(link.split(':')[0]!);
    for (const vf of stringList(svc, 'volumes_from', name)) if (!vf.startsWith('container:')) deps.add(vf.split(':')[0]!);
    for (const key of ['network_mode', 'pid', 'ipc', 'uts', 'cgroup']) {
      const v = optString(svc, key, name);
      if (v?.startsWith('service:')) deps.add(v.slice('service:'.length));
    }
    for (const d of extraEdges(svc)) deps.add(d);
    for (const d of deps) if (project.services.has(d)) todo.push(d);
  }
  return [...seen].filter((n) => project.services.has(n)).sort();
}


/** Bridge driver options that only tune the bridge compose creates. */
const SAFE_BRIDGE_OPTS: ReadonlySet<string> = new Set([
  'com.docker.network.bridge.enable_icc', 'com.docker.network.bridge.enable_ip_masquerade',
  'com.docker.network.bridge.host_binding_ipv4', 'com.docker.network.driver.mtu',
  'com.docker.network.container_iface_prefix', 'com.docker.network.bridge.inhibit_ipv4',
]);

/** Networks compose creates: a driver other than bridge/overlay (macvlan, ipvlan, plugins) or a
 *  bridge option that reuses a host bridge or turns off NAT/isolation is `network create` power. */
function networkResource(key: string, net: JsonObject, allowed: (c: string) => boolean): ComposeViolation | undefined {
  const where = `networks.${key}`;
  if (optBool(net, 'external', where) || allowed('network create')) return undefined;
  const driver = optString(net, 'driver', where) ?? '';
  if (driver !== '' && driver !== 'bridge' && driver !== 'overlay') {
    return { rule: 'compose-network', reason: `network "${key}": \`driver: ${driver}\` creates a network that is not an isolated bridge (macvlan/ipvlan put containers on the host's LAN): not allowed unless the policy allows \`network create\`` };
  }
  // The daemon checks only the subnets it picks itself against the host's routes: one given here
  // may cover a range the host reaches through another interface, whose traffic then goes to the
  // project's containers (red-team round 16: a host's NFS server address taken over).
  const ipam = optObject(net, 'ipam', where);
  if (ipam) {
    const ipamDriver = optString(ipam, 'driver', `${where}.ipam`) ?? '';
    if (ipamDriver !== '' && ipamDriver !== 'default') {
      return { rule: 'compose-network', reason: `network "${key}": \`ipam.driver: ${ipamDriver}\` hands its addresses to an IPAM plugin: not allowed unless the policy allows \`network create\`` };
    }
    const options = optObject(ipam, 'options', `${where}.ipam`);
    if (options && Object.keys(options).length > 0) {
      return { rule: 'compose-network', reason: `network "${key}": \`ipam.options\` sets options of the address allocator: not allowed unless the policy allows \`network create\`` };
    }
    const configs = optArray(ipam, 'config', `${where}.ipam`);
    for (const [i, c] of configs.entries()) {
      const given = isObject(c) ? Object.keys(c).filter((k) => { const v = get(c, k); return v !== null && v !== '' && !(isObject(v) && Object.keys(v).length === 0); }) : ['?'];
      if (given.length > 0) {
        return { rule: 'compose-network', reason: `network "${key}": \`ipam.config[${i}]\` sets its own addresses (${given.join(', ')}), which the daemon does not check against the host's routes (a subnet inside one the host reaches elsewhere takes that traffic): not allowed unless the policy allows \`network create\`` };
      }
    }
  }
  for (const [opt, value] of stringMap(net, 'driver_opts', where)) {
    if (driver !== 'overlay' && !SAFE_BRIDGE_OPTS.has(opt)) {
      return { rule: 'compose-network', reason: `network "${key}": the driver option ${opt}=${value} changes how the network reaches the host (e.g. an existing host bridge, routed or unprotected NAT): not allowed unless the policy allows \`network create\`` };
    }
  }
  return undefined;
}

/** A network compose would create finds one under its name already: compose uses it as it is
 *  (create.go warnUnmanagedNetworks only warns), so a model can name an administrator's network
 *  (`name: adminnet`, not external) and join it. One made for this project is the project's own. */
function foreignNetwork(key: string, net: JsonObject, project: string, rules: ContainerRules, facts: PathFacts): ComposeViolation | undefined {
  const where = `networks.${key}`;
  if (optBool(net, 'external', where) || rules.joinNetworks) return undefined;
  const name = optString(net, 'name', where) || key;
  const fact = factOf(facts.networks, name);
  if (fact === undefined) {
    return { rule: 'network-unread', reason: `compose would create the network "${name}" (${where}), or use one of that name that exists already, and docker-guard could not ask the daemon which` };
  }
  if (!fact.exists || fact.project === project) return undefined;
  const whose = fact.project === '' ? 'not by compose' : `for the compose project "${fact.project}"`;
  const j = joinNetworkViolation(`${where} (the network named "${name}")`, name);
  return { rule: j.rule, reason: `${j.reason}: it exists already, made ${whose}, and compose would use it as it is` };
}

function checkHooks(svc: JsonObject, name: string, rules: ContainerRules, allowed: (c: string) => boolean): ComposeViolation | undefined {
  const pre = optArray(svc, 'pre_start', name);
  if (pre.length > 0) {
    return { rule: 'compose-hook', reason: 'pre_start[0] makes compose run an extra container (any image, privileged if asked) before the service starts: not allowed' };
  }
  for (const key of ['post_start', 'pre_stop'] as const) {
    const hooks = optArray(svc, key, name);
    const when = key === 'post_start' ? 'as the container starts' : 'before the container stops';
    for (const [i, hook] of hooks.entries()) {
      const cmd = isObject(hook) ? commandOf(get(hook, 'command'), `${name}.${key}[${i}].command`) : undefined;
      const privileged = isObject(hook) && optBool(hook, 'privileged', `${name}.${key}[${i}]`);
      const run = `${key}[${i}] makes compose run \`${(cmd ?? []).join(' ')}\`${privileged ? ' with --privileged' : ''} inside the container ${when}`;
      if (!allowed('container exec')) return { rule: 'compose-hook', reason: `${run}, which is \`container exec\`: not allowed by the policy` };
      // The hook is `exec --privileged` (pkg/compose/hook.go): allowing exec does not allow that.
      if (privileged && !rules.privileged) return { rule: 'privileged', reason: privilegedExecWhy(run) };
    }
  }
  return undefined;
}

/** Why an exec with `privileged: true` (a hook, a watch rule's exec) needs containers.privileged. */
function privilegedExecWhy(run: string): string {
  return `${run}, as \`exec --privileged\`: with every capability and every host device, without seccomp or AppArmor, as a privileged container would; privileged containers are not allowed`;
}

/**
 * Once watch runs (the attached `up` menu offers it when any service has develop.watch: compose
 * shouldWatch), compose also watches each service that has no `develop` by the deprecated
 * `x-develop` extension (watch.go loadDevelopmentConfig), which `config --format json` never
 * prints: such a service may sync files and run commands whatever the visible rules say.
 */
function checkHiddenWatch(project: Project, allowed: (c: string) => boolean): ComposeViolation | undefined {
  const names = [...project.services.keys()].sort();
  const developOf = (name: string): JsonObject | undefined => optObject(project.services.get(name)!, 'develop', name);
  const watched = names.find((name) => {
    const develop = developOf(name);
    return develop !== undefined && get(develop, 'watch') !== undefined && get(develop, 'watch') !== null;
  });
  const unseen = names.find((name) => developOf(name) === undefined);
  if (watched === undefined || unseen === undefined) return undefined;
  const missing = ['container cp', 'container exec'].find((c) => !allowed(c));
  if (missing === undefined) return undefined;
  return {
    rule: 'compose-watch',
    reason: `service "${watched}" has develop.watch, so the attached \`up\` menu can turn watch mode on, and watch then follows any \`x-develop\` rules of service "${unseen}" (compose's model does not show them), which can copy files and run commands in it (\`${missing}\`, not allowed by the policy); use \`up -d\` or \`up --menu=false\``,
  };
}

function checkWatch(svc: JsonObject, name: string, rules: ContainerRules, allowed: (c: string) => boolean): ComposeViolation | undefined {
  const develop = optObject(svc, 'develop', name);
  if (!develop) return undefined;
  const triggers = optArray(develop, 'watch', `${name}.develop`);
  for (const [i, t] of triggers.entries()) {
    const where = `${name}.develop.watch[${i}]`;
    if (!isObject(t)) throw new ModelShapeError(where, 'expected a watch rule');
    const action = optString(t, 'action', where) ?? '';
    const exec = optObject(t, 'exec', where);
    const needs: string[] = [];
    if (action === 'sync' || action === 'sync+restart' || action === 'sync+exec') needs.push('container cp');
    if (action === 'sync+exec' || (exec && commandOf(get(exec, 'command'), `${where}.exec.command`)?.length)) needs.push('container exec');
    if (!['sync', 'sync+restart', 'sync+exec', 'rebuild', 'restart'].includes(action)) {
      return { rule: 'compose-watch', reason: `develop.watch[${i}] has the action ${JSON.stringify(action)}, which docker-guard does not know` };
    }
    const missing = needs.find((c) => !allowed(c));
    const path = optString(t, 'path', where) ?? '?';
    if (missing) {
      return { rule: 'compose-watch', reason: `develop.watch[${i}] (${action} of ${path}) makes compose watch mode ${missing === 'container cp' ? 'copy host files into the container' : 'run commands inside the container'}, which is \`${missing}\`: not allowed by the policy` };
    }
    // The watch rule's exec is a hook like post_start's (compose-go ServiceHook, its own privileged).
    if (exec && needs.includes('container exec') && optBool(exec, 'privileged', `${where}.exec`) && !rules.privileged) {
      return { rule: 'privileged', reason: privilegedExecWhy(`develop.watch[${i}] (${action} of ${path}) makes compose watch mode run \`${(commandOf(get(exec, 'command'), `${where}.exec.command`) ?? []).join(' ')}\` with --privileged inside the container`) };
    }
  }
  return undefined;
}

function checkBuild(svc: JsonObject, name: string, rules: BuildRules, containers: ContainerRules, allowed: (c: string) => boolean): ComposeViolation | undefined {
  const build = optObject(svc, 'build', name);
  if (!build) return undefined;
  const where = `${name}.build`;
  checkKeys(build, BUILD_KEYS, where);
  const network = (optString(build, 'network', where) ?? '').trim();
  const net = network.toLowerCase();
  if (net === 'host') {
    if (!rules.hostNetwork) return { rule: 'build-host-network', reason: '`build.network: host` runs the build steps in the host\'s network namespace (policy: build.hostNetwork is false)' };
  } else if (net.startsWith('container:')) {
    if (!containers.joinContainerNamespaces) return { rule: 'build-network', reason: `\`build.network: ${network}\` runs the build steps in another container's network namespace: not allowed` };
  } else if (net.startsWith('ns:') || net.startsWith('/')) {
    return { rule: 'build-network', reason: `\`build.network: ${network}\` is not a build network docker-guard knows (host, none, default, bridge, or a network's name)` };
  } else if (joinsNamedNetwork(network) && !containers.joinNetworks) {
    const j = joinNetworkViolation(`\`build.network: ${network}\` (the build steps run as containers that)`, network);
    return { rule: j.rule, reason: `${j.reason}; the layers they make are reused by anyone's build of the same steps` };
  }
  if (!rules.hostsAndProxies) {
    const hosts = get(build, 'extra_hosts');
    if ((Array.isArray(hosts) && hosts.length > 0) || (isObject(hosts) && Object.keys(hosts).length > 0)) {
      return { rule: 'build-hosts-proxies', reason: `\`build.extra_hosts\` changes which address a build step reaches for a host name, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)` };
    }
    const args = get(build, 'args');
    const keys = Array.isArray(args) ? args.filter((a): a is string => typeof a === 'string') : isObject(args) ? Object.keys(args) : [];
    for (const key of keys) {
      const proxy = proxyBuildArg(key);
      if (proxy) return { rule: 'build-hosts-proxies', reason: `\`build.args\` sets the proxy ${proxy} the build steps fetch through, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)` };
    }
  }
  const entitlements = stringList(build, 'entitlements', where);
  if (optBool(build, 'privileged', where)) entitlements.push('security.insecure');
  for (const ent of entitlements) {
    const key = ent.split('=')[0]!.trim();
    if (!rules.entitlements.includes(ent.trim()) && !rules.entitlements.includes(key)) {
      const how = ent === 'security.insecure' && optBool(build, 'privileged', where) ? '`build.privileged: true`' : `\`build.entitlements\` ${JSON.stringify(ent)}`;
      return { rule: 'build-entitlement', reason: `${how} grants the build the entitlement "${key}", which the policy's build.entitlements does not list` };
    }
  }
  for (const cache of stringList(build, 'cache_to', where)) {
    const type = /(?:^|,)\s*type\s*=\s*([^,]*)/i.exec(cache)?.[1]?.trim().toLowerCase() ?? 'registry';
    if (type === 'local' && !allowed('image save')) {
      return { rule: 'back-door', reason: `\`build.cache_to: ${cache}\` writes the build's layers to a host directory, which is \`image save\`: not allowed by the policy` };
    }
    if (type !== 'inline' && type !== 'local' && !allowed('image push')) {
      return { rule: 'back-door', reason: `\`build.cache_to: ${cache}\` uploads build cache to a registry, which is \`image push\`: not allowed by the policy` };
    }
  }
  return undefined;
}

