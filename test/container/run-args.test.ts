import { describe, expect, it } from 'vitest';
import type { ContainerRequest } from '../../src/container/container-request.js';
import { parseRunArgs } from '../../src/container/run-args.js';

const CWD = '/home/ai-worker/work/proj';

function req(line: string | string[], mode: 'run' | 'create' = 'run'): ContainerRequest {
  const args = typeof line === 'string' ? line.split(' ').filter((t) => t !== '') : line;
  const r = parseRunArgs(args, CWD, mode);
  if (!r.ok) throw new Error(`unexpected parse error for ${JSON.stringify(args)}: ${r.error}`);
  return r.request;
}
function err(line: string | string[], mode: 'run' | 'create' = 'run'): string {
  const args = typeof line === 'string' ? line.split(' ').filter((t) => t !== '') : line;
  const r = parseRunArgs(args, CWD, mode);
  if (r.ok) throw new Error(`expected a parse error for ${JSON.stringify(args)}`);
  return r.error;
}
const sources = (r: ContainerRequest) => r.hostPaths.map((m) => m.source);

describe('parseRunArgs: flags stop at the image; value-taking exactly as pflag (grammar #72-#76)', () => {
  it.each<[string, boolean, string, string[]]>([
    ['--privileged img', true, 'img', []],
    ['--privileged false img', true, 'false', ['img']],
    ['--privileged=false img', false, 'img', []],
    ['--privileged=0 img', false, 'img', []],
    ['--privileged=T img', true, 'img', []],
    ['--privileged=1 img sh', true, 'img', ['sh']],
    ['--name --privileged img', false, 'img', []],
    ['img --privileged', false, 'img', ['--privileged']],
    ['-- img --privileged', false, 'img', ['--privileged']],
    ['--privileged -- img', true, 'img', []],
    ['-h --privileged img', false, 'img', []],
    ['-l --privileged img', false, 'img', []],
    ['-c --privileged img', false, 'img', []],
    ['-e --privileged img', false, 'img', []],
    ['--detach-keys --privileged img', false, 'img', []],
    ['-it img sh -c --privileged', false, 'img', ['sh', '-c', '--privileged']],
    ['-itd --privileged img', true, 'img', []],
  ])('%s', (line, privileged, image, command) => {
    const r = req(line);
    expect({ privileged: r.privileged, image: r.image, command: r.command }).toEqual({ privileged, image, command });
  });

  it('refuses what docker rejects: no image, unknown flags, bad bools, missing values', () => {
    expect(err('')).toMatch(/requires at least 1 argument/);
    expect(err('--privileged')).toMatch(/requires at least 1 argument/);
    expect(err('--bogus img')).toMatch(/unknown flag: --bogus/);
    expect(err('-x img')).toMatch(/unknown shorthand/);
    expect(err('--privileged=yes img')).toMatch(/ParseBool/);
    expect(err('--name')).toMatch(/needs an argument/);
    expect(err('--help=maybe')).toMatch(/ParseBool/);
  });

  it('a true --help creates nothing, even without an image', () => {
    expect(req('--help').help).toBe(true);
    expect(req('--privileged --help img').help).toBe(true);
    expect(err('--help=false')).toMatch(/requires at least 1 argument/);
    expect(req('--help=false img').help).toBe(false);
    // -h is --hostname here, not help.
    expect(req('-h x img').help).toBe(false);
  });

  it('run-only flags are unknown to create', () => {
    expect(req('-d img').image).toBe('img');
    expect(err('-d img', 'create')).toMatch(/unknown shorthand flag: 'd'/);
    expect(err('--sig-proxy=false img', 'create')).toMatch(/unknown flag/);
    expect(err('--detach-keys x img', 'create')).toMatch(/unknown flag/);
    expect(req('--privileged img', 'create').privileged).toBe(true);
  });
});

describe('parseRunArgs: -v/--volume spellings (grammar #77, #78)', () => {
  it.each<[string, 'run' | 'create', string[]]>([
    ['-v /:/host img', 'run', ['/']],
    ['-v=/:/h img', 'run', ['/']],
    ['-tv=/:/h img', 'run', ['/']],
    ['-dv /:/h img', 'run', ['/']],
    ['-dtv/:/h img', 'run', ['/']],
    ['-v/:/h img', 'create', ['/']],
    ['--volume=/:/h img', 'create', ['/']],
    ['--volume /:/h img', 'create', ['/']],
    ['-v .:/h img', 'run', [CWD]],
    ['-v ..:/h img', 'run', ['/home/ai-worker/work']],
    ['-v .hidden:/h img', 'run', [`${CWD}/.hidden`]],
    ['-v /etc:/a -v /var/run/docker.sock:/b img', 'run', ['/etc', '/var/run/docker.sock']],
    ['-v data:/data -v /anon img', 'run', []],
    ['img -v /:/h', 'run', []],
  ])('%s (%s)', (line, mode, expected) => {
    expect(sources(req(line, mode))).toEqual(expected);
  });

  it('keeps named volumes and options', () => {
    const r = req('-v data:/data:ro -v /srv:/s:ro,rshared img');
    expect(r.namedVolumes).toEqual([{ name: 'data', target: '/data', origin: '-v data:/data:ro' }]);
    expect(r.hostPaths).toEqual([{ source: '/srv', target: '/s', options: ['ro', 'rshared'], origin: '-v /srv:/s:ro,rshared' }]);
  });

  it('a spec docker rejects is an error', () => {
    expect(err('-v /a::/b img')).toMatch(/empty section/);
    expect(err('-v /a:/b:ro:x img')).toMatch(/too many colons/);
  });
});

describe('parseRunArgs: --mount spellings (grammar #79, #80)', () => {
  it.each<[string[], string[]]>([
    [['--mount', 'type=bind,src=/,dst=/h', 'img'], ['/']],
    [['--mount', 'TYPE=BIND,SRC=/,DST=/h', 'img'], ['/']],
    [['--mount', 'dst=/h,type=bind,src=/', 'img'], ['/']],
    [['--mount', 'type=volume,src=v,dst=/h,type=bind,src=/', 'img'], ['/']],
    [['--mount=type=bind,"src=/a,b",dst=/h', 'img'], ['/a,b']],
    [['--mount', 'type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc', 'img'], ['/etc']],
    [['--mount', 'type=bind,src=.,dst=/h', 'img'], [CWD]],
    [['--mount', 'type=volume,src=v,dst=/h', 'img'], []],
    [['--mount', 'type=tmpfs,dst=/t', 'img'], []],
  ])('%j', (args, expected) => {
    expect(sources(req(args))).toEqual(expected);
  });

  it('a named volume from --mount is recorded, an anonymous one is not', () => {
    expect(req(['--mount', 'src=v,dst=/h', '--mount', 'dst=/anon', 'img']).namedVolumes).toEqual([{ name: 'v', target: '/h', origin: '--mount src=v,dst=/h' }]);
  });

  it('an unparseable --mount is an error', () => {
    expect(err(['--mount', 'type=bind,src="/",dst=/h', 'img'])).toMatch(/--mount/);
    expect(err(['--mount', 'type=bind,src=/', 'img'])).toMatch(/target is required/);
  });
});

describe('parseRunArgs: networks and namespaces (grammar #81, #95)', () => {
  it.each<[string, string | undefined]>([
    ['--network host img', 'host'],
    ['--network=host img', 'host'],
    ['--net host img', 'host'],
    ['--net=host img', 'host'],
    ['--network name=host img', 'host'],
    ['--network NAME=HOST img', 'host'],
    ['--network=name=container:abc img', 'container:abc'],
    ['--network none img', 'none'],
    ['--network mynet --net host img', 'mynet'],
    ['img --network host', undefined],
  ])('%s', (line, network) => {
    expect(req(line).namespaces.network).toBe(network);
  });

  it('records every network in order', () => {
    expect(req('--network mynet --net name=host img').networks).toEqual(['mynet', 'host']);
  });

  it('pid/ipc/uts/userns/cgroupns: the last value wins', () => {
    const r = req('--pid private --pid=host --ipc container:x --uts host --userns host --cgroupns=host img');
    expect(r.namespaces).toEqual({ pid: 'host', ipc: 'container:x', uts: 'host', userns: 'host', cgroupns: 'host' });
    expect(r.origins?.['pid']).toEqual(['--pid=host']);
    expect(req('--pid= img').namespaces.pid).toBeUndefined();
  });

  it('a --network value docker rejects is an error', () => {
    expect(err('--network name=host,bogus=1 img')).toMatch(/invalid field key/);
  });
});

describe('parseRunArgs: the other host-power flags', () => {
  it('collects them as given', () => {
    const r = req([
      '--cap-add=SYS_ADMIN,NET_ADMIN', '--cap-add', 'sys_ptrace', '--device', '/dev/sda', '--device-cgroup-rule=a *:* rwm',
      '--gpus', 'all', '--security-opt', 'seccomp:unconfined', '--security-opt=label=disable', '--volumes-from', 'other:ro',
      '--cgroup-parent=/', '--runtime', 'runsc', '--sysctl', 'net.ipv4.ip_forward=1', '-p', '0.0.0.0:2375:2375', '-P',
      '--use-api-socket', 'img',
    ]);
    expect(r).toMatchObject({
      capAdd: ['SYS_ADMIN,NET_ADMIN', 'sys_ptrace'],
      devices: ['/dev/sda'],
      deviceCgroupRules: ['a *:* rwm'],
      gpus: ['all'],
      securityOpt: ['seccomp:unconfined', 'label=disable'],
      volumesFrom: ['other:ro'],
      cgroupParent: '/',
      runtime: 'runsc',
      sysctls: ['net.ipv4.ip_forward=1'],
      publish: ['0.0.0.0:2375:2375'],
      publishAll: true,
      useApiSocket: true,
    });
    expect(r.origins?.['capAdd']).toEqual(['--cap-add=SYS_ADMIN,NET_ADMIN', '--cap-add sys_ptrace']);
  });

  it('bools given =false are off', () => {
    const r = req('--use-api-socket=false -P=false --privileged=False img');
    expect([r.useApiSocket, r.publishAll, r.privileged]).toEqual([false, false, false]);
  });

  it('nothing from a plain run', () => {
    const r = req('--rm -it --name x -e A=B -w /w --tmpfs /t img sh');
    expect(r).toMatchObject({ hostPaths: [], privileged: false, capAdd: [], devices: [], securityOpt: [], namespaces: {}, publish: [], publishAll: false, useApiSocket: false });
    expect(r.cgroupParent).toBeUndefined();
    expect(r.runtime).toBeUndefined();
  });
});
