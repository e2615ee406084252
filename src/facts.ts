import { normalisedImageName, normalisedRepository, replaceableByPull } from './docker/image-reference.js';
import { mayPullImage } from './container/container-request.js';
import { nodeFs, nodePath } from './node-builtins.js';
import type { ComposeModelFact } from './compose-model-reader.js';
import { lazy } from './lazy.js';
import { isMissing, walkLookups } from './path-walk.js';
import { parseGoBool } from './docker/pflag.js';
import type { BuiltinInvocation, Invocation, PluginInvocation } from './docker/invocation.js';
import type { Facts } from './policy/decision.js';

// The file-system facts the pure decision needs, gathered (I/O) before it runs: the canonical
// real path of every host path a container would see, and the daemon socket in use. node:fs and
// node:path are loaded only when there is a path to resolve (src/node-builtins.ts says why).

export interface FactsInput {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The real docker, to ask compose for its resolved model; absent = the model is not read. */
  readonly realDocker?: string;
}

/** The commands that tag what they verify under content trust (docker/cli image/trust.go callers). */
const TRUST_COMMANDS: ReadonlySet<string> = new Set(['image pull', 'container run', 'container create', 'image build']);

export function gatherFacts(inv: Invocation, input: FactsInput): Facts {
  const sources = new Set<string>();
  const volumeNames = new Set<string>();
  // The existing containers a command would start, remove or change the image of (second pass only).
  const defaultPlatform = defaultPlatformOf(input.env);
  let targetContainers = inv.kind === 'builtin' && input.realDocker ? readTargetContainers(inv, input.realDocker, input, defaultPlatform) : undefined;
  if (inv.kind === 'builtin' && (inv.command === 'container run' || inv.command === 'container create')) {
    const { parseRunArgs } = lazy.runArgs();
    const parsed = parseRunArgs(inv.args, input.cwd, inv.command === 'container run' ? 'run' : 'create');
    if (parsed.ok) {
      for (const m of parsed.request.hostPaths) sources.add(m.source);
      for (const v of parsed.request.namedVolumes) volumeNames.add(v.name);
      // A pull tags the image under its name, as `docker pull` does.
      const image = parsed.request.image;
      if (input.realDocker && mayPullImage(parsed.request) && image !== undefined && replaceableByPull(image)) {
        targetContainers = readContainersCreatedFrom([image], answeringGlobals(inv), input.realDocker, input);
      }
    }
  }
  // `system prune` removes the user-defined networks no container is attached to (the caller may
  // stop their containers first), whose names anyone may then take (decide.ts checkPrunedNetworks).
  const userNetworks = inv.kind === 'builtin' && inv.command === 'system prune' && input.realDocker && targetContainers !== undefined
    ? lazy.networkFactsReader().readUserNetworks(input.realDocker, answeringGlobals(inv), input.cwd, input.env)
    : undefined;
  let composeModel: ComposeModelFact | undefined;
  let projectContainers: Facts['projectContainers'];
  let networks: Facts['networks'];
  if (inv.kind === 'plugin' && inv.name === 'compose') {
    const compose = readComposeFacts(inv, input, sources, volumeNames, defaultPlatform);
    ({ composeModel, projectContainers, networks } = compose);
    if (compose.targetContainers !== undefined) targetContainers = compose.targetContainers;
  }
  // Volumes of existing containers are judged by what they are alone (a bind volume of / makes a
  // container powerful); who else mounts them would not change the answer and is not asked.
  const theirVolumes = new Set<string>();
  if (targetContainers?.ok === true) {
    for (const c of targetContainers.containers) {
      for (const m of c.request.hostPaths) sources.add(m.source);
      for (const n of c.volumes) theirVolumes.add(n);
    }
  }
  // Named volumes are looked up only with the real docker at hand (the second pass of
  // decide-with-facts.ts): without it the decision refuses them as unread.
  let volumes: Facts['volumes'];
  if ((volumeNames.size > 0 || theirVolumes.size > 0) && input.realDocker) {
    const { readVolumeFacts } = lazy.volumeFactsReader();
    volumes = readVolumeFacts(input.realDocker, answeringGlobals(inv), [...volumeNames], input.cwd, input.env, 'ask users');
    // The containers that mount the command's volumes already are judged too: their binds, and
    // their other volumes.
    for (const name of volumeNames) {
      const fact = volumes[name];
      if (fact?.exists !== true || fact.usedBy === 'not asked') continue;
      for (const other of fact.usedBy) {
        for (const m of other.request.hostPaths) sources.add(m.source);
        for (const n of other.volumes) theirVolumes.add(n);
      }
    }
    const rest = [...theirVolumes].filter((n) => !volumeNames.has(n));
    if (rest.length > 0) Object.assign(volumes, readVolumeFacts(input.realDocker, answeringGlobals(inv), rest, input.cwd, input.env, 'not users'));
    for (const n of rest) volumeNames.add(n);
    for (const device of lazy.volumeRules().volumeDevicesOf(volumeNames, { cwd: input.cwd, realpaths: {}, volumes })) sources.add(device);
  }
  // Outside the argv: what picks the builder, and content trust (src/build-environment.ts).
  const builds = (inv.kind === 'builtin' && inv.command === 'image build') || (inv.kind === 'plugin' && inv.name === 'compose');
  const buildEnvironment = builds ? lazy.buildEnvironment().buildEnvironmentProblem(input.env, inv.kind === 'plugin' ? 'compose build' : 'docker build') : undefined;
  const buildProxies = builds ? lazy.buildEnvironment().configProxies(input.env) : undefined;
  const contentTrust = inv.kind === 'builtin' && TRUST_COMMANDS.has(inv.command) ? contentTrustOn(input.env) : undefined;
  const realpaths: Record<string, string> = {};
  for (const source of sources) {
    const real = canonicalRealPath(source);
    // No entry = the decision cannot know where the path leads, and refuses it.
    if (real !== undefined) realpaths[source] = real;
  }
  const redirectable: Record<string, string | null> = {};
  const lookupDirs: Record<string, string[]> = {};
  const mountSafety: Record<string, string | null> = {};
  const subMounts: Record<string, string | null> = {};
  if (sources.size > 0) {
    const safety = lazy.mountSafety();
    const mounts = safety.readMounts();
    const hardlinks = safety.hardlinksProtected();
    for (const source of sources) {
      const real = realpaths[source];
      if (real === undefined) continue;
      const mountId = safety.mountIdOf(real);
      mountSafety[source] = safety.writableBindProblem(real, mountId, mounts, hardlinks);
      subMounts[source] = safety.kernelFileSystemProblem(real, mountId, mounts) ?? safety.socketMountProblem(real, mounts) ?? safety.subMountProblem(real, mounts);
    }
  }
  for (const source of sources) {
    const walked = walkPathFacts(source);
    redirectable[source] = walked.writable;
    if (walked.dirs !== undefined) lookupDirs[source] = walked.dirs;
  }
  // The daemon socket matters only to a bind mount (container-rules.ts checkHostPath). Without one,
  // resolving DOCKER_HOST's path would load node:fs on every call (about 0.5 ms, bench/) for nothing.
  const daemonSockets = sources.size > 0 ? daemonSocketsOf(input.env) : [];
  // compose may ask whether to recreate a volume; /dev/null cannot answer (model-rules.ts).
  const stdinAnswers = composeModel ? !stdinIsDevNull() : undefined;
  return {
    cwd: input.cwd, realpaths, daemonSockets, redirectable, lookupDirs, mountSafety, subMounts, ...(composeModel ? { composeModel } : {}), ...(volumes ? { volumes } : {}),
    ...(stdinAnswers === undefined ? {} : { stdinAnswers }),
    ...(buildEnvironment === undefined ? {} : { buildEnvironment }),
    ...(buildProxies === undefined ? {} : { buildProxies }),
    ...(contentTrust === undefined ? {} : { contentTrust }),
    ...(defaultPlatform ? { defaultPlatform } : {}),
    ...(projectContainers === undefined ? {} : { projectContainers }),
    ...(targetContainers === undefined ? {} : { targetContainers }),
    ...(networks === undefined ? {} : { networks }),
    ...(userNetworks === undefined ? {} : { userNetworks }),
  };
}

/**
 * What compose's side of a decision needs: its resolved model (for the subcommands that act on
 * it or pull), the host paths and volumes in it, the project's existing containers, and the
 * containers made from the image names it would build or pull. Adds to `sources` and
 * `volumeNames`.
 */
function readComposeFacts(
  inv: PluginInvocation,
  input: FactsInput,
  sources: Set<string>,
  volumeNames: Set<string>,
  defaultPlatform: boolean,
): { composeModel?: ComposeModelFact; projectContainers?: Facts['projectContainers']; targetContainers?: Facts['targetContainers']; networks?: Facts['networks'] } {
  let composeModel: ComposeModelFact | undefined;
  let networks: Facts['networks'];
  let projectContainers: Facts['projectContainers'];
  let targetContainers: Facts['targetContainers'];
  const { leafBool, parseComposeArgs } = lazy.composeArgv();
  const { composeActsOnContainers, composeInherits, composeMayBuild, composeModelScope, composePulls, composeReadsFiles, composeRemoves, composeRunRequest, composeSelectedServices, composeWorksInside } = lazy.composeCapabilities();
  const parsed = parseComposeArgs(inv.args, { help: inv.viaHelp });
  if (!parsed.ok) return {};
  if (parsed.subcommand === 'run') {
    const run = composeRunRequest(parsed, input.cwd);
    if (run.ok) {
      for (const m of run.request.hostPaths) sources.add(m.source);
      for (const v of run.request.namedVolumes) volumeNames.add(v.name);
    }
  }
  const scope = composeModelScope(parsed);
  const pulls = composePulls(parsed);
  const removes = composeRemoves(parsed);
  if ((scope !== undefined || pulls !== undefined || (removes !== undefined && composeReadsFiles(parsed))) && input.realDocker) {
    // docker's own global flags, as typed before the word `compose`.
    const dockerGlobals = inv.argv.slice(0, inv.argv.length - inv.args.length - 1);
    const { readComposeModel } = lazy.composeModelReader();
    const { composeHostPaths, composeNetworkNames, composeRunVolumeName, composeVolumeNames } = lazy.composeModelRules();
    composeModel = readComposeModel(input.realDocker, dockerGlobals, parsed, input.cwd, input.env);
    if (composeModel.ok) {
      // A network compose would create may exist already under its name (compose then uses it).
      if (scope?.containers === true) networks = lazy.networkFactsReader().readNetworkFacts(input.realDocker, answeringGlobals(inv), composeNetworkNames(composeModel.model), input.cwd, input.env);
      for (const p of composeHostPaths(composeModel.model, input.cwd)) sources.add(p);
      for (const n of composeVolumeNames(composeModel.model)) volumeNames.add(n);
      if (parsed.subcommand === 'run') {
        const model = composeModel.model;
        for (const n of [...volumeNames]) volumeNames.add(composeRunVolumeName(model, n));
      }
      // The containers made from the image names compose would build or pull, as for
      // `build -t` and `docker pull`.
      const build = scope?.build === true && composeMayBuild(parsed);
      const { composeRemovedImages, composeReplacedImages, composeRefreshesBaseImages } = lazy.composeReplacedImages();
      const replaced = [...composeReplacedImages(composeModel.model, build, pulls, composeSelectedServices(parsed)), ...(removes ? composeRemovedImages(composeModel.model, removes) : [])];
      const baseImages = composeRefreshesBaseImages(composeModel.model, build, parsed.subcommand === 'build' && leafBool(parsed, 'pull'), defaultPlatform);
      if (replaced.length > 0 || baseImages) targetContainers = readContainersCreatedFrom(replaced.map((r) => r.image), answeringGlobals(inv), input.realDocker, input, false, baseImages);
      if (composeInherits(parsed) || composeActsOnContainers(parsed)) {
        const model: unknown = composeModel.model;
        const name = typeof model === 'object' && model !== null ? (model as { name?: unknown }).name : undefined;
        projectContainers = typeof name === 'string' && name !== ''
          ? lazy.composeContainersReader().readProjectContainers(input.realDocker, answeringGlobals(inv), name, input.cwd, input.env)
          : { ok: false, error: 'the resolved model names no project' };
      }
    }
  } else if (composeActsOnContainers(parsed) && input.realDocker) {
    // `-p NAME` without a compose file: compose works from the containers' labels alone.
    projectContainers = readNamedProject(inv, input.realDocker, input, parsed.globals.projectName ?? '');
  } else if (composeWorksInside(parsed) !== undefined && input.realDocker) {
    // exec, cp and attach find the project by -p, else COMPOSE_PROJECT_NAME, else by loading the
    // compose files (cmd/compose/compose.go toProjectName), and the container by its labels.
    const named = parsed.globals.projectName || input.env['COMPOSE_PROJECT_NAME'] || '';
    if (named !== '') {
      projectContainers = readNamedProject(inv, input.realDocker, input, named);
    } else {
      const dockerGlobals = inv.argv.slice(0, inv.argv.length - inv.args.length - 1);
      const model = lazy.composeModelReader().readComposeModel(input.realDocker, dockerGlobals, parsed, input.cwd, input.env);
      const name: unknown = model.ok && typeof model.model === 'object' && model.model !== null ? (model.model as { name?: unknown }).name : undefined;
      projectContainers = !model.ok ? { ok: false, error: `which project it is: ${model.error}` }
        : typeof name === 'string' && name !== '' ? readNamedProject(inv, input.realDocker, input, name) : { ok: false, error: 'the resolved model names no project' };
    }
  }
  if (projectContainers) {
    const inherited = lazy.composeInheritedMounts().inheritedMountSources(projectContainers);
    for (const p of inherited.hostPaths) sources.add(p);
    for (const n of inherited.volumeNames) volumeNames.add(n);
  }
  return { ...(composeModel ? { composeModel } : {}), ...(projectContainers ? { projectContainers } : {}), ...(targetContainers ? { targetContainers } : {}), ...(networks ? { networks } : {}) };
}

/** The containers of the project compose would find by that name (from their labels alone). */
function readNamedProject(inv: PluginInvocation, realDocker: string, input: FactsInput, name: string): Facts['projectContainers'] {
  return /^[a-z0-9][a-z0-9_-]*$/.test(name)
    ? lazy.composeContainersReader().readProjectContainers(realDocker, answeringGlobals(inv), name, input.cwd, input.env)
    : { ok: false, error: `${JSON.stringify(name)} is not a project name compose takes` };
}

/**
 * What the daemon says of the containers `start`, `restart`, `stop`, `rm`, `kill`, `update`,
 * `exec`, `attach`, `rename` and `cp` name (and of every container whose id starts with a named
 * word), of every container for a prune (it removes the stopped ones, and the caller may stop any
 * first), and of those created from an image name
 * `build -t`, `tag`, `rmi` or `pull` takes away or refills (by
 * the name they were created from: an image the name no longer points at is still theirs);
 * undefined when the command acts on none.
 */
function readTargetContainers(inv: BuiltinInvocation, realDocker: string, input: FactsInput, defaultPlatform: boolean): Facts['targetContainers'] {
  const targets = lazy.containerTargets().containerTargets(inv.command, inv.args);
  if (targets === undefined || targets.kind === 'unread' || (targets.kind === 'named' && targets.words.length === 0)) return undefined;
  const globals = answeringGlobals(inv);
  if (targets.kind === 'created-from') {
    const baseImages = targets.baseImages === true || (inv.command === 'image build' && defaultPlatform);
    if (targets.images.length === 0 && !baseImages) return undefined;
    let images = targets.images;
    const ids = targets.images.filter((w) => /^(sha256:)?[0-9a-f]+$/.test(w.trim()));
    if (inv.command === 'image rm' && ids.length > 0) {
      // `rmi <id>` untags every name the image has: those names count too (`rmi NAME` only NAME).
      const tags = lazy.containerListing().imageTags(realDocker, globals, ids, input.cwd, input.env);
      if (!tags.ok) return tags;
      images = [...images, ...tags.tags];
    }
    return readContainersCreatedFrom(images, globals, realDocker, input, targets.sameRepository === true, baseImages);
  }
  const { inspectContainers } = lazy.containerListing();
  if (targets.kind === 'pruned') {
    // Every container: a running one can be stopped before the prune runs (container-targets.ts). That
    // also covers `prune -a`, which removes every image no container uses and every name but the
    // last (sorted) of an image one uses: a name a running container was made from goes when its
    // image has a second name, which the caller can add at any moment (red-team rounds 14, 15).
    return inspectedTargets(inspectContainers(realDocker, globals, [], input.cwd, input.env));
  }
  return inspectedTargets(inspectNamedAndPrefixed(realDocker, globals, targets.words, input.cwd, input.env));
}

/** The containers created from these image names (or ids), or from any tag of their repositories:
 *  `build -t`, `rmi`, pulls, compose's builds. */
function readContainersCreatedFrom(images: readonly string[], globals: readonly string[], realDocker: string, input: FactsInput, sameRepository = false, anyPullable = false): Facts['targetContainers'] {
  const { containersCreatedFrom, inspectContainers } = lazy.containerListing();
  const all = inspectContainers(realDocker, globals, [], input.cwd, input.env);
  return inspectedTargets(containersCreatedFrom(all, images, sameRepository ? normalisedRepository : normalisedImageName, anyPullable ? replaceableByPull : undefined));
}

/** DOCKER_DEFAULT_PLATFORM is every run's, build's and compose service's default --platform. */
function defaultPlatformOf(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.DOCKER_DEFAULT_PLATFORM ?? '') !== '';
}

function inspectedTargets(listed: ReturnType<typeof import('./container-listing.js').inspectContainers>): Facts['targetContainers'] {
  if (!listed.ok) return listed;
  const { inspectedContainer } = lazy.inspectedContainer();
  const containers = [];
  for (const v of listed.containers) {
    const c = inspectedContainer(v);
    if (typeof c === 'string') return { ok: false, error: c };
    containers.push(c);
  }
  return { ok: true, containers };
}

/**
 * The containers these words designate, and every container whose id starts with one of them: the
 * daemon takes such a word for that id once the container it names now is gone.
 */
function inspectNamedAndPrefixed(realDocker: string, globals: readonly string[], names: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>): ReturnType<typeof import('./container-listing.js').inspectNamedContainers> {
  const { containerIdsWithPrefixes, inspectNamedContainers } = lazy.containerListing();
  const prefixed = containerIdsWithPrefixes(realDocker, globals, names, cwd, env);
  if (!prefixed.ok) return prefixed;
  return inspectNamedContainers(realDocker, globals, [...names, ...prefixed.ids], cwd, env);
}

/**
 * docker's global flags as they apply to the command (each as --name=value), for a question to the
 * same daemon the command reaches; --version/--help would make that docker print text instead of
 * answering.
 */
export function answeringGlobals(inv: Invocation): string[] {
  return inv.globals.filter((g) => g.name !== 'version' && g.name !== 'help').map((g) => `--${g.name}=${g.value}`);
}

/**
 * One kernel-order walk of `source` (symlink targets included) for two facts:
 * - `dirs`: every directory it looks a name up in (undefined when it cannot be walked);
 * - `writable`: the first of them the caller can write, or owns (and so can make writable), or
 *   null. Such a directory lets the caller replace the entry, e.g. by a symlink to /, after the
 *   check. A sticky directory (/tmp) protects entries the caller does not own. Root is not asked:
 *   it needs no symlink to reach any host path. An unwalkable path counts as writable.
 */
export function walkPathFacts(source: string): { dirs: string[] | undefined; writable: string | null } {
  const uid = process.getuid?.() ?? -1;
  const { accessSync, constants, lstatSync } = nodeFs();
  const dirs: string[] = [];
  let writable: string | null = null;
  const found = walkLookups(source, ({ dir, entry }) => {
    if (!dirs.includes(dir)) dirs.push(dir);
    if (uid === 0 || writable !== null) return undefined;
    let parent: ReturnType<typeof lstatSync>;
    try {
      parent = lstatSync(dir);
    } catch {
      writable = dir; // gone while we looked: someone is changing it
      return undefined;
    }
    // Its owner can make a directory writable (chmod, an ACL) whenever it likes.
    if (parent.uid === uid) {
      writable = dir;
      return undefined;
    }
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return undefined;
    }
    const sticky = (parent.mode & 0o1000) !== 0;
    // A missing entry in a writable directory can be created, as a symlink, by the caller.
    if (!sticky || entry === undefined || entry.uid === uid) writable = dir;
    return undefined;
  });
  if (found === 'unresolved') return { dirs: undefined, writable: uid === 0 ? null : writable ?? source };
  return { dirs, writable };
}

function stdinIsDevNull(): boolean {
  const { fstatSync, statSync } = nodeFs();
  try {
    const stdin = fstatSync(0);
    return stdin.isCharacterDevice() && stdin.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/**
 * Where a bind source really leads. The kernel resolves components left to right (a symlink
 * first, then `..` from where it points); docker's daemon may clean the path lexically first.
 * When a `..` makes the two readings differ, there is no single answer: undefined (refused).
 */
export function canonicalRealPath(source: string): string | undefined {
  if (!source.startsWith('/')) return undefined;
  const kernel = walk(source);
  const lexical = walk(nodePath().posix.normalize(source));
  return kernel !== undefined && kernel === lexical ? kernel : undefined;
}

/** Resolves the existing prefix component by component; the missing rest is appended as is. */
function walk(p: string): string | undefined {
  const { posix } = nodePath();
  const { lstatSync, realpathSync } = nodeFs();
  let current = '/';
  const parts = p.split('/').filter((c) => c !== '' && c !== '.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '..') {
      current = posix.dirname(current);
      continue;
    }
    const candidate = posix.join(current, part);
    try {
      lstatSync(candidate);
    } catch (e) {
      if (!isMissing(e)) return undefined;
      const rest = parts.slice(i);
      // Past a missing component nothing resolves; a later `..` would climb out of it unchecked.
      if (rest.includes('..')) return undefined;
      return posix.join(current, ...rest);
    }
    try {
      current = realpathSync(candidate);
    } catch {
      return undefined; // a dangling or looping symlink: where the daemon would end up is unknown
    }
  }
  return current;
}

function daemonSocketsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  const host = env.DOCKER_HOST ?? '';
  if (!host.startsWith('unix://')) return [];
  const socket = host.slice('unix://'.length);
  const real = canonicalRealPath(socket);
  return [...new Set([socket, ...(real ? [real] : [])])];
}

/**
 * DOCKER_CONTENT_TRUST as docker reads it (cli/command/cli.go: any value but an empty one or one
 * strconv.ParseBool reads as false turns it on). With it, pull, run, create and the legacy build
 * tag the images they verify (cli/command/image/trust.go TagTrusted): `image tag`.
 */
export function contentTrustOn(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env.DOCKER_CONTENT_TRUST;
  return v !== undefined && v !== '' && parseGoBool(v) !== false;
}
