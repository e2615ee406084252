// Seeded random argv for the differential test (random.test.ts): shapes an agent or an attacker
// would type, built from the tokens docker's parser treats specially, so that corners the hand-made
// table (cases.ts) does not name are still compared with what the real docker does.
//
// Tokens whose outcome depends on the environment rather than the argv are left out, because
// parseArgv reads argv only and the table already pins them as known disagreements: a context
// that does not exist in the fresh config, and TLS switched on without certificates.
import { lcg } from '../support/seeded.js';
import type { Case } from './cases.js';

const GLOBALS: readonly (readonly string[])[] = [
  ['-D'], ['--debug'], ['--debug=false'], ['--debug=1'], ['-D=true'], ['-Dl', 'info'], ['-lDEBUG'], ['-l=warn'],
  ['-l', 'debug'], ['--log-level', 'error'], ['--log-level=fatal'], ['-lD'], ['-l', 'bogus'], ['-H', '$REC'],
  ['-H$REC'], ['--host=$REC'], ['--host', '$REC'], ['-c', 'default'], ['--context=default'], ['-cdefault'],
  // another daemon: whatever reaches it, the guard must have refused (random.test.ts)
  ['-H', '$REC2'], ['-H$REC2'], ['--host=$REC2'], ['-DH', '$REC2'], ['-H=$REC2'],
  ['--config', '$CFG2'], ['--config=$CFG2'], ['-v'], ['--version'], ['-h'], ['--help'], ['--help=false'],
  ['-h=false'], ['--help=0'], ['-vD'], ['-Dv'], ['-Dh'], ['--'], ['-'], [''], ['--tls=false'], ['--tlsverify=false'],
  ['--debug=maybe'], ['--nope'], ['-x'], ['-Hv'],
];

const WORDS: readonly string[] = [
  'ps', 'exec', 'run', 'create', 'start', 'stop', 'restart', 'rm', 'rmi', 'images', 'image', 'container', 'network',
  'volume', 'system', 'builder', 'buildx', 'compose', 'info', 'version', 'inspect', 'logs', 'attach', 'cp', 'commit',
  'diff', 'export', 'import', 'load', 'save', 'push', 'pull', 'tag', 'build', 'kill', 'top', 'wait', 'history', 'port',
  'rename', 'pause', 'update', 'context', 'plugin', 'swarm', 'service', 'secret', 'config', 'node', 'stack', 'manifest',
  'trust', 'help', 'completion', '__complete', 'foo', 'EXEC', 'Ps', 'ls', 'list', 'remove', 'prune', 'df',
  'dial-stdio', 'up', 'down', 'connect', 'use', 'show', 'c1', 'img',
];

const LEAF: readonly (readonly string[])[] = [
  ['-a'], ['-it'], ['-i'], ['-t'], ['-d'], ['--rm'], ['-q'], ['--format', '{{.ID}}'], ['-f'], ['--filter', 'name=x'],
  ['-v', '/:/h'], ['-v=/:/h'], ['--privileged'], ['--help'], ['-h'], ['--help=false'], ['-h=0'], ['--debug'], ['-D'],
  ['--all'], ['--interactive'], ['--attach'], ['-ai'], ['--volumes'], ['--force'], ['-o', 'type=registry'], ['--push'],
  ['--'], ['-e', 'A=b'], ['--network', 'none'], ['--no-stream'], ['-n', '1'], ['--context', 'x'], ['-H', 'x'],
  ['-lDEBUG'], ['--tail=1'], ['-'], [''],
];

/** Spellings docker runs, so that a good share of the cases reach the API or a plugin. */
const PATHS: readonly string[] = [
  'ps', 'container ls', 'container list', 'exec', 'container exec', 'run', 'container run', 'create', 'start', 'stop',
  'restart', 'kill', 'rm', 'remove', 'container rm', 'container remove', 'rmi', 'image rm', 'image remove', 'images',
  'image ls', 'logs', 'attach', 'cp', 'commit', 'diff', 'export', 'save', 'image save', 'tag', 'push', 'pull', 'inspect',
  'port', 'top', 'wait', 'pause', 'history', 'network ls', 'network rm', 'volume ls', 'volume rm', 'volume create',
  'system df', 'system events', 'system dial-stdio', 'events', 'info', 'version', 'builder prune', 'compose', 'buildx',
  'foo', 'help', 'completion', 'context ls', 'context show',
  // allowed commands that reach a refused one through a flag (the guard must refuse them)
  'start -a', 'start -ai', 'start --attach', 'container start -i', 'start --interactive=true', 'start -a=false',
  'system prune -f', 'system prune -f --volumes', 'system prune --volumes --force', 'system prune -af --volumes=true',
  'system prune -f --volumes=false',
  'remove', 'remove -v', 'remove -f', 'rm -v', 'rm --volumes', 'container rm -fv', 'rm -v=false', 'container remove --volumes=true',
];

const ARGS: readonly string[] = ['c1', 'img', 'busybox', 'sh', 'x', 'exec', 'ps', '-'];

export function randomCases(seed: number, count: number): Case[] {
  const next = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const upTo = (n: number): number => Math.floor(next() * (n + 1));
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const argv: string[] = [];
    if (next() < 0.25) {
      // Free mixing: any token anywhere.
      // Placeholders only as flag values: a recorder address as a container name spans slashes.
      const all = [...GLOBALS.flat(), ...WORDS, ...LEAF.flat(), ...ARGS].filter((t) => !t.startsWith('$'));
      for (let n = 1 + upTo(6); n > 0; n--) argv.push(pick(all));
    } else {
      // Docker's shape: globals, one to three command words, then a leaf's flags and arguments.
      for (let n = upTo(2); n > 0; n--) argv.push(...pick(GLOBALS));
      if (next() < 0.5) argv.push(...pick(PATHS).split(' '), ...(next() < 0.7 ? ['c1'] : []));
      else for (let n = 1 + upTo(2); n > 0; n--) argv.push(pick(WORDS));
      for (let n = upTo(3); n > 0; n--) argv.push(...(next() < 0.6 ? pick(LEAF) : [pick(ARGS)]));
    }
    // docker's hide() drops the legacy shortcuts' aliases when this is set (command-tree.ts).
    out.push(next() < 0.1 ? { argv, env: { DOCKER_HIDE_LEGACY_COMMANDS: '1' } } : { argv });
  }
  return out;
}
