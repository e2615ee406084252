import { PRECOMPUTED } from '../build-constants.js';
import type { FlagTable } from './pflag.js';

// The command tree of docker/cli v28.2.2: cli/command/commands/commands.go:29-95 (what the root
// registers), each command's `Use:` and `Aliases:`, the list/remove wrappers in
// cli/command/container/list.go, image/list.go, image/remove.go. Confirmed with
// `docker <mgmt> --help` of the 28.2.2 binary (see shared docker-cli-grammar.md section 4).
// Cobra matching is exact and case-sensitive: no prefix matching, no case folding.

export interface CommandNode {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** The canonical path this node runs, e.g. `exec` at the root runs `container exec`. */
  readonly canonical: string;
  readonly children?: readonly CommandNode[];
  /** Flags a management command accepts besides the persistent --help (only `stack`). */
  readonly flags?: FlagTable;
  readonly hidden?: boolean;
}

function leaf(name: string, canonical: string, aliases?: readonly string[], hidden = false): CommandNode {
  // `hidden` only when true: the tree is embedded as JSON and parsed on every call.
  const node: CommandNode = aliases ? { name, canonical, aliases } : { name, canonical };
  return hidden ? { ...node, hidden } : node;
}

/** A management command; `path` is its canonical path when it is nested (`trust key`). */
function group(
  name: string,
  subs: readonly (string | readonly [string, ...string[]] | CommandNode)[],
  extra: Partial<CommandNode> = {},
  path: string = name,
): CommandNode {
  const children = subs.map((s): CommandNode => {
    if (typeof s === 'string') return leaf(s, `${path} ${s}`);
    if (Array.isArray(s)) {
      const [n, ...aliases] = s as readonly [string, ...string[]];
      return leaf(n, `${path} ${n}`, aliases);
    }
    return s as CommandNode;
  });
  return { name, canonical: path, children, ...extra };
}

/**
 * Aliases of the legacy shortcuts: only `remove` (`docker remove` = `docker rm`). docker's hide()
 * (cli/command/commands/commands.go) clears a legacy shortcut's Aliases when
 * DOCKER_HIDE_LEGACY_COMMANDS is non-empty; `docker remove` then names the plugin docker-remove.
 */
export const LEGACY_ALIASES: readonly string[] = ['remove'];

/**
 * Commands that declare their own `--help` (container/run.go:67, create.go:87: `-h` is their
 * --hostname). cobra asks only the leaf's own help flag, so a --help typed before the command word
 * (`docker --help run …`, `docker container -h create …`) sets the root's and the command runs.
 * Comparisons, not a Set: every call asks, and a Set built at start-up cost `docker ps` about
 * 0.03 ms (bench/measure.c, side by side).
 */
export function hasOwnHelpFlag(canonical: string): boolean {
  return canonical === 'container run' || canonical === 'container create';
}

/** The tree as written here; compiled builds embed its JSON instead (see ROOT). */
export function buildRoot(): CommandNode {
  const CONTAINER = group('container', [
    'attach', 'commit', 'cp', 'create', 'diff', 'exec', 'export', 'inspect', 'kill', 'logs',
    ['ls', 'ps', 'list'], 'pause', 'port', 'prune', 'rename', 'restart', ['rm', 'remove'], 'run',
    'start', 'stats', 'stop', 'top', 'unpause', 'update', 'wait',
  ]);

  const IMAGE = group('image', [
    'build', 'history', 'import', 'inspect', 'load', ['ls', 'list'], 'prune', 'pull', 'push',
    ['rm', 'rmi', 'remove'], 'save', 'tag',
  ]);

  const SYSTEM = group('system', [
    'df', 'events', 'info', 'prune',
    // Hidden: a raw bidirectional tunnel to the daemon API (cli/command/system/dial_stdio.go).
    leaf('dial-stdio', 'system dial-stdio', undefined, true),
  ]);

  const TRUST = group('trust', [
    'inspect', 'revoke', 'sign',
    group('key', ['generate', 'load'], {}, 'trust key'),
    group('signer', ['add', 'remove'], {}, 'trust signer'),
  ]);

  const LEGACY_SHORTCUTS: readonly (readonly [string, string])[] = [
    ['attach', 'container attach'], ['commit', 'container commit'], ['cp', 'container cp'],
    ['create', 'container create'], ['diff', 'container diff'], ['export', 'container export'],
    ['kill', 'container kill'], ['logs', 'container logs'], ['pause', 'container pause'],
    ['port', 'container port'], ['rename', 'container rename'], ['restart', 'container restart'],
    ['start', 'container start'], ['stats', 'container stats'],
    ['stop', 'container stop'], ['top', 'container top'], ['unpause', 'container unpause'],
    ['update', 'container update'], ['wait', 'container wait'], ['history', 'image history'],
    ['import', 'image import'], ['load', 'image load'], ['rmi', 'image rm'], ['save', 'image save'],
    ['tag', 'image tag'], ['events', 'system events'],
  ];

  return {
    name: 'docker',
    canonical: '',
    children: [
      // common commands
      leaf('run', 'container run'), leaf('exec', 'container exec'), leaf('ps', 'container ls'),
      leaf('build', 'image build'), leaf('pull', 'image pull'), leaf('push', 'image push'),
      leaf('images', 'image ls'), leaf('login', 'login'), leaf('logout', 'logout'),
      leaf('search', 'search'), leaf('version', 'version'), leaf('info', 'system info'),
      // management commands
      leaf('bake', 'bake'),
      group('builder', [leaf('build', 'image build'), 'prune']),
      group('checkpoint', ['create', ['ls', 'list'], ['rm', 'remove']]),
      CONTAINER,
      group('context', ['create', 'export', 'import', 'inspect', ['ls', 'list'], ['rm', 'remove'], 'show', 'update', 'use']),
      IMAGE,
      group('manifest', ['annotate', 'create', 'inspect', 'push', 'rm']),
      group('network', ['connect', 'create', 'disconnect', 'inspect', ['ls', 'list'], 'prune', ['rm', 'remove']]),
      group('plugin', ['create', 'disable', 'enable', 'inspect', 'install', ['ls', 'list'], 'push', ['rm', 'remove'], 'set', 'upgrade']),
      SYSTEM,
      TRUST,
      group('volume', ['create', 'inspect', ['ls', 'list'], 'prune', ['rm', 'remove'], 'update']),
      // swarm commands
      group('config', ['create', 'inspect', ['ls', 'list'], ['rm', 'remove']]),
      group('node', ['demote', 'inspect', ['ls', 'list'], 'promote', 'ps', ['rm', 'remove'], 'update']),
      group('secret', ['create', 'inspect', ['ls', 'list'], ['rm', 'remove']]),
      group('service', ['create', 'inspect', 'logs', ['ls', 'list'], 'ps', ['rm', 'remove'], 'rollback', 'scale', 'update']),
      // stack keeps a deprecated, ignored persistent --orchestrator (cli/command/stack/cmd.go:41-44).
      group('stack', ['config', ['deploy', 'up'], ['ls', 'list'], 'ps', ['rm', 'remove', 'down'], 'services'], {
        flags: [{ long: 'orchestrator', takesValue: true }],
      }),
      group('swarm', ['ca', 'init', 'join', 'join-token', 'leave', 'unlock', 'unlock-key', 'update']),
      // legacy top-level shortcuts
      ...LEGACY_SHORTCUTS.map(([n, c]) => leaf(n, c)),
      // container.NewRmCommand carries its own Aliases (cli/command/container/rm.go:31), so the
      // shortcut answers to `docker remove` too; see LEGACY_ALIASES.
      leaf('rm', 'container rm', [...LEGACY_ALIASES]),
      leaf('inspect', 'inspect'),
      // cobra's own commands
      leaf('help', 'help'),
      { name: 'completion', canonical: 'completion', hidden: true, children: ['bash', 'zsh', 'fish', 'powershell'].map((s) => leaf(s, `completion ${s}`)) },
      leaf('__complete', '__complete', undefined, true),
      leaf('__completeNoDesc', '__completeNoDesc', undefined, true),
    ],
  };
}

/**
 * The compiled binary gets the tree as JSON computed at build time (scripts/build.sh): JSON.parse
 * is native, while building ~200 nodes through the helpers above costs about 0.35 ms of
 * interpreter time on every docker call. Same data, same source. Each management command's
 * subtree stays JSON text until a call looks inside it (packTree): `docker ps` parses the root
 * level and the `container` subtree, not the whole tree.
 */
export const ROOT: CommandNode = PRECOMPUTED ? unpackTree(PRECOMPUTED.commandTree) : buildRoot();

/**
 * The tree as src/precompute.ts embeds it: the root level as JSON text without the management
 * commands' children, and each management command's children as JSON text of their own. Two
 * separate build-time constants, so that no JSON text sits escaped inside another one: parsing
 * escaped JSON-in-JSON and then copying every node cost about 0.08 ms of each call (bench/).
 */
export interface PackedTree {
  readonly root: string;
  readonly subtrees: Readonly<Record<string, string>>;
}

export function packTree(root: CommandNode): PackedTree {
  const subtrees: Record<string, string> = {};
  const children = (root.children ?? []).map(({ children: sub, ...node }) => {
    if (sub) subtrees[node.name] = JSON.stringify(sub);
    return node;
  });
  return { root: JSON.stringify({ ...root, children }), subtrees };
}

export function unpackTree(packed: PackedTree): CommandNode {
  const root = JSON.parse(packed.root) as CommandNode;
  for (const node of root.children ?? []) {
    const text = Object.hasOwn(packed.subtrees, node.name) ? packed.subtrees[node.name] : undefined;
    if (text === undefined) continue;
    let parsed: readonly CommandNode[] | undefined;
    Object.defineProperty(node, 'children', { enumerable: true, get: (): readonly CommandNode[] => (parsed ??= JSON.parse(text) as CommandNode[]) });
  }
  return root;
}

/** cobra findNext: exact name or alias, case-sensitive. */
export function findChild(node: CommandNode, word: string): CommandNode | undefined {
  // A loop, not Array.prototype.find: on every docker call (pflag.ts findLong says why).
  for (const c of node.children ?? []) if (c.name === word || (c.aliases?.includes(word) ?? false)) return c;
  return undefined;
}

/** Commands whose flag parsing stops at the first positional (SetInterspersed(false)). */
export const NON_INTERSPERSED: ReadonlySet<string> = new Set([
  'container run', 'container create', 'container exec', 'container commit', 'container top',
  'image tag', 'service create',
]);

/** Every canonical command path in the tree, for validating policy entries. */
export function allCanonicalPaths(node: CommandNode = ROOT): string[] {
  const out: string[] = [];
  const walk = (n: CommandNode): void => {
    if (n.canonical !== '') out.push(n.canonical);
    n.children?.forEach(walk);
  };
  walk(node);
  return [...new Set(out)];
}

/** The shortest way to type a canonical command (`container ls` -> `ps`), for messages. */
export function shortestSpelling(canonical: string): string {
  const shortcut = ROOT.children?.find((c) => c.canonical === canonical && !c.children && !c.hidden);
  return shortcut ? shortcut.name : canonical;
}
