import { describe, expect, it } from 'vitest';
import { inspectedContainer } from '../../src/container/inspected-container.js';
import { checkContainer } from '../../src/policy/container-rules.js';
import { DEFAULT_CONTAINER_RULES } from '../../src/policy/default-policy.js';

// The parts of `docker container inspect` (API 1.41-1.49) that give a container power over the host.
const inspect = (hostConfig: Record<string, unknown>, mounts: unknown[] = []) => ({
  Id: 'c0ffee', Name: '/adminjob', Config: { Labels: {} }, Mounts: mounts,
  HostConfig: { NetworkMode: 'default', IpcMode: 'private', PidMode: '', UTSMode: '', UsernsMode: '', CgroupnsMode: 'private', Runtime: 'runc', Privileged: false, CapAdd: null, Devices: [], DeviceRequests: null, SecurityOpt: null, VolumesFrom: null, ...hostConfig },
});
const rule = (v: unknown): string => {
  const c = inspectedContainer(v);
  if (typeof c === 'string') return `unreadable: ${c}`;
  return checkContainer(c.request, DEFAULT_CONTAINER_RULES, { cwd: '/', realpaths: {} })?.rule ?? 'ok';
};

describe('an existing container as the request that would have made it', () => {
  it('a plain container passes the default rules; its volumes are named', () => {
    expect(rule(inspect({}))).toBe('ok');
    // what the daemon records as its own default on every container (cgroup v1 hosts) is no power
    expect(rule(inspect({ CgroupnsMode: 'host', IpcMode: 'shareable', NetworkMode: 'bridge' }))).toBe('ok');
    const c = inspectedContainer(inspect({}, [{ Type: 'volume', Name: 'adminscripts', Source: '/var/lib/docker/volumes/adminscripts/_data', Destination: '/scripts', RW: true }]));
    expect(typeof c !== 'string' && c.volumes).toEqual(['adminscripts']);
    expect(typeof c !== 'string' && c.name).toBe('adminjob');
  });

  it.each([
    [{ Privileged: true }, [], 'privileged'],
    [{ CapAdd: ['SYS_ADMIN'] }, [], 'cap-add'],
    [{ Capabilities: ['CAP_SYS_ADMIN', 'CAP_CHOWN'] }, [], 'cap-add'],
    [{ Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda', CgroupPermissions: 'rwm' }] }, [], 'device'],
    [{ DeviceCgroupRules: ['b *:* rwm'] }, [], 'device'],
    [{ DeviceRequests: [{ Driver: 'nvidia', Count: -1 }] }, [], 'gpus'],
    [{ PidMode: 'host' }, [], 'host-namespace'],
    [{ NetworkMode: 'host' }, [], 'host-namespace'],
    [{ NetworkMode: 'container:abc' }, [], 'container-namespace'],
    [{ UsernsMode: 'host' }, [], 'host-namespace'],
    [{ SecurityOpt: ['seccomp=unconfined'] }, [], 'security-opt'],
    [{ VolumesFrom: ['other'] }, [], 'volumes-from'],
    [{ CgroupParent: '/' }, [], 'cgroup-parent'],
    [{ Sysctls: { 'kernel.shm_rmid_forced': '1' } }, [], 'sysctl'],
    [{}, [{ Type: 'bind', Source: '/', Destination: '/host', RW: true }], 'bind-mount'],
    [{}, [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true }], 'docker-socket'],
    // what the CLI records for --security-opt systempaths=unconfined (a red-team round)
    [{ MaskedPaths: [], ReadonlyPaths: [] }, [], 'security-opt'],
    [{ MaskedPaths: ['/proc/kcore'], ReadonlyPaths: [] }, [], 'security-opt'],
  ] as [Record<string, unknown>, unknown[], string][])('%j %j: %s', (hostConfig, mounts, expected) => {
    expect(rule(inspect(hostConfig, mounts))).toBe(expected);
  });

  it('a bind keeps its propagation, for the propagation rule (a red-team round)', () => {
    const c = inspectedContainer(inspect({}, [{ Type: 'bind', Source: '/srv/a/web', Destination: '/x', RW: true, Propagation: 'rshared' }, { Type: 'bind', Source: '/srv/a/db', Destination: '/y', RW: false, Propagation: 'rprivate' }]));
    expect(typeof c !== 'string' && c.request.hostPaths.map((h) => h.options)).toEqual([['rshared'], ['ro']]);
  });

  it('a volume of a plugin driver is noted, for the volume rules to weigh', () => {
    const c = inspectedContainer(inspect({}, [{ Type: 'volume', Name: 'ebs', Driver: 'rexray/ebs', Destination: '/d', RW: true }, { Type: 'volume', Name: 'plain', Driver: 'local', Destination: '/p', RW: true }]));
    expect(typeof c !== 'string' && c.request.volumeDrivers).toEqual(['rexray/ebs']);
    expect(rule(inspect({ MaskedPaths: ['/proc/kcore'], ReadonlyPaths: ['/proc/sys'] }))).toBe('ok');
  });

  it('a description it cannot read is said so, not guessed', () => {
    expect(inspectedContainer({ Name: '/x' })).toBeTypeOf('string');
    expect(inspectedContainer(inspect({ CapAdd: 'SYS_ADMIN' }))).toBeTypeOf('string');
    expect(inspectedContainer(inspect({}, [{ Type: 'bind', Destination: '/h' }]))).toBeTypeOf('string');
  });
});
