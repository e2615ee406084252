import { describe, expect, it } from 'vitest';
import { asksForHelp, isPluginName, parseArgv, parseOptionsFrom } from '../../src/docker/parse-argv.js';
import { parseGoBool } from '../../src/docker/pflag.js';

// Expected values come from shared/docker-cli-grammar.md section 11 (observed with the real
// docker 28.2.2 against a recording endpoint); test/differential checks them against the real CLI.

/** What docker runs for an argv: a canonical command, `plugin:<name>`, `help`/`root`, or `error`. */
function outcome(argv: string[]): string {
  const inv = parseArgv(argv);
  if (inv.kind === 'malformed') return 'error';
  if (inv.kind === 'plugin') return `plugin:${inv.name}`;
  if (inv.group) return inv.command === '' ? 'root' : `group:${inv.command}`;
  return inv.command;
}

const split = (s: string): string[] => (s === '' ? [] : s.split(' ').map((t) => (t === "''" ? '' : t)));

const table: [string, string][] = [
  // #1-#11 global flags in every spelling
  ['exec c sh', 'container exec'],
  ['container exec c sh', 'container exec'],
  ['--log-level debug exec c sh', 'container exec'],
  ['-l=debug exec c sh', 'container exec'],
  ['-ldebug exec c sh', 'container exec'],
  ['-lDEBUG exec c sh', 'container exec'],
  ['-Dl debug exec c sh', 'container exec'],
  ['-D=false exec c sh', 'container exec'],
  ['-D=0 exec c sh', 'container exec'],
  ['--debug=false exec c sh', 'container exec'],
  ['--debug false exec c sh', 'plugin:false'],
  // docker's Initialize rejects these before any command runs (#8, #16, #17)
  ['-lD exec c sh', 'error'],
  ['--log-level=bogus ps', 'error'],
  ['--log-level= ps', 'container ls'],
  ['-- -lD ps', 'container ls'],
  ['-H unix:///a -H unix:///b exec c sh', 'error'],
  ['-c default -H unix:///x exec c sh', 'error'],
  ['--context= -H unix:///x ps', 'container ls'],
  ['--context=default exec c sh', 'container exec'],
  ['-cdefault exec c sh', 'container exec'],
  ['-c=default exec c sh', 'container exec'],
  ['-Dc default exec c sh', 'container exec'],
  ['-Dcdefault exec c sh', 'container exec'],
  ['--context= exec c sh', 'container exec'],
  ['-H unix:///x exec c sh', 'container exec'],
  ['-Hunix:///x exec c sh', 'container exec'],
  ['-H=unix:///x exec c sh', 'container exec'],
  ['-DH unix:///x exec c sh', 'container exec'],
  ['--host exec c sh', 'plugin:c'],
  ['--tlsverify=false exec c sh', 'container exec'],
  // `--` before the command word (#22-#26)
  ['-- exec c sh', 'container exec'],
  ['-- -D exec c sh', 'container exec'],
  ['-- -H unix:///x exec c sh', 'container exec'],
  ['-- --context rec exec c sh', 'container exec'],
  ['-- -- exec c sh', 'error'],
  ['-D -- -- exec c sh', 'error'],
  // lone -, empty string, case, prefixes (#27-#31)
  ['- exec c sh', 'error'],
  ["'' exec c sh", 'error'],
  ['EXEC c sh', 'error'],
  ['Exec c sh', 'error'],
  ['container EXEC c sh', 'error'],
  ['ex c sh', 'plugin:ex'],
  ['container ex c sh', 'error'],
  ['--log-lev debug exec c sh', 'error'],
  ['--log debug exec', 'error'],
  // -v/--version does not stop a command (#32-#34)
  ['-v exec c sh', 'container exec'],
  ['--version exec c sh', 'container exec'],
  ['--version=true exec c sh', 'container exec'],
  ['-vD exec c sh', 'container exec'],
  ['-Dv exec c sh', 'container exec'],
  ['-- -v exec c sh', 'container exec'],
  ['-v', 'root'],
  ['--version', 'root'],
  ['-- --version', 'root'],
  ['-v ps', 'container ls'],
  // help (#35-#42)
  ['--help=false exec c sh', 'container exec'],
  ['--help=0 exec c sh', 'container exec'],
  ['-h=false exec c sh', 'container exec'],
  ['container --help=false exec c sh', 'container exec'],
  ['container -h=false exec c sh', 'container exec'],
  ['container --help=0 exec c sh', 'container exec'],
  ['container --help=F exec c sh', 'container exec'],
  ['container --help=false --help=false exec c sh', 'container exec'],
  ['container --help false exec c sh', 'group:container'],
  ['container --help= exec c sh', 'error'],
  ['container -D exec c sh', 'error'],
  ['container --debug exec c sh', 'error'],
  ['container -- exec c sh', 'error'],
  ['container -v exec c sh', 'error'],
  // leaf argv is the leaf's (#43-#46)
  ['exec c sh --help', 'container exec'],
  ['exec -- c sh', 'container exec'],
  ['exec c -it sh', 'container exec'],
  // `help` and `completion` are added by cobra after docker's plugin decision: docker-help runs
  // first when installed (test/differential/cases.ts, "plugins that take over built-in spellings");
  // #47-#49 hold only without such a plugin.
  ['help exec', 'plugin:help'],
  ['help container exec', 'plugin:help'],
  ['help container list', 'plugin:help'],
  ['help exec c', 'plugin:help'],
  ['help', 'plugin:help'],
  ['completion bash', 'plugin:completion'],
  ['-D -- -D help exec', 'container exec'],
  ['-D -- -D help exec c', 'error'],
  // a true --help on a command whose name is no root command runs docker-<name> when installed
  ['container ls --help', 'plugin:ls'],
  ['container list -h', 'plugin:ls'],
  ['container --help ls', 'plugin:ls'],
  ['--help container ls', 'plugin:ls'],
  ['container --help=1 ls', 'plugin:ls'],
  ['network ls -qh', 'plugin:ls'],
  ['system df --help', 'plugin:df'],
  ['trust key --help', 'plugin:key'],
  ['container ls --help=false', 'container ls'],
  ['container ls -- --help', 'container ls'],
  ['ps --help', 'container ls'],
  ['container exec --help', 'container exec'],
  ['container --help', 'group:container'],
  // aliases (#50-#54)
  ['image save x', 'image save'],
  ['save x', 'image save'],
  ['image --help=false save x', 'image save'],
  ['-D -- image --help=false save x', 'image save'],
  ['image images', 'error'],
  ['rmi x', 'image rm'],
  ['image rm x', 'image rm'],
  ['image rmi x', 'image rm'],
  ['image remove x', 'image rm'],
  ['container remove c', 'container rm'],
  ['container rm c', 'container rm'],
  ['ps', 'container ls'],
  ['container ls', 'container ls'],
  ['container ps', 'container ls'],
  ['container list', 'container ls'],
  ['images', 'image ls'],
  ['image ls', 'image ls'],
  ['image list', 'image ls'],
  ['info', 'system info'],
  ['system info', 'system info'],
  ['events', 'system events'],
  ['attach c', 'container attach'],
  ['cp c:/etc/passwd ./x', 'container cp'],
  ['build .', 'image build'],
  ['image build .', 'image build'],
  ['builder build .', 'image build'],
  ['builder prune', 'builder prune'],
  ['bake', 'bake'],
  ['system dial-stdio', 'system dial-stdio'],
  ['stack --orchestrator x ls', 'stack ls'],
  ['stack down x', 'stack rm'],
  ['trust key generate k', 'trust key generate'],
  // plugins (#58-#65)
  ['compose exec svc sh', 'plugin:compose'],
  ['-l debug compose -f x.yml exec svc sh', 'plugin:compose'],
  ['-- compose ps', 'plugin:compose'],
  ['-- -D compose ps', 'error'],
  ['-- -H x compose ps', 'error'],
  ['COMPOSE ps', 'error'],
  ['help compose', 'plugin:help'],
  ['--help compose', 'plugin:compose'],
  ['compose --help', 'plugin:compose'],
  ['ls', 'plugin:ls'],
  ['__complete exec', '__complete'],
  ['__completeNoDesc exec', '__completeNoDesc'],
  ['', 'root'],
  ['container', 'group:container'],
  ['system', 'group:system'],
  ['container foo', 'error'],
  // found by the random differential test (test/differential/random.test.ts)
  ['remove c', 'container rm'],
  ['-D remove -v c', 'container rm'],
  ['container remove c', 'container rm'],
  ['__complete foo', '__complete'],
  ["__complete foo ''", 'plugin:foo'],
  ["__complete --debug foo x ''", 'plugin:foo'],
  ["__complete -l info foo ''", 'plugin:foo'],
  ["__complete --debug=maybe foo ''", '__complete'],
  ["__complete ps ''", '__complete'],
  ["__complete remove ''", '__complete'],
  // every `builder …` goes to buildx when it is installed (help of builder when not)
  ['builder -h', 'plugin:buildx'],
  ['builder imagetools create x -h', 'plugin:buildx'],
  ['builder', 'plugin:buildx'],
  ['builder ls', 'plugin:buildx'],
];

describe('parseArgv: what docker runs', () => {
  it.each(table)('docker %s -> %s', (argv, expected) => {
    expect(outcome(split(argv))).toBe(expected);
  });
});

describe('parseArgv: details', () => {
  it('applies flags after a global -- late', () => {
    const inv = parseArgv(split('-- -H unix:///evil exec c sh'));
    expect(inv.dashDashBeforeCommand).toBe(true);
    expect(inv.globals).toEqual([{ name: 'host', value: 'unix:///evil', raw: '-H unix:///evil', late: true }]);
  });
  it('keeps the leaf argv untouched', () => {
    const inv = parseArgv(split('-D container --help=false run -v /:/h img --privileged'));
    expect(inv.kind === 'builtin' && inv.args).toEqual(['-v', '/:/h', 'img', '--privileged']);
  });
  it('gives a plugin the tokens after its name', () => {
    const inv = parseArgv(split('-l debug compose -f x.yml exec svc sh'));
    expect(inv.kind === 'plugin' && inv.args).toEqual(['-f', 'x.yml', 'exec', 'svc', 'sh']);
    expect(inv.globals.map((g) => g.name)).toEqual(['log-level']);
  });
  it('reports a value-taking global flag without a value', () => {
    const inv = parseArgv(['-H']);
    expect(inv.kind === 'malformed' && inv.error).toMatch(/flag needs an argument/);
  });
  it('records help between command words', () => {
    const inv = parseArgv(split('--help exec c sh'));
    expect(inv.kind === 'builtin' && inv.help).toBe(true);
  });
  it('does not read a --help before run or create as help: they have their own, the container is made', () => {
    for (const argv of ['--help run img', '-h run img', '-Dh run img', 'container --help run img', '-h create img', 'container -h create img']) {
      const inv = parseArgv(split(argv));
      expect([argv, inv.kind === 'builtin' && inv.command, inv.kind === 'builtin' && inv.help]).toEqual([argv, argv.includes('create') ? 'container create' : 'container run', false]);
    }
    const own = parseArgv(split('--help run --help img'));
    expect(own.kind === 'builtin' && own.args).toEqual(['--help', 'img']);
  });
  it('reads `remove` as a plugin when DOCKER_HIDE_LEGACY_COMMANDS clears the shortcuts\' aliases', () => {
    const hidden = parseOptionsFrom({ DOCKER_HIDE_LEGACY_COMMANDS: '1' });
    expect(parseArgv(split('remove c'), hidden)).toMatchObject({ kind: 'plugin', name: 'remove', args: ['c'] });
    // `help X` runs a plugin docker-help when one is installed, else the help of X (its fallback).
    expect(parseArgv(split('help remove'), hidden)).toMatchObject({ kind: 'plugin', name: 'help', fallback: { kind: 'plugin', name: 'remove', viaHelp: true } });
    expect(parseArgv(split('help remove'))).toMatchObject({ kind: 'plugin', name: 'help', fallback: { kind: 'builtin', command: 'container rm', help: true } });
    expect(parseArgv(split('container remove c'), hidden)).toMatchObject({ kind: 'builtin', command: 'container rm' });
    expect(parseArgv(split('rm c'), hidden)).toMatchObject({ kind: 'builtin', command: 'container rm' });
    for (const env of [{}, { DOCKER_HIDE_LEGACY_COMMANDS: '' }]) {
      expect(parseArgv(split('remove c'), parseOptionsFrom(env))).toMatchObject({ kind: 'builtin', command: 'container rm' });
    }
  });
  it('gives a completed plugin the words after its name', () => {
    expect(parseArgv(['__complete', '-D', 'foo', 'a', 'b', ''])).toMatchObject({ kind: 'plugin', name: 'foo', args: ['a', 'b', ''] });
  });
});

describe('character tests that stand in for regular expressions on the hot path', () => {
  // The regular expressions the scanner used before, as the reference reading.
  const regexAsksForHelp = (token: string): boolean => {
    if (token === '--help' || token === '-h') return true;
    const long = /^--help=(.*)$/.exec(token) ?? /^-h=(.*)$/.exec(token);
    if (long) return parseGoBool(long[1]!) !== false;
    return /^-[A-Za-z]*h/.test(token) && !token.startsWith('--');
  };
  const regexPluginName = (word: string): boolean => /^[a-z][a-z0-9]*$/.test(word);

  // Every token up to 4 characters over an alphabet with the characters that matter, then the
  // --help=/-h= forms with values around ParseBool and line terminators.
  const alphabet = ['-', 'h', 'H', 'a', 'Z', '=', '1', '0', 'é', '\n', '\r', '\u2028', ' ', 't', 'f'];
  const tokens: string[] = [''];
  for (let len = 1, layer = ['']; len <= 4; len++) {
    layer = layer.flatMap((p) => alphabet.map((c) => p + c));
    tokens.push(...layer);
  }
  for (const head of ['--help=', '-h=', '--help', '-h', '-ah=', '--hel=']) {
    for (const v of ['', 'true', 'false', 'FALSE', 'f', '0', '1', 'x', 'false\n', '\nfalse', 'tr\rue', 'false\u2029', 'é']) tokens.push(head + v);
  }

  it(`asksForHelp reads ${tokens.length} tokens as /^--help=(.*)$/, /^-h=(.*)$/, /^-[A-Za-z]*h/ did`, () => {
    const differ = tokens.filter((t) => asksForHelp(t) !== regexAsksForHelp(t));
    expect(differ).toEqual([]);
    expect(tokens.filter((t) => asksForHelp(t)).length).toBeGreaterThan(300);
    expect(tokens.filter((t) => !asksForHelp(t)).length).toBeGreaterThan(1000);
  });

  it(`isPluginName reads ${tokens.length} words (and some plugin-like ones) as /^[a-z][a-z0-9]*$/ did`, () => {
    const words = [...tokens, 'compose', 'buildx', 'compose2', '2compose', 'Compose', 'com-pose', 'compose\n', 'a', 'z9', 'ä'];
    expect(words.filter((w) => isPluginName(w) !== regexPluginName(w))).toEqual([]);
    expect(words.filter((w) => isPluginName(w))).toContain('compose');
  });
});
