import type { FlagSpec, FlagTable } from '../docker/pflag.js';

// The flags of Docker Compose's cobra tree, docker/compose tag v2.36.2 (`cmd/compose/*.go`;
// compose.go RootCommand + ProjectOptions.addProjectFlags for the root). Flags added later are
// included with their arity from the release that added them (noted `since`), so that argv written
// for a newer compose is still read correctly; a flag compose does not know is a flag error there
// (nothing runs), so accepting a few extra names costs nothing. Unknown flags are errors here too.

const v = (long: string, short?: string): FlagSpec => (short ? { long, short, takesValue: true } : { long, takesValue: true });
const b = (long: string, short?: string): FlagSpec => (short ? { long, short, takesValue: false } : { long, takesValue: false });

/** Persistent flags every compose command inherits: `--dry-run` (compose's own, compose.go
 *  `c.PersistentFlags().BoolVar(&dryRun, "dry-run", …)`) and docker's `--help/-h` (the plugin root's
 *  persistent flag, docker/cli cli/cobra.go setupCommonRootCommand). */
export const PERSISTENT_FLAGS: FlagTable = [b('dry-run'), b('help', 'h')];

/** The compose command's own flags (local, not inherited by subcommands) plus the persistent ones,
 *  i.e. what cobra's Traverse sees once Find has merged persistent flags (see compose-argv.ts). */
export const COMPOSE_ROOT_FLAGS: FlagTable = [
  v('profile'), v('project-name', 'p'), v('file', 'f'), v('env-file'), v('project-directory'),
  v('workdir'), b('compatibility'), v('progress'), b('all-resources'),
  v('ansi'), v('parallel'), b('version', 'v'), b('no-ansi'), b('verbose'),
  // since v5.0.0: pull compose OCI artifacts from insecure registries (StringArray).
  v('insecure-registry'),
  ...PERSISTENT_FLAGS,
];

export interface SubcommandSpec {
  readonly flags: FlagTable;
  /** false = SetInterspersed(false): flag parsing stops at the first positional (exec, run). */
  readonly interspersed: boolean;
  /** pflag SetNormalizeFunc aliases: the spelling typed -> the flag it means. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** A command group (children of its own): docker-guard does not model below it. */
  readonly group?: boolean;
  /** Not in v2.36.2. */
  readonly since?: string;
}

const leaf = (flags: FlagTable, extra: Partial<SubcommandSpec> = {}): SubcommandSpec => ({ flags, interspersed: true, ...extra });

/** `--y` was published by mistake and is normalised to `--yes` (up.go, create.go, publish.go). */
const YES = { y: 'yes' } as const;

// Each table is built on first use: a compose call needs one of them, and building all of them
// (about 300 flag objects) on every `docker compose …` cost time and heap (bench/).
const SPECS: Readonly<Record<string, () => SubcommandSpec>> = {
  attach: () => leaf([v('index'), v('detach-keys'), b('no-stdin'), b('sig-proxy')]),
  build: () => leaf([
    b('push'), b('quiet', 'q'), b('pull'), v('build-arg'), v('ssh'), v('builder'), b('with-dependencies'),
    b('parallel'), b('compress'), b('force-rm'), b('no-cache'), b('no-rm'), v('memory', 'm'), v('progress'),
    b('print'), b('check'),
    v('provenance'), v('sbom'), // since v2.39
  ]),
  commit: () => leaf([v('index'), b('pause', 'p'), v('message', 'm'), v('author', 'a'), v('change', 'c')]),
  config: () => leaf([
    v('format'), b('resolve-image-digests'), b('lock-image-digests'), b('quiet', 'q'), b('no-interpolate'),
    b('no-normalize'), b('no-path-resolution'), b('no-consistency'), b('no-env-resolution'), b('services'),
    b('volumes'), b('profiles'), b('images'), v('hash'), b('variables'), b('environment'), v('output', 'o'),
    b('networks'), b('models'), // since v2.39
  ]),
  cp: () => leaf([v('index'), b('all'), b('follow-link', 'L'), b('archive', 'a')]),
  create: () => leaf([
    b('build'), b('no-build'), v('pull'), b('quiet-pull'), b('force-recreate'), b('no-recreate'),
    b('remove-orphans'), v('scale'), b('yes', 'y'), b('y'),
  ], { aliases: YES }),
  // down.go: `--volume` is normalised to `--volumes` (deprecated spelling).
  down: () => leaf([b('remove-orphans'), v('timeout', 't'), b('volumes', 'v'), v('rmi'), b('volume')], { aliases: { volume: 'volumes' } }),
  events: () => leaf([b('json'), v('since'), v('until')]), // --since/--until since v2.39
  exec: () => leaf([
    b('detach', 'd'), v('env', 'e'), v('index'), b('privileged'), v('user', 'u'), b('no-TTY', 'T'), v('workdir', 'w'),
    b('interactive', 'i'), b('tty', 't'),
    b('no-tty'), // since v2.40: the flag is `--no-tty`, `--no-TTY` its normalised legacy spelling
  ], { interspersed: false, aliases: { 'no-tty': 'no-TTY' } }),
  export: () => leaf([v('index'), v('output', 'o')]),
  images: () => leaf([v('format'), b('quiet', 'q')]),
  kill: () => leaf([b('remove-orphans'), v('signal', 's')]),
  logs: () => leaf([
    b('follow', 'f'), v('index'), v('since'), v('until'), b('no-color'), b('no-log-prefix'), b('timestamps', 't'), v('tail', 'n'),
  ]),
  ls: () => leaf([v('format'), b('quiet', 'q'), v('filter'), b('all', 'a')]),
  pause: () => leaf([]),
  port: () => leaf([v('protocol'), v('index')]),
  ps: () => leaf([
    v('format'), v('filter'), v('status'), b('quiet', 'q'), b('services'), b('orphans'), b('all', 'a'), b('no-trunc'),
  ]),
  publish: () => leaf([
    b('resolve-image-digests'), v('oci-version'), b('with-env'), b('yes', 'y'), b('y'),
    b('app'), b('insecure-registry'), // since v2.40 / v5.0 (a bool here, unlike the root's StringArray)
  ], { aliases: YES }),
  pull: () => leaf([
    b('quiet', 'q'), b('include-deps'), b('parallel'), b('no-parallel'), b('ignore-pull-failures'), b('ignore-buildable'), v('policy'),
  ]),
  push: () => leaf([b('ignore-push-failures'), b('include-deps'), b('quiet', 'q')]),
  restart: () => leaf([v('timeout', 't'), b('no-deps')]),
  rm: () => leaf([b('force', 'f'), b('stop', 's'), b('volumes', 'v'), b('all', 'a')]),
  // run.go normalizeRunFlags: --volumes -> --volume, --labels -> --label (after v5.0: --no-TTY -> --no-tty).
  run: () => leaf([
    b('detach', 'd'), v('env', 'e'), v('env-from-file'), v('label', 'l'), b('rm'), b('no-TTY', 'T'), v('name'),
    v('user', 'u'), v('workdir', 'w'), v('entrypoint'), v('cap-add'), v('cap-drop'), b('no-deps'),
    v('volume', 'v'), v('publish', 'p'), b('use-aliases'), b('service-ports', 'P'), v('pull'), b('quiet', 'q'),
    b('quiet-build'), b('quiet-pull'), b('build'), b('remove-orphans'), b('interactive', 'i'), b('tty', 't'),
    v('volumes'), v('labels'), b('no-tty'),
  ], { interspersed: false, aliases: { volumes: 'volume', labels: 'label', 'no-tty': 'no-TTY' } }),
  scale: () => leaf([b('no-deps')]),
  start: () => leaf([b('wait'), v('wait-timeout')]), // both since v5.0
  stats: () => leaf([b('all', 'a'), v('format'), b('no-stream'), b('no-trunc')]),
  stop: () => leaf([v('timeout', 't')]),
  top: () => leaf([]),
  unpause: () => leaf([]),
  up: () => leaf([
    b('detach', 'd'), b('build'), b('no-build'), v('pull'), b('remove-orphans'), v('scale'), b('no-color'),
    b('no-log-prefix'), b('force-recreate'), b('no-recreate'), b('no-start'), b('abort-on-container-exit'),
    b('abort-on-container-failure'), v('exit-code-from'), v('timeout', 't'), b('timestamps'), b('no-deps'),
    b('always-recreate-deps'), b('renew-anon-volumes', 'V'), b('quiet-pull'), v('attach'), v('no-attach'),
    b('attach-dependencies'), b('wait'), v('wait-timeout'), b('watch', 'w'), b('menu'), b('yes', 'y'), b('y'),
    b('quiet-build'), // since v2.39
  ], { aliases: YES }),
  version: () => leaf([v('format', 'f'), b('short')]),
  wait: () => leaf([b('down-project')]),
  watch: () => leaf([b('quiet'), b('prune'), b('no-up')]),
  // Hidden experimental group (alpha.go: viz, publish, generate).
  alpha: () => leaf([], { group: true }),
  // Added after v2.36.2 (see SINCE).
  bridge: () => leaf([], { group: true }),
  volumes: () => leaf([v('format'), b('quiet', 'q')]),
};

/** Added after v2.36.2: `bridge` (a group) in v2.37, `volumes` in v2.38 (RootCommand AddCommand). */
const SINCE: Readonly<Record<string, string>> = { bridge: 'v2.37', volumes: 'v2.38' };

/** The subcommands of compose v2.36.2 (`RootCommand` AddCommand). */
export const V2_36_SUBCOMMANDS: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const name of Object.keys(SPECS)) if (!Object.hasOwn(SINCE, name)) names.add(name);
  return names;
})();

const built = new Map<string, SubcommandSpec>();

export function subcommandSpec(name: string): SubcommandSpec | undefined {
  if (!Object.hasOwn(SPECS, name)) return undefined;
  let spec = built.get(name);
  if (spec === undefined) {
    spec = SPECS[name]!();
    if (Object.hasOwn(SINCE, name)) spec = { ...spec, since: SINCE[name] };
    built.set(name, spec);
  }
  return spec;
}

/** Every subcommand's table (for tests and checks; a compose call looks up one). */
export function allSubcommands(): Readonly<Record<string, SubcommandSpec>> {
  const out: Record<string, SubcommandSpec> = {};
  for (const name of Object.keys(SPECS)) out[name] = subcommandSpec(name)!;
  return out;
}
