import { nodePath } from '../node-builtins.js';
import type { ContainerRequest, HostPathMount, NamedVolumeMount } from '../container/container-request.js';
import { parseGoBool } from '../docker/pflag.js';
import { leafBool, leafValues, type ComposeInvocation } from './compose-argv.js';
import { V2_36_SUBCOMMANDS } from './compose-flags.js';
import { parseComposeVolume } from './run-volume.js';
import type { ComposePulls } from './replaced-images.js';

// What a `docker compose` subcommand does in docker's own terms, so that the policy's refusals
// cannot be walked around through compose ("no back doors"). Capabilities are docker-guard's
// canonical command paths (src/docker/command-tree.ts). Pure.

export interface ComposeCapability {
  readonly capability: string;
  readonly because: string;
}

/** A capability no policy entry can name (entries are command words), so it is never allowed.
 *  Returned for subcommands docker-guard does not model; composeRefusal says why. */
export const UNKNOWN_COMPOSE_CAPABILITY = '(unknown compose subcommand)';

/** Subcommands that are docker commands the policy may refuse, one to one. */
const DIRECT: Readonly<Record<string, readonly [string, string]>> = {
  exec: ['container exec', '`compose exec` runs a command inside a running service container'],
  cp: ['container cp', '`compose cp` copies files between a service container and the host'],
  attach: ['container attach', "`compose attach` attaches to a service container's input and output"],
  commit: ['container commit', '`compose commit` turns a service container into an image'],
  export: ['container export', "`compose export` dumps a service container's file system"],
  push: ['image push', '`compose push` uploads the service images to a registry'],
  publish: ['image push', '`compose publish` uploads the compose application (and with --app its images) to a registry'],
};

export function composeImplied(inv: ComposeInvocation): ComposeCapability[] {
  // cobra prints help before anything runs; compose running itself only prints help or its version.
  if (inv.help || inv.subcommand === undefined) {
    return inv.root === 'unknown-command' ? [{ capability: UNKNOWN_COMPOSE_CAPABILITY, because: `\`compose ${inv.unknownWord}\` is not a compose subcommand docker-guard knows` }] : [];
  }
  const sub = inv.subcommand;
  if (!V2_36_SUBCOMMANDS.has(sub) || sub === 'alpha') {
    return [{ capability: UNKNOWN_COMPOSE_CAPABILITY, because: `\`compose ${sub}\` is a compose subcommand docker-guard does not model` }];
  }
  const direct = Object.prototype.hasOwnProperty.call(DIRECT, sub) ? DIRECT[sub] : undefined;
  if (direct) return [{ capability: direct[0], because: direct[1] }];

  const out: ComposeCapability[] = [];
  const watchBecause = (how: string): ComposeCapability[] => [
    { capability: 'container cp', because: `${how} copies changed files into the service containers (develop.watch sync)` },
    { capability: 'container exec', because: `${how} runs develop.watch commands inside the service containers (sync+exec)` },
  ];
  switch (sub) {
    case 'watch':
      out.push(...watchBecause('`compose watch`'));
      break;
    case 'up':
      if (leafBool(inv, 'watch')) out.push(...watchBecause('`compose up --watch`'));
      break;
    case 'build':
      if (leafBool(inv, 'push')) out.push({ capability: 'image push', because: '`compose build --push` pushes the built images to a registry' });
      break;
    case 'down':
      if (leafBool(inv, 'volumes')) out.push({ capability: 'volume rm', because: '`compose down --volumes` removes the named volumes of the project and anonymous volumes' });
      for (const rmi of leafValues(inv, 'rmi')) {
        if (rmi !== '') out.push({ capability: 'image rm', because: `\`compose down --rmi ${rmi}\` removes the images the services use` });
      }
      break;
    case 'rm':
      if (leafBool(inv, 'volumes')) out.push({ capability: 'volume rm', because: '`compose rm --volumes` removes the anonymous volumes of the containers' });
      break;
    default:
      break;
  }
  return out;
}

/**
 * The docker commands a compose subcommand does the work of. Allowing compose covers them (the
 * default policy allows compose, not `create`), but a policy that refuses one by name (a refuse
 * entry: "no image builds") means compose's way to it too: decideCompose refuses then.
 */
const EQUIVALENTS: Readonly<Record<string, readonly string[]>> = {
  build: ['image build'],
  pull: ['image pull'],
  create: ['container create'],
  up: ['container create', 'container start', 'compose create', 'compose start'],
  run: ['container run'],
  scale: ['container create', 'container start', 'compose create', 'compose start'],
  watch: ['container create', 'container start', 'compose create', 'compose start'],
  start: ['container start'],
  stop: ['container stop'],
  restart: ['container restart'],
  kill: ['container kill'],
  rm: ['container rm'],
  down: ['container stop', 'container rm'],
  pause: ['container pause'],
  unpause: ['container unpause'],
  logs: ['container logs'],
  top: ['container top'],
  port: ['container port'],
  ps: ['container ls'],
  images: ['image ls'],
  events: ['system events'],
  wait: ['container wait'],
  stats: ['container stats'],
};

export function composeEquivalents(inv: ComposeInvocation): ComposeCapability[] {
  const sub = inv.subcommand;
  if (inv.help || sub === undefined) return [];
  if (sub === 'config' || sub === 'publish') {
    // The daemon fetches each image's manifest from its registry (pkg/compose/pull.go ImageDigestResolver).
    const fetches = ['resolve-image-digests', 'lock-image-digests'].filter((flag) => leafBool(inv, flag));
    return fetches.map((flag) => ({ capability: 'image pull', because: `\`compose ${sub} --${flag}\` has the daemon fetch every image's manifest from its registry` }));
  }
  if (!Object.hasOwn(EQUIVALENTS, sub)) return [];
  if (sub === 'watch' && leafBool(inv, 'no-up')) return [];
  const out: ComposeCapability[] = [];
  for (const capability of EQUIVALENTS[sub]!) out.push({ capability, because: `\`compose ${sub}\` does the work of \`${capability}\`` });
  // A build pulls the base images it does not have, as `docker build` does (build-checks.ts).
  if (sub === 'build') out.push({ capability: 'image pull', because: '`compose build` pulls the base images of what it builds' });
  if (sub === 'up' || sub === 'create' || sub === 'run') {
    if (leafBool(inv, 'build')) {
      for (const capability of ['image build', 'compose build']) out.push({ capability, because: `\`compose ${sub} --build\` builds the service images` });
    }
    if ((leafValues(inv, 'pull').at(-1) ?? '').toLowerCase() === 'always') {
      for (const capability of ['image pull', 'compose pull']) out.push({ capability, because: `\`compose ${sub} --pull always\` pulls the service images` });
    }
  }
  return out;
}

/**
 * Whether compose loads its files for this subcommand: not `start|restart|stop|down|rm` given
 * `-p NAME` and no `-f`, which work from the containers' labels (cmd/compose/compose.go projectOrName).
 */
export function composeReadsFiles(inv: ComposeInvocation): boolean {
  return !(inv.globals.files.length === 0 && (inv.globals.projectName ?? '') !== '');
}

/** `compose down --rmi all|local`: which service images it removes (pkg/compose/down.go); undefined: none. */
export function composeRemoves(inv: ComposeInvocation): 'all' | 'local' | undefined {
  if (inv.help || inv.subcommand !== 'down') return undefined;
  const mode = leafValues(inv, 'rmi').at(-1);
  return mode === 'all' || mode === 'local' ? mode : undefined;
}

/**
 * The pulls a subcommand may make (src/compose/replaced-images.ts): `compose pull`, whose
 * `--policy` replaces every `pull_policy`, and `up`/`create`/`run`, whose `--pull` does the same
 * (cmd/compose/create.go Apply). `never` and `build` pull nothing; any other value may pull every
 * service image (`missing` pulls what is not here). Undefined: nothing is pulled.
 */
export function composePulls(inv: ComposeInvocation): ComposePulls | undefined {
  if (inv.help) return undefined;
  // scale and watch (its first up) create containers as up does (pkg/compose/scale.go, create.go
  // ensureImagesExists), by each pull_policy.
  if (inv.subcommand === 'scale' || (inv.subcommand === 'watch' && !leafBool(inv, 'no-up'))) return 'by pull_policy';
  const flag = inv.subcommand === 'pull' ? leafValues(inv, 'policy').at(-1)
    : inv.subcommand === 'up' || inv.subcommand === 'create' || inv.subcommand === 'run' ? leafValues(inv, 'pull').at(-1)
      : null;
  if (flag === null) return undefined;
  if (flag === undefined || flag === '') return 'by pull_policy';
  return flag === 'never' || flag === 'build' ? undefined : 'always';
}

/** Whether compose may build the model's services (the model rules say which would): not with `--no-build`. */
export function composeMayBuild(inv: ComposeInvocation): boolean {
  return !leafBool(inv, 'no-build');
}

/**
 * Whether compose carries the mounts of the containers it replaces over into their replacements
 * (v2.36.2 pkg/compose/create.go buildContainerMountOptions: at the target of an anonymous volume
 * of the service, or of a VOLUME of its image, it mounts whatever the old container had there, a
 * bind of the host included). `up` and `create` replace with inheritance unless nothing is
 * recreated (`--no-recreate`) or, for `up`, `-V/--renew-anon-volumes` says not to; `watch`, and
 * `up` with watch on, always inherit when they rebuild (cmd/compose/watch.go, pkg/compose/watch.go).
 * `run` and `scale` create without inheriting.
 */
export function composeInherits(inv: ComposeInvocation): boolean {
  if (inv.help) return false;
  switch (inv.subcommand) {
    case 'watch':
      return true;
    case 'up':
      return composeModelScope(inv)?.watch === true || !(leafBool(inv, 'renew-anon-volumes') || leafBool(inv, 'no-recreate'));
    case 'create':
      return !leafBool(inv, 'no-recreate');
    default:
      return false;
  }
}

/**
 * Whether the subcommand may start or remove the project's existing containers: `start`, `restart`,
 * `rm`, `down`; `up`, `run`, `scale`, `watch`, which start the existing containers they do not
 * recreate (all of them with `up --no-recreate`, whatever the model says; `run` its dependencies);
 * and `create` and `up`, which remove the ones they recreate; `kill`, whose signal (any but the
 * container's stop signal) makes the daemon restart a container by its restart policy; `stop`,
 * after which the daemon removes a container `compose run --rm` made. Like
 * `docker start|restart|rm|kill|stop`, only containers the caller could have created itself
 * (decide-compose.ts).
 */
export function composeActsOnContainers(inv: ComposeInvocation): boolean {
  if (inv.help) return false;
  switch (inv.subcommand) {
    case 'start': case 'restart': case 'rm': case 'down': case 'up': case 'create': case 'run': case 'scale': case 'watch': case 'kill': case 'stop':
      return true;
    default:
      return false;
  }
}

/**
 * The project containers `exec`, `cp` and `attach` work inside, as `docker exec|cp|attach` do in
 * the containers they name; undefined for the other subcommands. compose picks among the
 * containers labelled with the service (pkg/compose getExecTarget, getSpecifiedContainer,
 * listContainersTargetedForCopy: label filters on project and service), so `services` narrows the
 * project's containers to those; absent, the service is not known here (compose would fail) and
 * all of them are judged. Like `docker exec|cp|attach`, only containers the caller could have
 * created itself (decide-compose.ts).
 */
export function composeWorksInside(inv: ComposeInvocation): { readonly services?: readonly string[] } | undefined {
  if (inv.help) return undefined;
  const positionals = inv.leaf?.positionals ?? [];
  switch (inv.subcommand) {
    case 'exec': case 'attach':
      return positionals.length > 0 ? { services: [positionals[0]!] } : {};
    case 'cp': {
      if (positionals.length !== 2) return {};
      const services = positionals.map(cpArgService).filter((s) => s !== '');
      return services.length > 0 ? { services } : {};
    }
    default:
      return undefined;
  }
}

/** The service a `compose cp` argument names, '' for a host path (pkg/compose/cp.go splitCpArg). */
function cpArgService(arg: string): string {
  if (arg.startsWith('/')) return '';
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return '';
  return arg.slice(0, colon);
}

/** `compose exec --privileged` as typed, when it is in effect; undefined otherwise. */
export function composeExecPrivileged(inv: ComposeInvocation): string | undefined {
  if (inv.help || inv.subcommand !== 'exec' || !leafBool(inv, 'privileged')) return undefined;
  return inv.leaf?.flags.filter((f) => f.name === 'privileged').at(-1)?.raw;
}

/** Subcommands refused by name: experimental, newer than v2.36.2, or not compose subcommands at
 *  all (a newer compose may know the word, and would then run it). */
export function composeRefusal(inv: ComposeInvocation): { rule: string; reason: string } | undefined {
  if (inv.help) return undefined;
  if (inv.subcommand === undefined) {
    if (inv.root !== 'unknown-command') return undefined;
    return { rule: 'compose-unknown-subcommand', reason: `\`compose ${inv.unknownWord}\` is not a subcommand of Docker Compose v2.36 (a newer compose might run it): docker-guard only forwards compose subcommands it knows` };
  }
  const sub = inv.subcommand;
  if (sub === 'alpha') {
    return { rule: 'compose-unknown-subcommand', reason: '`compose alpha …` runs experimental compose commands docker-guard does not model' };
  }
  if (inv.since !== undefined) {
    return { rule: 'compose-unknown-subcommand', reason: `\`compose ${sub}\` was added in compose ${inv.since}, after the v2.36 grammar docker-guard models` };
  }
  const builder = leafValues(inv, 'builder').at(-1);
  if (builder !== undefined && builder !== '') {
    return { rule: 'build-builder', reason: `\`compose ${sub} --builder ${builder}\` picks a buildx builder or another context's daemon, which docker-guard cannot see (a docker-container builder is a privileged container from an image of the caller's choosing)` };
  }
  return undefined;
}

/** The services named on the command line, for subcommands that name them. */
export function composeSelectedServices(inv: ComposeInvocation): string[] {
  const sub = inv.subcommand;
  const positionals = inv.leaf?.positionals ?? [];
  if (sub === undefined || inv.leaf === undefined) return [];
  switch (sub) {
    case 'run': case 'exec': case 'attach': case 'export': case 'commit': case 'port':
      return positionals.slice(0, 1);
    case 'scale':
      return positionals.map((p) => p.split('=')[0]!);
    case 'cp': case 'ls': case 'version': case 'publish':
      return [];
    default:
      return [...positionals];
  }
}

/** Which parts of the resolved model a subcommand acts on (see model-rules.ts). */
export interface ComposeModelScope {
  /** Containers are created: every container setting, the volumes, networks, secrets and configs. */
  readonly containers: boolean;
  /** Images may be built: the services' `build` sections. */
  readonly build: boolean;
  /** Containers are started or stopped: post_start/pre_stop hooks, provider services. */
  readonly lifecycle: boolean;
  /** File watching may run (`watch`, `up --watch`, `up` attached: its menu can turn watch on). */
  readonly watch: boolean;
  /** Only the named services and what they depend on (compose's WithSelectedServices). */
  readonly onlySelected: boolean;
}

/** What of the model a subcommand needs checked; undefined = it does not act on the model. */
export function composeModelScope(inv: ComposeInvocation): ComposeModelScope | undefined {
  if (inv.help || inv.subcommand === undefined) return undefined;
  const all = { containers: true, build: true, lifecycle: true, watch: false, onlySelected: true };
  const lifecycle = { containers: false, build: false, lifecycle: true, watch: false, onlySelected: false };
  switch (inv.subcommand) {
    case 'up': {
      const detached = leafBool(inv, 'detach') || leafBool(inv, 'wait');
      // The menu (on by default on a terminal, cmd/compose/up.go validateNavigationMenu) can start watch.
      return { ...all, watch: leafBool(inv, 'watch') || (!detached && leafBool(inv, 'menu', true)) };
    }
    case 'watch':
      return { ...all, watch: true };
    case 'create': case 'run': case 'scale':
      return all;
    case 'start': case 'restart': case 'stop': case 'down': case 'rm':
      // cmd/compose/compose.go projectOrName: with -p and no -f compose loads no compose file at
      // all and works from the containers' labels (pkg/compose projectFromName: no hooks, no
      // provider), so there is no model to check.
      if (!composeReadsFiles(inv)) return undefined;
      return lifecycle;
    case 'kill':
      // Nothing in the model is kill's to check, but the project it names is the one whose
      // containers are judged (composeActsOnContainers), so it is read as for stop.
      if (!composeReadsFiles(inv)) return undefined;
      return { containers: false, build: false, lifecycle: false, watch: false, onlySelected: false };
    case 'wait':
      // wait.go discards the loaded project; --down-project downs by name (from labels, as above).
      return undefined;
    case 'build':
      return { containers: false, build: true, lifecycle: false, watch: false, onlySelected: true };
    default:
      return undefined;
  }
}

export type ComposeRunRequest = { readonly ok: true; readonly request: ContainerRequest } | { readonly ok: false; readonly error: string };

/**
 * The container settings `compose run` adds on its command line (`-v/--volume`, `--cap-add`,
 * `-p/--publish`, `-P/--service-ports`), as a ContainerRequest to check beside the service's own
 * settings from the model. `run` is the parsed `compose run` (its flags, names normalised, are
 * read as parseComposeArgs left them); `cwd` the caller's working directory (compose makes
 * relative bind sources absolute against it, see run-volume.ts).
 */
export function composeRunRequest(run: ComposeInvocation, cwd: string): ComposeRunRequest {
  const hostPaths: HostPathMount[] = [];
  const namedVolumes: NamedVolumeMount[] = [];
  const capAdd: string[] = [];
  const capOrigins: string[] = [];
  const publish: string[] = [];
  const publishOrigins: string[] = [];
  let publishAll = false;
  let publishAllOrigin = '--service-ports';
  for (const f of run.leaf?.flags ?? []) {
    switch (f.name) {
      case 'volume': {
        const v = parseComposeVolume(f.value);
        if (!v.ok) return { ok: false, error: `compose run ${f.raw}: ${v.error}` };
        const vol = v.volume;
        if (vol.kind === 'bind') {
          const source = composeBindSource(vol.source, cwd);
          if (source === undefined) return { ok: false, error: `compose run ${f.raw}: cannot make ${vol.source} absolute: the working directory is not known` };
          const options = [...(vol.readOnly ? ['ro'] : []), ...vol.options.map((o) => o.toLowerCase())];
          hostPaths.push({ source, target: vol.target, options, origin: `\`compose run ${f.raw}\`` });
        } else if (vol.kind === 'volume') {
          namedVolumes.push({ name: vol.source, target: vol.target, origin: `\`compose run ${f.raw}\`` });
        }
        break;
      }
      case 'cap-add':
        capAdd.push(f.value);
        capOrigins.push(`\`compose run ${f.raw}\``);
        break;
      case 'publish':
        publish.push(f.value);
        publishOrigins.push(`\`compose run ${f.raw}\``);
        break;
      case 'service-ports':
        publishAll = parseGoBool(f.value) === true;
        publishAllOrigin = `\`compose run ${f.raw}\` (publishes the service's ports)`;
        break;
      default:
        break;
    }
  }
  const request: ContainerRequest = {
    hostPaths, namedVolumes, privileged: false, capAdd, devices: [], deviceCgroupRules: [], gpus: [],
    securityOpt: [], namespaces: {}, volumesFrom: [], sysctls: [], useApiSocket: false, publish, publishAll,
    origins: { capAdd: capOrigins, publish: publishOrigins, publishAll: [publishAllOrigin] },
  };
  return { ok: true, request };
}

/**
 * A bind source as compose sends it (pkg/compose/create.go buildMount): kept when absolute,
 * otherwise filepath.Abs against the working directory. Windows-absolute sources (`C:\x`) are kept
 * as written: not absolute on Linux, and the container rules refuse them. undefined = cwd unknown.
 */
export function composeBindSource(source: string, cwd: string): string | undefined {
  if (source.startsWith('/')) return source;
  if (/^[\x00-\x7f]:[\\/]/.test(source) || source.startsWith('\\\\')) return source;
  if (!cwd.startsWith('/')) return undefined;
  return nodePath().posix.resolve(cwd, source);
}
