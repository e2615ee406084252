import { describe, expect, it } from 'vitest';
import { parseComposeArgs, type ComposeInvocation } from '../../src/compose/compose-argv.js';
import {
  composeBindSource, composeImplied, composeInherits, composeModelScope, composeRefusal, composeRunRequest, composeSelectedServices,
  UNKNOWN_COMPOSE_CAPABILITY,
} from '../../src/compose/compose-capabilities.js';
import { parseComposeVolume } from '../../src/compose/run-volume.js';
import { DEFAULT_CONTAINER_RULES } from '../../src/policy/default-policy.js';
import { checkContainer } from '../../src/policy/container-rules.js';

const inv = (args: string[], help?: boolean): ComposeInvocation => {
  const r = parseComposeArgs(args, help === undefined ? {} : { help });
  if (!r.ok) throw new Error(r.error);
  return r;
};
const caps = (args: string[], help?: boolean): string => composeImplied(inv(args, help)).map((c) => c.capability).join(', ');

describe('composeImplied: what a compose subcommand does in docker terms', () => {
  it.each([
    [['exec', 'web', 'sh'], 'container exec'],
    [['-v', 'exec', 'web', 'sh'], 'container exec'],
    [['--project-name', 'p', 'cp', 'web:/etc/passwd', '.'], 'container cp'],
    [['cp', './x', 'web:/tmp/x'], 'container cp'],
    [['attach', 'web'], 'container attach'],
    [['commit', 'web', 'img:tag'], 'container commit'],
    [['export', '-o', 'fs.tar', 'web'], 'container export'],
    [['push'], 'image push'],
    [['publish', 'registry.example/app:1'], 'image push'],
    [['build', '--push'], 'image push'],
    [['build', '--push=false'], ''],
    [['build'], ''],
    [['watch'], 'container cp, container exec'],
    [['up', '--watch'], 'container cp, container exec'],
    [['up', '-dw'], 'container cp, container exec'],
    [['up', '-d'], ''],
    [['down', '-v'], 'volume rm'],
    [['down', '--volume'], 'volume rm'],
    [['down', '--volumes=false'], ''],
    [['down', '--rmi', 'local'], 'image rm'],
    [['down'], ''],
    [['rm', '-v', '-f'], 'volume rm'],
    [['rm', '-f'], ''],
    [['run', '--rm', 'web', 'sh'], ''],
    [['up'], ''],
    [['ps'], ''],
    [['logs', '-f'], ''],
    [['alpha', 'viz'], UNKNOWN_COMPOSE_CAPABILITY],
    [['bridge', 'convert'], UNKNOWN_COMPOSE_CAPABILITY],
    [['volumes'], UNKNOWN_COMPOSE_CAPABILITY],
    [['nosuch', 'x'], UNKNOWN_COMPOSE_CAPABILITY],
    // Help is printed and nothing runs.
    [['exec', '--help', 'web', 'sh'], ''],
    [['--help', 'cp', 'a', 'b'], ''],
    [['-v'], ''],
    [[], ''],
    // `compose -vf x.yml exec …`: compose prints its version, exec never runs.
    [['-vf', 'x.yml', 'exec', 'web', 'sh'], ''],
  ] as [string[], string][])('%j', (args, expected) => expect(caps(args)).toBe(expected));

  it('a --help from docker\'s global pass is undone by a later --help=false', () => {
    expect(caps(['exec', 'web', 'sh'], true)).toBe('');
    expect(caps(['exec', '--help=false', 'web', 'sh'], true)).toBe('container exec');
  });

  it('says why', () => {
    expect(composeImplied(inv(['down', '-v']))[0]!.because).toMatch(/compose down --volumes/);
  });
});

describe('composeRefusal', () => {
  it.each([
    [['alpha', 'generate'], 'compose-unknown-subcommand'],
    [['nosuch'], 'compose-unknown-subcommand'],
    [['volumes'], 'compose-unknown-subcommand'],
    [['bridge', 'convert'], 'compose-unknown-subcommand'],
    [['up'], undefined],
    [['exec', 'web', 'sh'], undefined],
    [['-v'], undefined],
    // Below a group nothing is modelled, not even --help: refused (fails closed).
    [['alpha', '--help'], 'compose-unknown-subcommand'],
    [['--help', 'alpha', 'viz'], undefined],
    [['--help', 'nosuch'], undefined],
  ] as [string[], string | undefined][])('%j', (args, rule) => expect(composeRefusal(inv(args))?.rule).toBe(rule));
});

describe('composeSelectedServices and composeModelScope', () => {
  it.each([
    [['up', '-d', 'web', 'db'], ['web', 'db']],
    [['run', '--rm', 'web', 'sh', '-c', 'id'], ['web']],
    [['exec', 'web', 'sh'], ['web']],
    [['scale', 'web=3', 'db=1'], ['web', 'db']],
    [['cp', 'web:/x', '.'], []],
    [['ps'], []],
    [['-v'], []],
  ] as [string[], string[]][])('%j', (args, expected) => expect(composeSelectedServices(inv(args))).toEqual(expected));

  it.each([
    [['up', '-d'], 'containers build lifecycle selected'],
    [['up'], 'containers build lifecycle watch selected'],
    [['up', '--wait'], 'containers build lifecycle selected'],
    [['up', '--menu=false'], 'containers build lifecycle selected'],
    [['up', '--menu=false', '--menu'], 'containers build lifecycle watch selected'],
    [['up', '--menu=false', '--watch'], 'containers build lifecycle watch selected'],
    [['up', '-d', '--watch'], 'containers build lifecycle watch selected'],
    [['watch'], 'containers build lifecycle watch selected'],
    [['run', 'web'], 'containers build lifecycle selected'],
    [['create'], 'containers build lifecycle selected'],
    [['scale', 'web=2'], 'containers build lifecycle selected'],
    [['start'], 'lifecycle'],
    [['restart', 'web'], 'lifecycle'],
    [['stop'], 'lifecycle'],
    [['down'], 'lifecycle'],
    [['rm', '-s'], 'lifecycle'],
    [['-f', 'compose.yml', '-p', 'x', 'down'], 'lifecycle'],
    [['-p', 'x', 'down'], 'none'],
    [['-p', '', 'stop'], 'lifecycle'],
    [['wait', '--down-project', 'web'], 'none'],
    [['build', 'web'], 'build selected'],
    [['ps'], 'none'],
    [['exec', 'web', 'sh'], 'none'],
    [['up', '--help'], 'none'],
  ] as [string[], string][])('%j', (args, expected) => {
    const s = composeModelScope(inv(args));
    const text = s === undefined ? 'none' : (['containers', 'build', 'lifecycle', 'watch', 'onlySelected'] as const).filter((k) => s[k]).map((k) => (k === 'onlySelected' ? 'selected' : k)).join(' ');
    expect(text).toBe(expected);
  });
});

describe('composeInherits: which subcommands carry a replaced container\'s mounts over (compose v2.36.2 Inherit)', () => {
  it.each([
    [['up', '-d'], true], [['up', '-d', '--force-recreate'], true], [['create'], true], [['watch'], true], [['watch', '--no-up'], true],
    [['up', '-d', '-V'], false], [['up', '-d', '--renew-anon-volumes'], false], [['up', '-d', '--no-recreate'], false],
    [['up', '-V', '--watch'], true], [['up', '-d', '--no-recreate', '--watch'], true], [['create', '--no-recreate'], false],
    [['run', 'web'], false], [['scale', 'web=2'], false], [['start'], false], [['ps'], false], [['up', '--help'], false],
  ] as [string[], boolean][])('%j -> %s', (args, expected) => {
    expect(composeInherits(inv(args))).toBe(expected);
  });
});

describe('compose run -v: compose-go format.ParseVolume', () => {
  it.each([
    ['/:/host', 'bind / -> /host'],
    ['/etc:/h:ro,rshared,z', 'bind /etc -> /h ro rshared z'],
    ['./data:/data', 'bind ./data -> /data'],
    ['../x:/x', 'bind ../x -> /x'],
    ['~/.ssh:/root/.ssh', 'bind ~/.ssh -> /root/.ssh'],
    ['.hidden:/h', 'bind .hidden -> /h'],
    ['c:/x:/h', 'bind c:/x -> /h'],
    ['\\\\srv\\share:/h', 'bind \\\\srv\\share -> /h'],
    ['named:/data', 'volume named -> /data'],
    ['named:/data:nocopy,bogus', 'volume named -> /data nocopy'],
    ['/data', 'anonymous /data'],
    ['/d', 'anonymous /d'],
    ['ab', 'anonymous ab'],
    ['', 'error: invalid empty volume spec'],
    ['/a::/b', 'error: invalid spec: /a::/b: empty section between colons'],
    ['/a:/b:ro:x', 'error: invalid spec: /a:/b:ro:x: too many colons'],
    // Commas do not separate specs: `/d` is read as the options section (unknown, ignored).
    ['/a:/b,/c:/d', 'bind /a -> /b,/c'],
  ])('%j', (spec, expected) => {
    const r = parseComposeVolume(spec);
    if (!r.ok) return expect(`error: ${r.error}`).toBe(expected);
    const v = r.volume;
    const text = v.kind === 'anonymous' ? `anonymous ${v.target}` : [v.kind, v.source, '->', v.target, ...(v.readOnly ? ['ro'] : []), ...v.options].join(' ');
    expect(text).toBe(expected);
  });

  it.each([
    ['/abs', '/srv/cwd', '/abs'],
    ['./data', '/srv/cwd', '/srv/cwd/data'],
    ['..', '/srv/cwd', '/srv'],
    ['~/x', '/srv/cwd', '/srv/cwd/~/x'],
    ['.hidden', '/srv/cwd', '/srv/cwd/.hidden'],
    ['c:/x', '/srv/cwd', 'c:/x'],
    ['./x', '', undefined],
  ] as [string, string, string | undefined][])('bind source %j in %j', (source, cwd, expected) => expect(composeBindSource(source, cwd)).toBe(expected));
});

describe('composeRunRequest', () => {
  const req = (args: string[], cwd = '/home/dev/demo') => {
    const r = composeRunRequest(inv(['run', ...args]), cwd);
    if (!r.ok) throw new Error(r.error);
    return r.request;
  };

  it('binds from -v, resolved against the caller\'s cwd', () => {
    const r = req(['--rm', '-v', '/:/host', '--volume=./src:/src:ro', '-v', 'cache:/cache', '-v', '/anon', 'web', 'sh']);
    expect(r.hostPaths.map((h) => `${h.source}:${h.target}:${h.options.join(',')}`)).toEqual(['/:/host:', '/home/dev/demo/src:/src:ro']);
    expect(r.namedVolumes.map((n) => n.name)).toEqual(['cache']);
    expect(r.hostPaths[0]!.origin).toBe('`compose run -v /:/host`');
  });

  it('--volumes is --volume; flags after the service belong to the command', () => {
    expect(req(['--volumes', '/etc:/e', 'web']).hostPaths.map((h) => h.source)).toEqual(['/etc']);
    expect(req(['web', '-v', '/etc:/e']).hostPaths).toEqual([]);
  });

  it('cap-add, publish, service-ports', () => {
    const r = req(['--cap-add', 'SYS_ADMIN', '-p', '2375:2375', '-P', 'web']);
    expect(r.capAdd).toEqual(['SYS_ADMIN']);
    expect(r.publish).toEqual(['2375:2375']);
    expect(r.publishAll).toBe(true);
    expect(req(['-P=false', 'web']).publishAll).toBe(false);
  });

  it('is refused by the container rules with compose\'s spelling in the reason', () => {
    const facts = { cwd: '/home/dev/demo', realpaths: { '/': '/' } };
    const v = checkContainer(req(['-v', '/:/host', 'web']), DEFAULT_CONTAINER_RULES, facts);
    expect(v?.rule).toBe('bind-mount');
    expect(v?.reason).toMatch(/^`compose run -v \/:\/host` bind-mounts the host path \//);
    expect(checkContainer(req(['--cap-add=sys_admin', 'web']), DEFAULT_CONTAINER_RULES, facts)?.reason).toMatch(/^`compose run --cap-add=sys_admin` adds/);
    expect(checkContainer(req(['web']), DEFAULT_CONTAINER_RULES, facts)).toBeUndefined();
  });

  it('errors', () => {
    expect(composeRunRequest(inv(['run', '-v', '/a::/b', 'web']), '/x')).toMatchObject({ ok: false });
    expect(composeRunRequest(inv(['run', '-v', './a:/b', 'web']), '')).toMatchObject({ ok: false });
    // An unknown flag fails the parse of `compose run` itself, before any request is made.
    expect(parseComposeArgs(['run', '--nosuch', 'web'])).toMatchObject({ ok: false });
  });
});
