import { describe, expect, it } from 'vitest';
import { parseComposeArgs, type ComposeInvocation } from '../../src/compose/compose-argv.js';
import { allSubcommands, V2_36_SUBCOMMANDS } from '../../src/compose/compose-flags.js';

// cobra v1.9.1 Traverse + pflag at the compose level (docker/compose v2.36.2), grammar section 8.

/** A one-line summary: the subcommand (or what compose itself does), the project flags, the leaf. */
function summary(args: string[], help?: boolean): string {
  const r = parseComposeArgs(args, help === undefined ? {} : { help });
  if (!r.ok) return `error: ${r.error}`;
  const g = r.globals;
  const parts: string[] = [r.subcommand ?? `<${r.root}${r.unknownWord !== undefined ? ` ${r.unknownWord}` : ''}>`];
  if (g.files.length) parts.push(`files=${g.files.join(',')}`);
  if (g.projectName !== undefined) parts.push(`project=${g.projectName}`);
  if (g.projectDirectory !== undefined) parts.push(`dir=${g.projectDirectory}`);
  if (g.profiles.length) parts.push(`profiles=${g.profiles.join(',')}`);
  if (g.envFiles.length) parts.push(`env=${g.envFiles.join(',')}`);
  if (g.dryRun) parts.push('dry-run');
  if (g.version) parts.push('version');
  if (r.help) parts.push('HELP');
  if (r.leaf) parts.push(`| ${[...r.leaf.flags.map((f) => `${f.name}=${f.value}`), '|', ...r.leaf.positionals].join(' ')}`);
  return parts.join(' ');
}

const inv = (args: string[]): ComposeInvocation => {
  const r = parseComposeArgs(args);
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('compose global flags: every spelling pflag accepts', () => {
  it.each([
    [['-f', 'x.yml', 'ps'], 'ps files=x.yml | |'],
    [['-f=x.yml', 'ps'], 'ps files=x.yml | |'],
    [['-fx.yml', 'ps'], 'ps files=x.yml | |'],
    [['--file', 'x.yml', 'ps'], 'ps files=x.yml | |'],
    [['--file=x.yml', 'ps'], 'ps files=x.yml | |'],
    [['-f', 'a.yml', '--file', 'b.yml,c.yml', 'ps'], 'ps files=a.yml,b.yml,c.yml | |'],
    [['-p', 'proj', 'ps'], 'ps project=proj | |'],
    [['-pproj', 'ps'], 'ps project=proj | |'],
    [['--project-name', 'p', 'cp', 'svc:/etc/passwd', '.'], 'cp project=p | | svc:/etc/passwd .'],
    [['--project-name=a', '-p', 'b', 'ps'], 'ps project=b | |'],
    [['--project-directory', '/srv/x', 'ps'], 'ps dir=/srv/x | |'],
    [['--profile', 'debug', '--profile=tools', 'up'], 'up profiles=debug,tools | |'],
    [['--env-file', '.env.dev', 'config'], 'config env=.env.dev | |'],
    [['--ansi', 'never', '--progress', 'plain', '--parallel', '2', 'ps'], 'ps | |'],
    [['--compatibility', '--all-resources', '--no-ansi', '--verbose', 'ps'], 'ps | |'],
    [['--workdir', '/srv/x', 'ps'], 'ps | |'],
    [['--insecure-registry', 'reg:5000', 'ps'], 'ps | |'],
    // A value flag takes the next token whatever it is: `exec` is the project name, `up` runs.
    [['-p', 'exec', 'up'], 'up project=exec | |'],
    [['--file', '--dry-run', 'up'], 'up files=--dry-run | |'],
    [['-p', '-v', 'up'], 'up project=-v | |'],
  ] as [string[], string][])('%j', (args, expected) => expect(summary(args)).toBe(expected));
});

describe('persistent --dry-run and --help', () => {
  it.each([
    [['--dry-run', 'up', '-d'], 'up dry-run | detach=true |'],
    [['up', '--dry-run', '-d'], 'up dry-run | dry-run=true detach=true |'],
    [['up', '-d', 'web', '--dry-run'], 'up dry-run | detach=true dry-run=true | web'],
    [['--dry-run', 'up', '--dry-run=false'], 'up | dry-run=false |'],
    // exec and run stop at the first positional: a later --dry-run belongs to the command.
    [['exec', 'web', 'sh', '--dry-run'], 'exec | | web sh --dry-run'],
    [['--help', 'exec', 'web', 'sh'], 'exec HELP | | web sh'],
    [['-h', 'exec', 'web', 'sh'], 'exec HELP | | web sh'],
    [['--help=false', 'exec', 'web', 'sh'], 'exec | | web sh'],
    [['-h=false', 'exec', 'web', 'sh'], 'exec | | web sh'],
    [['exec', '--help', 'web', 'sh'], 'exec HELP | help=true | web sh'],
    [['exec', 'web', 'sh', '--help'], 'exec | | web sh --help'],
    [['up', 'web', '--help'], 'up HELP | help=true | web'],
    [['--help', 'exec', '--help=0', 'web', 'sh'], 'exec | help=0 | web sh'],
  ] as [string[], string][])('%j', (args, expected) => expect(summary(args)).toBe(expected));

  it('--help from docker\'s own global pass is the same flag: a later --help=false runs the command', () => {
    expect(summary(['exec', 'web', 'sh'], true)).toBe('exec HELP | | web sh');
    expect(summary(['--help=false', 'exec', 'web', 'sh'], true)).toBe('exec | | web sh');
    expect(summary(['exec', '--help=false', 'web', 'sh'], true)).toBe('exec | help=false | web sh');
  });

  it('--help= (empty) is a flag error', () => {
    expect(summary(['--help=', 'exec', 'web', 'sh'])).toMatch(/^error: invalid argument ""/);
  });
});

describe('-v/--version before the subcommand', () => {
  it.each([
    // The hidden version flag is only acted on when compose runs itself: the subcommand runs.
    [['-v', 'exec', 'web', 'sh'], 'exec version | | web sh'],
    [['--version', 'exec', 'web', 'sh'], 'exec version | | web sh'],
    [['--version=true', 'exec', 'web', 'sh'], 'exec version | | web sh'],
    [['-v'], '<help> version'],
    [['-v', 'nosuch'], '<version> version'],
    // Traverse sees `-vf` as a flag without a value, then `x.yml` is no subcommand: compose runs
    // itself, and pflag reads -v and -f x.yml: the version is printed, `up` never runs.
    [['-vf', 'x.yml', 'up'], '<version> files=x.yml version'],
    [['-vp', 'exec', 'up'], 'error: flag needs an argument: \'p\' in -p'],
  ] as [string[], string][])('%j', (args, expected) => expect(summary(args)).toBe(expected));
});

describe('what compose runs when no subcommand is selected', () => {
  it.each([
    [[], '<help>'],
    [['nosuch'], '<unknown-command nosuch>'],
    [['EXEC', 'web', 'sh'], '<unknown-command EXEC>'],
    [['ex', 'web', 'sh'], '<unknown-command ex>'],
    [['help', 'exec'], '<unknown-command help>'],
    [['', 'exec'], '<unknown-command >'],
    [['-', 'exec'], '<unknown-command ->'],
    [['--dry-run', 'false', 'exec', 'web', 'sh'], '<unknown-command false> dry-run'],
    // `--` counts as a value-taking flag for Traverse: `x` is its "value", `up` then runs…
    [['--', 'x', 'up'], 'up | |'],
    // …but `--` right before the subcommand swallows it: compose itself gets `up`, an unknown command.
    [['--', 'up'], '<unknown-command up>'],
    [['--', '--dry-run', 'exec', 'web', 'sh'], 'exec | | web sh'],
    // -f takes -x by pflag, but Traverse's guess made `up` the value of `-x`: compose runs itself.
    [['-f', '-x', 'up', 'web'], '<unknown-command up> files=-x'],
  ] as [string[], string][])('%j', (args, expected) => expect(summary(args)).toBe(expected));
});

describe('flag errors', () => {
  it.each([
    [['--nosuch', 'up'], 'error: unknown flag: --nosuch'],
    [['-x', 'up'], "error: unknown shorthand flag: 'x' in -x"],
    [['--dry-run=yes', 'up'], /^error: invalid argument "yes"/],
    [['-f'], "error: flag needs an argument: 'f' in -f"],
    // Root flags are local to compose: after the subcommand they are unknown.
    [['up', '--project-name', 'x'], 'error: compose up: unknown flag: --project-name'],
    [['exec', '-f', 'x.yml', 'web', 'sh'], "error: compose exec: unknown shorthand flag: 'f' in -f"],
    [['up', '--nosuch'], 'error: compose up: unknown flag: --nosuch'],
  ] as [string[], string | RegExp][])('%j', (args, expected) => {
    if (typeof expected === 'string') expect(summary(args)).toBe(expected);
    else expect(summary(args)).toMatch(expected);
  });
});

describe('subcommand flags', () => {
  it.each([
    [['exec', '-it', 'web', 'sh'], 'exec | interactive=true tty=true | web sh'],
    [['exec', '--privileged', '-u', '0', 'web', 'sh'], 'exec | privileged=true user=0 | web sh'],
    [['exec', 'web', '--privileged', 'sh'], 'exec | | web --privileged sh'],
    [['exec', '--', 'web', 'sh'], 'exec | | web sh'],
    [['exec', '--no-tty', 'web', 'sh'], 'exec | no-TTY=true | web sh'],
    [['run', '--rm', '-v', '/:/host', 'web', 'sh'], 'run | rm=true volume=/:/host | web sh'],
    [['run', '--volumes', '/:/host', 'web'], 'run | volume=/:/host | web'],
    [['run', '-v=/:/h', '-p8080:80', '-P', 'web'], 'run | volume=/:/h publish=8080:80 service-ports=true | web'],
    [['run', 'web', '-v', '/:/h'], 'run | | web -v /:/h'],
    [['run', '--cap-add=SYS_ADMIN,NET_ADMIN', 'web'], 'run | cap-add=SYS_ADMIN,NET_ADMIN | web'],
    [['down', '-v'], 'down | volumes=true |'],
    [['down', '--volume'], 'down | volumes=true |'],
    [['down', '--rmi', 'all', '-t', '3'], 'down | rmi=all timeout=3 |'],
    [['rm', '-fsv'], 'rm | force=true stop=true volumes=true |'],
    [['up', '-dw', 'web'], 'up | detach=true watch=true | web'],
    [['up', '--y'], 'up | yes=true |'],
    [['up', 'web', '--scale', 'web=3', '--pull', 'always'], 'up | scale=web=3 pull=always | web'],
    [['logs', '-f', '-n', '10', 'web'], 'logs | follow=true tail=10 | web'],
    [['build', '--push', '--build-arg', 'A=1', '-m', '1g'], 'build | push=true build-arg=A=1 memory=1g |'],
    [['cp', 'web:/etc/passwd', '-', '-a'], 'cp | archive=true | web:/etc/passwd -'],
    [['config', '--format', 'json', '-o', 'out.json'], 'config | format=json output=out.json |'],
    [['version', '-f', 'json'], 'version | format=json |'],
  ] as [string[], string][])('%j', (args, expected) => expect(summary(args)).toBe(expected));

  it('groups are not parsed below their word', () => {
    const r = inv(['alpha', 'viz', '--image']);
    expect(r.subcommand).toBe('alpha');
    expect(r.leaf).toBeUndefined();
    expect(r.subArgs).toEqual(['viz', '--image']);
  });

  it('subcommands newer than v2.36.2 are recognised and marked', () => {
    expect(inv(['volumes']).since).toBe('v2.38');
    expect(inv(['bridge', 'convert']).since).toBe('v2.37');
    expect(inv(['ps']).since).toBeUndefined();
  });

  it('the v2.36.2 command list', () => {
    expect([...V2_36_SUBCOMMANDS].sort()).toEqual([
      'alpha', 'attach', 'build', 'commit', 'config', 'cp', 'create', 'down', 'events', 'exec', 'export', 'images',
      'kill', 'logs', 'ls', 'pause', 'port', 'ps', 'publish', 'pull', 'push', 'restart', 'rm', 'run', 'scale',
      'start', 'stats', 'stop', 'top', 'unpause', 'up', 'version', 'wait', 'watch',
    ]);
  });

  it('every alias names a flag of its table', () => {
    for (const [name, spec] of Object.entries(allSubcommands())) {
      for (const [from, to] of Object.entries(spec.aliases ?? {})) {
        expect(spec.flags.some((f) => f.long === from), `${name} --${from}`).toBe(true);
        expect(spec.flags.some((f) => f.long === to), `${name} --${to}`).toBe(true);
      }
    }
  });

  it('no table defines a flag or shorthand twice', () => {
    for (const [name, spec] of Object.entries(allSubcommands())) {
      const longs = spec.flags.map((f) => f.long);
      const shorts = spec.flags.map((f) => f.short).filter((s) => s !== undefined);
      expect(new Set(longs).size, name).toBe(longs.length);
      expect(new Set(shorts).size, name).toBe(shorts.length);
      expect(shorts.includes('h'), name).toBe(false);
    }
  });

  it('keeps the tokens after the subcommand untouched', () => {
    expect(inv(['-p', 'x', 'exec', '-T', 'web', 'sh', '-c', 'id']).subArgs).toEqual(['-T', 'web', 'sh', '-c', 'id']);
  });
});
