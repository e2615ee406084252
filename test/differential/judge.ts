// Does parseArgv agree with what the real docker did?
//
// - docker performed API operation X  → parseArgv: builtin X (not help, not a management command).
// - docker ran plugin P                → parseArgv: plugin P.
// - docker printed help of C          → parseArgv: malformed, help of C, the root / a management
//                                        command, or the leaf C itself when the help came from C's
//                                        own flags (`docker exec --help`: parseArgv leaves a leaf's
//                                        flags to later stages, see invocation.ts `help` and `args`).
// - docker printed its version         → parseArgv: the root (or malformed).
// - docker ran a client-side command   → parseArgv: a builtin leaf, not help (the table names it).
// - docker refused at the root or during initialisation, or reported an unknown command
//                                      → parseArgv: malformed, help, or the root / a management command.
// - docker recognised command C and refused C's own flags/arguments (it prints C's usage)
//                                      → parseArgv: malformed, help, a management command, or C itself
//                                        (same reason as for help).
// In every case: parseArgv never names an operation or plugin other than the one docker performed,
// and never says "nothing happens" (help, malformed) when docker performed an operation or ran a plugin.
import type { Invocation } from '../../src/docker/invocation.js';
import type { Outcome } from './classify.js';

/** Operations that a command legitimately performs under another name. Keep this short. */
const ALSO_PERFORMS: Readonly<Record<string, (op: string) => boolean>> = {
  // `docker inspect` looks the name up as a container, image, network, … (cli/command/system/inspect.go).
  inspect: (op) => op.endsWith(' inspect'),
  // `docker port c` reads the container's inspect data (cli/command/container/port.go).
  'container port': (op) => op === 'container inspect',
  // exec looks the container up first and may stop there (`exec -it` without a terminal).
  'container exec': (op) => op === 'container inspect',
  // `start -a`/`-i` attaches: decide.ts refuses it as `container attach` (README, no back doors).
  'container start': (op) => op === 'container attach',
  // Swarm listings of tasks (refused by default; named here so random argv can be judged).
  'node ps': (op) => op === 'node inspect' || op === 'task ls' || op === 'system info', // no node named: itself, from /info
  'service ps': (op) => op === 'service inspect' || op === 'service ls' || op === 'task ls',
  'stack ps': (op) => op === 'task ls',
  'stack rm': (op) => op === 'stack services',
  // `<group> update` looks its object up first (node, service, volume: swarm objects); so do
  // `service rollback` (an update to the previous spec) and `node promote|demote` (a role update).
  'service update': (op) => op === 'service inspect',
  'service rollback': (op) => op === 'service inspect',
  'node update': (op) => op === 'node inspect',
  'node promote': (op) => op === 'node inspect',
  'node demote': (op) => op === 'node inspect',
  'volume update': (op) => op === 'volume inspect',
  // Shell completion lists containers, images, … to offer names: read-only lookups.
  __complete: (op) => / (ls|inspect)$/.test(op),
  __completeNoDesc: (op) => / (ls|inspect)$/.test(op),
};

/** The commands docker forwards to buildx when it is installed (cmd/docker/builder.go, grammar
 *  9.1): the guard decides on `image build` with buildx's flags, `bake` and `builder …` by name. */
export function buildxRunsFor(inv: Invocation): boolean {
  return inv.kind === 'builtin' && /^(image build|bake|builder( .*)?)$/.test(inv.command);
}

export function describeInvocation(inv: Invocation): string {
  switch (inv.kind) {
    case 'builtin': {
      const flags = [inv.help ? 'help' : '', inv.group ? 'group' : ''].filter(Boolean).join(',');
      return `builtin '${inv.command}'${flags ? ` (${flags})` : ''}`;
    }
    case 'plugin':
      return `plugin '${inv.name}'${inv.viaHelp ? ' (via help)' : ''}`;
    case 'malformed':
      return `malformed (${inv.error})`;
  }
}

const lastWord = (s: string): string => s.split(' ').at(-1) ?? '';

/** A command path docker printed (`container ls`, `ps`, `image rm`) names the same node as the
 * parsed command: docker prints the Use name of each level, the typed words may be aliases. */
function sameNode(printed: string, inv: Extract<Invocation, { kind: 'builtin' }>): boolean {
  if (printed === inv.command || printed === inv.words.join(' ')) return true;
  return printed !== '' && inv.command !== '' && (lastWord(printed) === lastWord(inv.command) || lastWord(printed) === (inv.words.at(-1) ?? ''));
}

/**
 * undefined when parseArgv agrees with docker; otherwise why not. `installed`: the plugin names
 * that had a stub in this run. Where parseArgv says "docker runs plugin P if installed, else
 * <fallback>" (`help`, help of `container ls`), an absent P is judged by the fallback.
 */
export function judge(out: Outcome, inv: Invocation, installed?: readonly string[]): string | undefined {
  if (inv.kind === 'plugin' && inv.fallback && installed && !installed.includes(inv.name)) {
    return judge(out, inv.fallback, installed);
  }
  const said = describeInvocation(inv);
  switch (out.kind) {
    case 'unclassified':
      return `cannot tell what docker did: ${out.detail}`;
    case 'op': {
      const ok =
        inv.kind === 'builtin' && !inv.help && !inv.group && (inv.command === out.op || (ALSO_PERFORMS[inv.command]?.(out.op) ?? false));
      return ok ? undefined : `docker performed '${out.op}' (${out.calls.join(', ')}); parseArgv says ${said}`;
    }
    case 'plugin':
      if (inv.kind === 'plugin' && inv.name === out.name) return undefined;
      // Builds forwarded to buildx when it is installed (cmd/docker/builder.go, grammar 9.1): the
      // guard decides on `image build` with buildx's flags, `bake` and `builder …` by name.
      if (out.name === 'buildx' && buildxRunsFor(inv)) return undefined;
      return `docker ran plugin '${out.name}'; parseArgv says ${said}`;
    case 'help': {
      if (inv.kind === 'malformed') return undefined;
      if (inv.kind === 'builtin' && (inv.help || inv.group)) {
        return sameNode(out.path, inv) || out.path === '' ? undefined : `docker printed help of '${out.path}'; parseArgv says ${said}`;
      }
      if (inv.kind === 'builtin' && out.path !== '' && sameNode(out.path, inv)) return undefined;
      return `docker printed help of '${out.path}' and did nothing else; parseArgv says ${said}`;
    }
    case 'version':
      return inv.kind === 'malformed' || (inv.kind === 'builtin' && inv.command === '' && !inv.help)
        ? undefined
        : `docker printed its version and did nothing else; parseArgv says ${said}`;
    case 'local':
      return inv.kind === 'builtin' && !inv.help && !inv.group
        ? undefined
        : `docker ran a client-side command (exit 0, no API call); parseArgv says ${said}`;
    case 'rejected': {
      if (inv.kind === 'malformed') return undefined;
      const why = `docker refused (exit ${out.code}: ${out.message})`;
      if (inv.kind === 'plugin') return `${why}; parseArgv says ${said}`;
      if (inv.help || inv.group) return undefined;
      if (out.command !== undefined && sameNode(out.command, inv)) return undefined;
      return `${why}; parseArgv says ${said}`;
    }
  }
}

/**
 * The judge for random argv (random.test.ts): whenever docker acted (called the API, ran a plugin,
 * ran a client-side command), parseArgv must have named that act, as `judge` says. Where docker
 * did nothing but print (it refused the argv, or printed help or its version), any answer of the
 * guard is safe: it decides on what parseArgv names and forwards, or refuses; docker then only
 * prints. The classifier cannot always tell a command's own refusal from the root's (errors
 * returned by a command's RunE print no usage line); the hand-made table pins such outcomes case
 * by case. And parseArgv saying malformed is safe too: the guard refuses it (decide.ts
 * malformed-argv) and forwards nothing, whatever docker would have done.
 */
export function judgeRandom(out: Outcome, inv: Invocation, installed?: readonly string[]): string | undefined {
  if (inv.kind === 'malformed') return undefined;
  if (out.kind === 'rejected' || out.kind === 'help' || out.kind === 'version') return undefined;
  return judge(out, inv, installed);
}
