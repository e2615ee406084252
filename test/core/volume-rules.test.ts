import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { emptyRequest, type ContainerRequest, type VolumeFact } from '../../src/container/container-request.js';
import { decide } from '../../src/policy/decide.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { volumeDevicesOf } from '../../src/policy/volume-rules.js';
import { policyOf } from '../support/policy-of.js';
import type { Policy } from '../../src/policy/policy.js';

// Existing named volumes are judged by what the daemon says they are (facts.volumes).

const userOf = (name: string, request: Partial<ContainerRequest>) => ({ name, volumes: [], request: emptyRequest(request) });
const local = (options: Record<string, string> = {}, labels: Record<string, string> = {}): VolumeFact => ({ exists: true, usedBy: [], driver: 'local', options, labels });
const VOLUMES: Record<string, VolumeFact> = {
  fresh: { exists: false },
  plain: local(),
  adminetc: local({ type: 'none', o: 'bind', device: '/etc' }),
  work: local({ type: 'none', o: 'bind', device: '/srv/work/data' }),
  sharedwork: local({ type: 'none', o: 'bind,rshared', device: '/srv/work/data' }),
  notreallyro: local({ type: 'none', o: 'bind,ro,rw', device: '/srv/work/data' }),
  readonly: local({ type: 'none', o: 'bind,rw,ro', device: '/srv/work/data' }),
  hostproc: local({ type: 'proc', device: 'proc' }),
  nfs: local({ type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' }),
  scratch: local({ type: 'tmpfs', device: 'tmpfs', o: 'size=10m' }),
  plugged: { exists: true, usedBy: [], driver: 'rexray/ebs', options: {}, labels: {} },
  // mounted already by an administrator's privileged job, and by an ordinary container
  adminscripts: { ...local(), usedBy: [userOf('adminjob', { privileged: true }), userOf('web', {})] } as VolumeFact,
  hostbound: { ...local(), usedBy: [userOf('syncer', { hostPaths: [{ source: '/etc', target: '/host-etc', options: ['ro'], origin: 'its bind of /etc at /host-etc' }] })] } as VolumeFact,
  shared: { ...local(), usedBy: [userOf('web', {}), userOf('worker', {})] } as VolumeFact,
  pluggeduser: { ...local(), usedBy: [userOf('backup', { volumeDrivers: ['rexray/ebs'] })] } as VolumeFact,
  // mounted by a container whose other volume is a bind of /etc (a red-team round: hostroot, o=bind, device=/)
  app2: { ...local(), usedBy: [{ name: 'admvb', volumes: ['adminetc', 'app2'], request: emptyRequest({}) }] } as VolumeFact,
  app3: { ...local(), usedBy: [{ name: 'mystery', volumes: ['unasked'], request: emptyRequest({}) }] } as VolumeFact,
  app4: { ...local(), usedBy: [{ name: 'plainer', volumes: ['plain', 'app4'], request: emptyRequest({}) }] } as VolumeFact,
  // read only as another container's volume: what it is is known, who mounts it was not asked
  unusersasked: { ...local(), usedBy: 'not asked' } as VolumeFact,
  plainnotasked: { ...local(), usedBy: [{ name: 'usesboth', volumes: ['plainnotasked', 'unusersasked'], request: emptyRequest({}) }] } as VolumeFact,
};

function verdict(argv: string, policy: Policy = defaultPolicy(), volumes: Record<string, VolumeFact> | null = VOLUMES): string {
  const d = decide(parseArgv(argv.split(' ')), policy, {
    cwd: '/srv/work', realpaths: { '/etc': '/etc', '/srv/work/data': '/srv/work/data' }, redirectable: { '/etc': null, '/srv/work/data': null },
    lookupDirs: { '/etc': ['/'], '/srv/work/data': ['/', '/srv', '/srv/work'] }, mountSafety: { '/etc': null, '/srv/work/data': null }, subMounts: { '/etc': null, '/srv/work/data': null },
    ...(volumes ? { volumes } : {}),
  });
  return d.kind === 'allowed' ? 'ok' : d.rule;
}

describe('a volume another container mounts', () => {
  it('names that container and what the policy would not let the caller create', () => {
    const d = decide(parseArgv(['run', '-v', 'adminscripts:/s', 'img']), defaultPolicy(), { cwd: '/srv/work', realpaths: {}, volumes: VOLUMES });
    expect(d).toMatchObject({ kind: 'refused', rule: 'shared-volume' });
    expect(d.kind === 'refused' && d.reason).toContain('uses the existing volume "adminscripts", which the container adminjob mounts too, a container the policy would not let the caller create (--privileged gives');
  });
});

describe('named volumes as the daemon has them', () => {
  it.each([
    // a volume another container mounts is that container's input: one the policy would refuse
    // (privileged, binding a host path) would read, and may run, what this one writes (a red-team round)
    ['run -v adminscripts:/s img', 'shared-volume'], ['run --mount type=volume,src=adminscripts,dst=/s img', 'shared-volume'],
    ['run -v hostbound:/s img', 'shared-volume'], ['run -v shared:/s img', 'ok'], ['run -v pluggeduser:/s img', 'shared-volume'],
    ['run -v app2:/s img', 'shared-volume'], ['run -v app3:/s img', 'shared-volume'], ['run -v app4:/s img', 'ok'],
    ['run -v fresh:/d img', 'ok'],
    ['run -v plain:/d img', 'ok'],
    ['run -v scratch:/d img', 'ok'],
    ['run -v adminetc:/h img', 'bind-mount'],
    ['run --mount type=volume,src=adminetc,dst=/h img', 'bind-mount'],
    // Options on the command line do not change a volume that exists: it is used as it is.
    ['run --mount type=volume,src=adminetc,dst=/h,volume-opt=type=tmpfs,volume-opt=device=tmpfs img', 'bind-mount'],
    ['run -v hostproc:/hp img', 'volume-options'],
    ['run -v nfs:/n img', 'volume-options'],
    ['run -v plugged:/p img', 'volume-driver'],
    ['run -v unasked:/u img', 'volume-unread'],
    // a volume whose users were not asked is never taken as having none; as another container's
    // volume it is judged by what it is
    ['run -v unusersasked:/u img', 'volume-unread'], ['run -v plainnotasked:/u img', 'ok'],
    ['run --help -v unasked:/u img', 'ok'],
  ])('docker %s -> %s', (argv, rule) => expect(verdict(argv)).toBe(rule));

  it('without facts at all every named volume is unread (the shim asks in a second pass)', () => {
    expect(verdict('run -v plain:/d img', defaultPolicy(), null)).toBe('volume-unread');
    expect(verdict('run -v /h img', defaultPolicy(), null)).toBe('ok');
  });

  it('a bind volume under an allowed directory passes, by its real path; shared propagation still needs its key', () => {
    const p = policyOf({ allow: ['run', 'pull'], containers: { allowBindMountsUnder: ['/srv/work'] } });
    expect(verdict('run -v work:/d img', p)).toBe('ok');
    expect(verdict('run -v adminetc:/h img', p)).toBe('bind-mount');
    expect(verdict('run -v sharedwork:/d img', p)).toBe('mount-propagation');
    // Writable (the last of ro/rw is rw) on a file system that allows setuid programs: refused.
    const suid = (v: string): string => {
      const d = decide(parseArgv(['run', '-v', `${v}:/d`, 'img']), p, {
        cwd: '/srv/work', realpaths: { '/srv/work/data': '/srv/work/data' }, redirectable: { '/srv/work/data': null },
        lookupDirs: { '/srv/work/data': ['/', '/srv', '/srv/work'] }, mountSafety: { '/srv/work/data': 'it is on /, mounted without nosuid' }, subMounts: { '/srv/work/data': null }, volumes: VOLUMES,
      });
      return d.kind === 'allowed' ? 'ok' : d.rule;
    };
    expect(suid('notreallyro')).toBe('bind-mount');
    expect(suid('readonly')).toBe('ok');
  });

  it('a plugin volume passes once the policy allows `volume create`', () => {
    expect(verdict('run -v plugged:/p img', policyOf({ allow: ['run', 'pull', 'volume create'] }))).toBe('ok');
  });

  it('the refusal says what the volume really is', () => {
    const d = decide(parseArgv(['run', '-v', 'adminetc:/h', 'img']), defaultPolicy(), { cwd: '/', realpaths: { '/etc': '/etc' }, volumes: VOLUMES });
    expect(d.kind === 'refused' && d.reason).toContain('the existing volume "adminetc", a bind of /etc');
  });

  it('compose run -v: an existing volume is judged the same, and a top-level key means that volume\'s name', () => {
    const model = { name: 'demo', services: { svc: { image: 'x', command: null, entrypoint: null } }, volumes: { data: { name: 'adminetc' } } };
    const at = (argv: string): string => {
      const d = decide(parseArgv(argv.split(' ')), defaultPolicy(), {
        cwd: '/srv/work', realpaths: { '/etc': '/etc' }, redirectable: { '/etc': null }, volumes: VOLUMES, composeModel: { ok: true, model }, projectContainers: { ok: true, project: 'p', containers: [] },
      });
      return d.kind === 'allowed' ? 'ok' : d.rule;
    };
    expect(at('compose run -v adminetc:/x svc')).toBe('bind-mount');
    expect(at('compose run -v data:/x svc')).toBe('bind-mount');
    expect(at('compose run -v plain:/x svc')).toBe('ok');
    expect(at('compose run -v unasked:/x svc')).toBe('volume-unread');
  });
});

describe('volumeDevicesOf: the host paths whose facts an existing bind volume needs (a mutation run found it untested)', () => {
  it('only the device of an existing local bind volume', () => {
    const volumes: Record<string, VolumeFact> = {
      bound: local({ type: 'none', o: 'bind,ro', device: '/usr/share/doc' }),
      plain: local(),
      tmp: local({ type: 'tmpfs', device: 'tmpfs' }),
      plugged: { exists: true, usedBy: [], driver: 'rexray/ebs', options: { device: '/dev/x', o: 'bind' }, labels: {} },
      gone: { exists: false },
    };
    expect(volumeDevicesOf(['bound', 'plain', 'tmp', 'plugged', 'gone', 'unknown'], { cwd: '/', realpaths: {}, volumes })).toEqual(['/usr/share/doc']);
  });
});
