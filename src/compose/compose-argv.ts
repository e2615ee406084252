import { traverseStep } from '../docker/cobra-traverse.js';
import { parseFlags, parseGoBool, type FlagTable, type ParsedFlag } from '../docker/pflag.js';
import { COMPOSE_ROOT_FLAGS, PERSISTENT_FLAGS, subcommandSpec, type SubcommandSpec } from './compose-flags.js';

// `docker compose …` as the compose plugin (docker/compose v2.36.2) reads it. docker hands the
// plugin its whole argv; the plugin strips docker's global flags exactly as docker does
// (cli-plugins/plugin/plugin.go RunPlugin -> HandleGlobalFlags) and runs its cobra tree,
// `docker` -> `compose` -> subcommand, with TraverseChildren on both (plugin.go newPluginCommand,
// cmd/compose/compose.go RootCommand). So the input here is what parse-argv.ts gives as the
// plugin's `args`: the tokens after the word `compose`.
//
// cobra v1.9.1 ExecuteC runs Find once before Traverse (completions.go initCompleteCmd), and
// Find's stripFlags merges persistent flags into each command it passes, so Traverse's
// value-or-bool guesses at the compose level see --dry-run and --help too. Traverse (command.go
// Traverse) collects flag-looking tokens up to the first word; if that word is a subcommand,
// only the collected tokens are parsed against compose's flags (interspersed off) and the
// subcommand parses everything after the word; otherwise compose runs itself on the whole argv
// (RunE: no args = help, `-v` = version, else "unknown docker command", exit 1). The guesses are
// cobra's, quirks included: `compose -vf x.yml up` prints the version, `compose -- x up` runs up.

/** A flag as compose applies it: `name` is the flag's name after pflag normalisation. */
export interface ComposeFlag {
  readonly name: string;
  readonly value: string;
  readonly raw: string;
}

export interface ComposeGlobals {
  /** -f/--file, in order (StringArray: each occurrence appends, commas are not separators). */
  readonly files: readonly string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  /** Hidden, deprecated alias of --project-directory (an error when both are given). */
  readonly workdir?: string;
  readonly profiles: readonly string[];
  readonly envFiles: readonly string[];
  /** The effective --dry-run: persistent, so the last value given before or after the subcommand. */
  readonly dryRun: boolean;
  readonly compatibility: boolean;
  readonly allResources: boolean;
  /** The hidden -v/--version: only acted on when compose runs itself (see `root`). */
  readonly version: boolean;
  /** Every compose-level flag, in order (including the ones above). */
  readonly flags: readonly ComposeFlag[];
  /** The compose-level flags not broken out above (--ansi, --progress, --parallel, …). */
  readonly other: readonly ComposeFlag[];
}

export interface ComposeLeaf {
  /** The subcommand's flags (names normalised, e.g. `down --volume` -> `volumes`), persistent
   *  --dry-run/--help included. */
  readonly flags: readonly ComposeFlag[];
  readonly positionals: readonly string[];
}

export interface ComposeInvocation {
  readonly ok: true;
  readonly globals: ComposeGlobals;
  /** The subcommand word cobra selected; undefined when compose runs itself. */
  readonly subcommand?: string;
  /** Tokens after the subcommand word, untouched. */
  readonly subArgs: readonly string[];
  /** The subcommand's parsed flags; undefined for groups (alpha, bridge) and when compose runs itself. */
  readonly leaf?: ComposeLeaf;
  /** A true --help in effect (the flag is shared by docker, compose and the subcommand, so the last
   *  value anywhere wins): cobra prints help and runs nothing. */
  readonly help: boolean;
  /** When compose runs itself: what it does. */
  readonly root?: 'help' | 'version' | 'unknown-command';
  /** The word compose did not know (root === 'unknown-command'). */
  readonly unknownWord?: string;
  /** The subcommand is not in compose v2.36.2 (bridge, volumes): added in the release named. */
  readonly since?: string;
}

export type ComposeParse = ComposeInvocation | { readonly ok: false; readonly error: string };

export interface ComposeParseOptions {
  /** --help as docker's global pass left it (`docker --help compose …` sets the same flag). */
  readonly help?: boolean;
}

export function parseComposeArgs(args: readonly string[], options: ComposeParseOptions = {}): ComposeParse {
  let help = options.help ?? false;
  const step = traverseStep(args, COMPOSE_ROOT_FLAGS, subcommandSpec);

  if (step.kind === 'stop') {
    const parsed = parseFlags(args, COMPOSE_ROOT_FLAGS, { interspersed: false });
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const flags = parsed.flags.map((f) => asComposeFlag(f));
    help = lastBool(flags, 'help', help);
    const globals = globalsOf(flags, []);
    const root = help || parsed.positionals.length === 0 ? 'help' : globals.version ? 'version' : 'unknown-command';
    return {
      ok: true, globals, subArgs: [], help, root,
      ...(root === 'unknown-command' ? { unknownWord: parsed.positionals[0]! } : {}),
    };
  }

  const parsedRoot = parseFlags(step.flags, COMPOSE_ROOT_FLAGS, { interspersed: false });
  if (!parsedRoot.ok) return { ok: false, error: parsedRoot.error };
  const rootFlags = parsedRoot.flags.map((f) => asComposeFlag(f));
  help = lastBool(rootFlags, 'help', help);
  const spec = step.next;
  const since = spec.since === undefined ? {} : { since: spec.since };
  if (spec.group) {
    // Groups (alpha, bridge) are refused whatever follows; their own traversal is not modelled.
    return { ok: true, globals: globalsOf(rootFlags, []), subcommand: step.word, subArgs: step.rest, help, ...since };
  }

  const table: FlagTable = [...spec.flags, ...PERSISTENT_FLAGS];
  const parsedLeaf = parseFlags(step.rest, table, { interspersed: spec.interspersed });
  if (!parsedLeaf.ok) return { ok: false, error: `compose ${step.word}: ${parsedLeaf.error}` };
  const leafFlags = parsedLeaf.flags.map((f) => asComposeFlag(f, spec));
  help = lastBool(leafFlags, 'help', help);
  return {
    ok: true,
    globals: globalsOf(rootFlags, leafFlags),
    subcommand: step.word,
    subArgs: step.rest,
    leaf: { flags: leafFlags, positionals: parsedLeaf.positionals },
    help,
    ...since,
  };
}

function asComposeFlag(f: ParsedFlag, spec?: SubcommandSpec): ComposeFlag {
  const aliases = spec?.aliases;
  const name = aliases && Object.prototype.hasOwnProperty.call(aliases, f.spec.long) ? aliases[f.spec.long]! : f.spec.long;
  return { name, value: f.value, raw: f.raw };
}

function lastBool(flags: readonly ComposeFlag[], name: string, current: boolean): boolean {
  let out = current;
  for (const f of flags) if (f.name === name) out = parseGoBool(f.value) === true;
  return out;
}

function lastValue(flags: readonly ComposeFlag[], name: string): string | undefined {
  let out: string | undefined;
  for (const f of flags) if (f.name === name) out = f.value;
  return out;
}

const BROKEN_OUT = new Set([
  'file', 'project-name', 'project-directory', 'workdir', 'profile', 'env-file', 'dry-run', 'compatibility', 'all-resources', 'version', 'help',
]);

function globalsOf(rootFlags: readonly ComposeFlag[], leafFlags: readonly ComposeFlag[]): ComposeGlobals {
  const all = (name: string): string[] => rootFlags.filter((f) => f.name === name).map((f) => f.value);
  const projectName = lastValue(rootFlags, 'project-name');
  const projectDirectory = lastValue(rootFlags, 'project-directory');
  const workdir = lastValue(rootFlags, 'workdir');
  return {
    files: all('file'),
    ...(projectName === undefined ? {} : { projectName }),
    ...(projectDirectory === undefined ? {} : { projectDirectory }),
    ...(workdir === undefined ? {} : { workdir }),
    profiles: all('profile'),
    envFiles: all('env-file'),
    dryRun: lastBool([...rootFlags, ...leafFlags], 'dry-run', false),
    compatibility: lastBool(rootFlags, 'compatibility', false),
    allResources: lastBool(rootFlags, 'all-resources', false),
    version: lastBool(rootFlags, 'version', false),
    flags: rootFlags,
    other: rootFlags.filter((f) => !BROKEN_OUT.has(f.name)),
  };
}

/** The leaf's flags named `name` (after normalisation), in order. */
export function leafValues(inv: ComposeInvocation, name: string): string[] {
  return (inv.leaf?.flags ?? []).filter((f) => f.name === name).map((f) => f.value);
}

/** The effective value of one of the leaf's bool flags. */
export function leafBool(inv: ComposeInvocation, name: string, fallback = false): boolean {
  return lastBool(inv.leaf?.flags ?? [], name, fallback);
}
