import { findChild, hasOwnHelpFlag, LEGACY_ALIASES, ROOT, type CommandNode } from './command-tree.js';
import { GLOBAL_FLAGS, HELP_FLAG, LOG_LEVELS } from './global-flags.js';
import type { GlobalFlagUse, Invocation } from './invocation.js';
import { hasNoOptDefVal, shortHasNoOptDefVal, traverseStep } from './cobra-traverse.js';
import { parseFlags, parseGoBool, type FlagTable, type ParsedFlag } from './pflag.js';

// The pipeline of docker/cli v28.2.2 cmd/docker/docker.go runDocker, mirrored step by step:
// 1. the global pass (cli/cobra.go:130 HandleGlobalFlags, interspersed off, stops at `--`);
// 2. the plugin decision (root.Find(args) fails or finds a stub -> try plugin args[0]);
// 3. cobra's Traverse (TraverseChildren: true), which parses flags between command words
//    against the command they follow - this is what makes `docker -- -H x exec …` apply -H late.

export interface ParseOptions {
  /** DOCKER_HIDE_LEGACY_COMMANDS is non-empty in the environment docker will see: the legacy
   * shortcuts lose their aliases (command-tree.ts LEGACY_ALIASES). */
  readonly hideLegacyCommands?: boolean;
}

/** What of docker's environment changes how it reads argv (os.Getenv: unset and empty alike). */
export function parseOptionsFrom(env: Readonly<Record<string, string | undefined>>): ParseOptions {
  return { hideLegacyCommands: (env.DOCKER_HIDE_LEGACY_COMMANDS ?? '') !== '' };
}

/** cobra findNext on the tree docker builds for this environment. */
type Lookup = (node: CommandNode, word: string) => CommandNode | undefined;
const withLegacyAliases: Lookup = findChild;
const withoutLegacyAliases: Lookup = (node, word) => (node === ROOT && LEGACY_ALIASES.includes(word) ? undefined : findChild(node, word));

export function parseArgv(argv: readonly string[], options: ParseOptions = {}): Invocation {
  const find = options.hideLegacyCommands === true ? withoutLegacyAliases : withLegacyAliases;
  const global = parseFlags(argv, GLOBAL_FLAGS, { interspersed: false });
  const base = { argv, globals: [] as GlobalFlagUse[], dashDashBeforeCommand: false };
  if (!global.ok) return { ...base, kind: 'malformed', error: global.error };
  const args = global.positionals;
  const globals: GlobalFlagUse[] = [];
  for (const f of global.flags) globals.push(useOf(f, false)); // not .map: pflag.ts findLong says why
  const common = { argv, globals, dashDashBeforeCommand: global.sawDashDash };
  const initError = initializeError(global.flags);
  if (initError) return { ...common, kind: 'malformed', error: initError };
  const help = lastHelp(global.flags, false);

  if (args.length > 0 && cobraFindFails(args, find)) {
    const name = args[0]!;
    if (isPluginName(name)) {
      // `help`/`completion` exist only once cobra executes: without such a plugin, that is what runs.
      const fallback = ADDED_IN_EXECUTE.has(name) ? traverse(common, args, help, find).inv : undefined;
      return { ...common, kind: 'plugin', name, args: args.slice(1), viaHelp: help, ...(fallback ? { fallback } : {}) };
    }
  }
  const { inv, at } = traverse(common, args, help, find);
  if (inv.kind === 'builtin' && (inv.command === '__complete' || inv.command === '__completeNoDesc')) {
    const plugin = completedPlugin(inv.args, find);
    if (plugin) return { ...common, globals: inv.globals, kind: 'plugin', name: plugin.name, args: plugin.args, viaHelp: false, fallback: inv };
  }
  if (at) {
    const dashDash = at.rest.indexOf('--');
    const plugin = helpPlugin(at.node, at.words, at.help, dashDash < 0 ? at.rest : at.rest.slice(0, dashDash), find);
    if (plugin) return { ...common, globals: inv.globals, kind: 'plugin', name: plugin, args: at.rest, viaHelp: true, fallback: inv };
  }
  return inv;
}

interface Common {
  argv: readonly string[];
  globals: GlobalFlagUse[];
  dashDashBeforeCommand: boolean;
}

interface Landing {
  node: CommandNode;
  words: readonly string[];
  help: boolean;
  rest: readonly string[];
}

/** cobra Traverse from the root, then what the command it lands on does with the rest. */
function traverse(start: Common, args: readonly string[], helpIn: boolean, find: Lookup): { inv: Invocation; at?: Landing } {
  const globals = [...start.globals];
  const common = { ...start, globals };
  let help = helpIn;
  const words: string[] = [];
  let node: CommandNode = ROOT;
  let rest: readonly string[] = args;
  for (;;) {
    const step = node.children ? traverseStep(rest, flagsOf(node), (w) => find(node, w)) : ({ kind: 'stop' } as const);
    if (step.kind === 'stop') break;
    const parsed = parseFlags(step.flags, flagsOf(node), { interspersed: true });
    if (!parsed.ok) return { inv: { ...common, kind: 'malformed', error: parsed.error } };
    if (node === ROOT) for (const f of parsed.flags) globals.push(useOf(f, true));
    help = lastHelp(parsed.flags, help);
    words.push(step.word);
    node = step.next;
    rest = step.rest;
  }

  if (node.children) {
    // The root or a management command executes itself: only flags may follow, else docker
    // reports an unknown command.
    const parsed = parseFlags(rest, flagsOf(node), { interspersed: true });
    if (!parsed.ok) return { inv: { ...common, kind: 'malformed', error: parsed.error } };
    if (node === ROOT) for (const f of parsed.flags) globals.push(useOf(f, true));
    help = lastHelp(parsed.flags, help);
    // cobra checks --help before it validates arguments: `docker container --help false exec`
    // prints the help of `container`.
    const unknown: Invocation | undefined = !help && parsed.positionals.length > 0
      ? { ...common, kind: 'malformed', error: `unknown command: ${['docker', ...words, parsed.positionals[0]!].join(' ')}` }
      : undefined;
    const inv: Invocation = unknown ?? { ...common, kind: 'builtin', command: node.canonical, words, args: rest, help, group: true };
    // docker forwards every `builder …` to buildx when it is installed (cmd/docker/builder.go
    // forwardBuilder): `builder ls` runs `buildx ls`, `builder -h` runs buildx, and words builder
    // does not know reach buildx (`builder imagetools create … -h`), whose reading of them the
    // guard cannot see. Without buildx: the help of builder, or an unknown command.
    if (node.canonical === 'builder') return { inv: { ...common, kind: 'plugin', name: 'buildx', args: rest, viaHelp: help, fallback: inv } };
    if (unknown) return { inv: unknown };
    return { inv, at: { node, words, help, rest } };
  }

  if (node.canonical === 'help') return { inv: helpTopic(common, rest, help, find) };
  // A --help before the word of a command with a help flag of its own set the root's, which cobra
  // does not ask: `docker --help run img` runs the container.
  if (hasOwnHelpFlag(node.canonical)) help = false;
  // Any other leaf shares the root's help flag, so its own `--help=false` unsets a --help typed
  // before it (`docker -h rename a b --help=false` renames). The leaf's flags are read later; a
  // token that may unset help counts, so a doubt reads as the command, never as help.
  else if (help) for (const token of rest) {
    if (token === '--') break;
    if (mayUnsetHelp(token)) help = false;
  }
  const inv: Invocation = { ...common, kind: 'builtin', command: node.canonical, words, args: rest, help, group: false };
  return { inv, at: { node, words, help, rest } };
}

/**
 * What docker's Initialize (cli/command/cli.go) rejects before any command runs: a log level
 * logrus cannot parse, more than one -H, -H together with -c. Only flags of the global pass count:
 * those after a global `--` are parsed later, by cobra, and never checked.
 */
function initializeError(flags: readonly ParsedFlag[]): string | undefined {
  let level: string | undefined;
  let context = '';
  let hosts = 0;
  for (const f of flags) {
    if (f.spec.long === 'log-level') level = f.value;
    if (f.spec.long === 'context') context = f.value;
    if (f.spec.long === 'host') hosts++;
  }
  if (level !== undefined && level !== '' && !LOG_LEVELS.has(level.toLowerCase())) return `Unable to parse logging level: ${level}`;
  if (hosts > 1) return 'Specify only one -H';
  if (hosts > 0 && context !== '') return 'conflicting options: cannot specify both --host and --context';
  return undefined;
}

function useOf(f: ParsedFlag, late: boolean): GlobalFlagUse {
  return { name: f.spec.long, value: f.value, raw: f.raw, late };
}

function lastHelp(flags: readonly ParsedFlag[], current: boolean): boolean {
  let help = current;
  for (const f of flags) if (f.spec.long === 'help') help = parseGoBool(f.value) === true;
  return help;
}

function flagsOf(node: CommandNode): FlagTable {
  if (node === ROOT) return GLOBAL_FLAGS;
  // `stack`'s --orchestrator is persistent, so its subcommands accept it as well.
  const persistent = node.canonical.startsWith('stack') ? [{ long: 'orchestrator', takesValue: true }] : [];
  return [...HELP_FLAG, ...persistent, ...(node.flags ?? [])];
}

/**
 * cobra Command.Find at the root, as docker uses it to decide whether to try a plugin: stripFlags
 * then findNext; legacyArgs makes an unmatched first word an error.
 */
function cobraFindFails(args: readonly string[], find: Lookup): boolean {
  const words = stripFlags(args, GLOBAL_FLAGS);
  if (words.length === 0) return false;
  return ADDED_IN_EXECUTE.has(words[0]!) || find(ROOT, words[0]!) === undefined;
}

/** Marks a plugin's command stub in stubReached's walk. */
const PLUGIN_STUB: CommandNode = { name: '', canonical: '' };

/**
 * cobra's root Traverse over `args` with the plugins' command stubs on the root, which docker adds
 * for completion and for help only (cli-plugins/manager/cobra.go AddPluginCommandStubs): the stub
 * it lands on, if any. Flags before the word are parsed by the root first; an error there ends the
 * walk. `stubsFirst`: `help` and `completion` lose to a stub (for completion the stubs are added
 * before cobra adds those two; for help, after).
 */
function stubReached(args: readonly string[], find: Lookup, stubsFirst: boolean): { name: string; rest: readonly string[] } | undefined {
  const stub = (w: string): CommandNode | undefined => (isPluginName(w) ? PLUGIN_STUB : undefined);
  const step = traverseStep(args, GLOBAL_FLAGS, (w) => (stubsFirst && ADDED_IN_EXECUTE.has(w) ? stub(w) : (find(ROOT, w) ?? stub(w))));
  if (step.kind === 'stop' || step.next !== PLUGIN_STUB) return undefined;
  if (!parseFlags(step.flags, GLOBAL_FLAGS, { interspersed: true }).ok) return undefined;
  return { name: step.word, rest: step.rest };
}

/**
 * `docker __complete ARGS… PARTIAL`: cobra getCompletions walks ARGS (the partial word is not part
 * of it), and when it lands on a plugin's stub, the stub's ValidArgsFunction execs
 * `docker-<name> __complete <name> …` (cli-plugins/manager/cobra.go).
 */
function completedPlugin(args: readonly string[], find: Lookup): { name: string; args: readonly string[] } | undefined {
  const reached = stubReached(args.slice(0, -1), find, true);
  return reached && { name: reached.name, args: args.slice(args.length - reached.rest.length - 1) };
}

/** cobra adds these to the root only inside ExecuteC, after docker's plugin decision: at that
 *  point `docker help …` is an unknown word, and a plugin `docker-help` runs if one is installed. */
const ADDED_IN_EXECUTE: ReadonlySet<string> = new Set(['help', 'completion', '__complete', '__completeNoDesc']);

/**
 * docker's help function (cmd/docker/docker.go setHelpFunc -> tryRunPluginHelp) runs the plugin
 * `docker-<name>` for a true --help on a command whose name is not a root command (`container ls
 * --help` runs docker-ls when one is installed). The leaf's own flags are not parsed here, so any
 * token that may be a true --help counts (a false alarm only refuses a help request).
 */
function helpPlugin(node: CommandNode, words: readonly string[], help: boolean, rest: readonly string[], find: Lookup): string | undefined {
  // The root's help with words it does not know (reached when the word after a global `--` is a
  // flag, so docker's plugin decision looked at the flag): the help function adds the plugins'
  // stubs and walks the words again (`docker -- -D down --help` runs docker-down).
  if (words.length === 0) return help ? stubReached(rest, find, false)?.name : undefined;
  if (words.length < 2) return undefined;
  const name = node.name;
  if (findChild(ROOT, name) !== undefined) return undefined;
  if (help) return name;
  for (const token of rest) if (asksForHelp(token)) return name;
  return undefined;
}

// Character tests instead of regular expressions on the path every call takes: JSC compiles a
// regular expression on its first use in a process (about 30 µs for the first one, bench/).

/** /^[a-z][a-z0-9]*$/ (cli-plugins/manager/plugin.go:18): a word docker would look up as the
 *  plugin docker-<word>. */
export function isPluginName(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const lower = c >= 97 && c <= 122;
    if (!lower && (i === 0 || c < 48 || c > 57)) return false;
  }
  return true;
}

/** `--help=<false>`, `-h=<false>`, or a cluster ending so (`-ah=0`): may set help to false. */
function mayUnsetHelp(token: string): boolean {
  if (token.length < 4 || token[0] !== '-') return false;
  const eq = token.indexOf('=');
  if (eq < 0) return false;
  const name = token.slice(0, eq);
  if (name !== '--help' && (name[1] === '-' || name[name.length - 1] !== 'h')) return false;
  return parseGoBool(token.slice(eq + 1)) === false;
}

/**
 * May this token be a true --help? `--help`, `-h`, `--help=<bool>` / `-h=<bool>` unless the value
 * is false, and a shorthand cluster whose letters reach an `h` (`-ah`). As the regular expressions
 * /^--help=(.*)$/, /^-h=(.*)$/ and /^-[A-Za-z]*h/ read it, line terminators included (`.` matches
 * none of them): test/core/parse-argv.test.ts compares the two over many tokens.
 */
export function asksForHelp(token: string): boolean {
  if (token === '--help' || token === '-h') return true;
  const value = token.startsWith('--help=') ? token.slice(7) : token.startsWith('-h=') ? token.slice(3) : undefined;
  if (value !== undefined && !hasLineTerminator(value)) return parseGoBool(value) !== false;
  if (token.length < 2 || token[0] !== '-' || token[1] === '-') return false;
  for (let i = 1; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 104) return true; // h
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return false;
}

function hasLineTerminator(s: string): boolean {
  return s.includes('\n') || s.includes('\r') || s.includes('\u2028') || s.includes('\u2029');
}

/** cobra stripFlags, quirks included (a `-f v` pair at the very end drops both). */
function stripFlags(input: readonly string[], table: FlagTable): string[] {
  const commands: string[] = [];
  const args = [...input];
  while (args.length > 0) {
    const s = args.shift()!;
    if (s === '--') break;
    const longWithValue = s.startsWith('--') && !s.includes('=') && !hasNoOptDefVal(table, s.slice(2));
    const shortWithValue = s.startsWith('-') && !s.includes('=') && s.length === 2 && !shortHasNoOptDefVal(table, s.slice(1));
    if (longWithValue || shortWithValue) {
      if (args.length <= 1) break;
      args.shift();
      continue;
    }
    if (s !== '' && !s.startsWith('-')) commands.push(s);
  }
  return commands;
}

/**
 * `docker help X [Y]`: help for a built-in path prints text; for anything else docker runs the
 * plugin `docker-X` with argv `help X …` (cmd/docker/docker.go setupHelpCommand).
 */
function helpTopic(common: Common, rest: readonly string[], helpIn: boolean, find: Lookup): Invocation {
  const parsed = parseFlags(rest, HELP_FLAG, { interspersed: true });
  if (!parsed.ok) return { ...common, kind: 'malformed', error: parsed.error };
  // A true --help, before `help` or after it, asks for the usage of `help` itself.
  if (lastHelp(parsed.flags, helpIn)) return { ...common, kind: 'builtin', command: 'help', words: ['help'], args: rest, help: true, group: false };
  const topic = parsed.positionals;
  if (topic.length === 0) {
    return { ...common, kind: 'builtin', command: '', words: ['help'], args: [], help: true, group: true };
  }
  let node: CommandNode = ROOT;
  const words: string[] = [];
  for (const word of topic) {
    const next = find(node, word);
    if (!next) {
      if (node === ROOT && isPluginName(word)) {
        return { ...common, kind: 'plugin', name: word, args: topic.slice(1), viaHelp: true };
      }
      return { ...common, kind: 'malformed', error: `unknown help topic: ${topic.join(' ')}` };
    }
    words.push(word);
    node = next;
  }
  return { ...common, kind: 'builtin', command: node.canonical, words, args: [], help: true, group: !!node.children };
}
