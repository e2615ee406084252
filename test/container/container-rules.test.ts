import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerRequest, PathFacts } from '../../src/container/container-request.js';
import { parseRunArgs } from '../../src/container/run-args.js';
import { checkContainer, hostPathsOf, listContainerViolations, securityOptProblem } from '../../src/policy/container-rules.js';
import type { ContainerRules } from '../../src/policy/policy.js';

const CWD = '/home/ai-worker/work/proj';
const WORK = '/home/ai-worker/work';

const BASE: ContainerRules = {
  allowBindMountsUnder: [WORK],
  privileged: false,
  capAdd: [],
  devices: false,
  gpus: false,
  unconfined: false,
  hostNamespaces: [],
  joinContainerNamespaces: false,
  joinNetworks: false,
  volumesFrom: false,
  cgroupParent: false,
  runtimes: [],
  sysctls: [],
  logDrivers: ['json-file', 'local', 'none'],
  mountPropagation: false,
  apiSocket: false,
  publishPorts: false,
};

function request(args: string[]): ContainerRequest {
  const r = parseRunArgs(args, CWD, 'run');
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

/** Real paths: identity for every host path, unless `links` says otherwise (symlinks); no path
 *  has a directory on its way that the caller can write, unless `writable` says so. */
function factsFor(req: ContainerRequest, links: Record<string, string> = {}, writable: Record<string, string> = {}): PathFacts {
  const realpaths: Record<string, string> = {};
  const redirectable: Record<string, string | null> = {};
  const lookupDirs: Record<string, string[]> = {};
  const mountSafety: Record<string, string | null> = {};
  const subMounts: Record<string, string | null> = {};
  for (const p of hostPathsOf(req)) {
    realpaths[p] = links[p] ?? p;
    redirectable[p] = writable[p] ?? null;
    lookupDirs[p] = ancestors(realpaths[p]!);
    mountSafety[p] = null; // a nosuid,nodev file system
    subMounts[p] = null;
  }
  return { cwd: CWD, realpaths, redirectable, lookupDirs, mountSafety, subMounts };
}

/** The directories a walk of a symlink-free path looks names up in: its ancestors. */
function ancestors(p: string): string[] {
  const out: string[] = [];
  for (let d = path.posix.dirname(p); ; d = path.posix.dirname(d)) {
    out.unshift(d);
    if (d === '/') return out;
  }
}

type Row = [argv: string, expectedRule: string | undefined, rules?: Partial<ContainerRules>, links?: Record<string, string>];
const split = (line: string) => line.split(' ').filter((t) => t !== '');

const rows: Row[] = [
  // Host bind mounts (grammar #77, #78, #79, #80).
  ['-v /:/host img', 'bind-mount'],
  ['-v=/:/h img', 'bind-mount'],
  ['-tv=/:/h img', 'bind-mount'],
  ['-dv /:/h img', 'bind-mount'],
  ['-dtv/:/h img', 'bind-mount'],
  ['--volume=/:/h img', 'bind-mount'],
  ['-v .:/h img', undefined],
  ['-v ..:/h img', 'bind-mount'], // the allowed directory itself: containers binding it could rearrange its entries
  ['-v ../..:/h img', 'bind-mount'],
  ['-v .hidden:/h img', 'bind-mount'], // inside a project directory, which a container binding it could change
  ['-v /home/ai-worker/work/proj:/w img', undefined],
  ['-v /home/ai-worker/work/sub/dir:/w:ro img', 'bind-mount'],
  ['-v /home/ai-worker/work/../other:/w img', 'bind-mount', {}, { '/home/ai-worker/work/../other': '/home/ai-worker/other' }],
  ['-v /home/ai-worker/workshop:/w img', 'bind-mount'],
  ['-v /home/ai2:/w img', 'bind-mount', { allowBindMountsUnder: ['/home/ai'] }],
  ['-v /home/ai/x:/w img', undefined, { allowBindMountsUnder: ['/home/ai/'] }],
  // A symlink inside the allowed directory that points at / (threat model §2).
  ['-v /home/ai-worker/work/link:/h img', 'bind-mount', {}, { '/home/ai-worker/work/link': '/' }],
  ['-v /home/ai-worker/work/etc-link:/h img', 'bind-mount', {}, { '/home/ai-worker/work/etc-link': '/etc' }],
  // Symlink outside pointing inside is fine: the real path decides.
  ['-v /tmp/into-work:/h img', undefined, {}, { '/tmp/into-work': '/home/ai-worker/work/x' }],
  ['--mount TYPE=BIND,SRC=/,DST=/h img', 'bind-mount'],
  ['--mount dst=/h,type=bind,src=/ img', 'bind-mount'],
  ['--mount type=volume,src=v,dst=/h,type=bind,src=/ img', 'bind-mount'],
  ['--mount type=bind,src=/home/ai-worker/work/proj,dst=/h img', undefined],
  ['--mount type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img', 'bind-mount'],
  ['--mount type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/home/ai-worker/work/proj img', undefined],
  ['-v /home/ai-worker/work:/w img', 'bind-mount', { allowBindMountsUnder: [] }],
  // The daemon socket: refused anywhere, even under an allowed directory.
  ['-v /var/run/docker.sock:/var/run/docker.sock img', 'docker-socket'],
  ['-v /run/docker.sock:/s img', 'docker-socket'],
  ['-v /home/ai-worker/work/docker.sock:/s img', 'docker-socket'],
  ['-v /home/ai-worker/work/d.sock:/s img', 'docker-socket', {}, { '/home/ai-worker/work/d.sock': '/run/docker.sock' }],
  ['-v /home/ai-worker/work/c:/s img', 'docker-socket', {}, { '/home/ai-worker/work/c': '/run/containerd/containerd.sock' }],
  ['-v /run:/r img', 'docker-socket', { allowBindMountsUnder: ['/'] }],
  ['-v /var/run:/r img', 'docker-socket', { allowBindMountsUnder: ['/'] }, { '/var/run': '/run' }],
  ['-v /run/:/r img', 'docker-socket', { allowBindMountsUnder: ['/'] }, { '/run/': '/run/' }],
  ['-v /home/ai-worker/work/x/:/r img', 'docker-socket', {}, { '/home/ai-worker/work/x/': '/run/docker.sock/' }],
  ['-v /:/h img', 'docker-socket', { allowBindMountsUnder: ['/'] }],
  ['-v /srv:/h img', undefined, { allowBindMountsUnder: ['/'] }],
  ['--mount type=bind,src=/var/run/docker.sock,dst=/s img', 'docker-socket'],
  ['--use-api-socket img', 'api-socket'],
  ['--use-api-socket=false img', undefined],
  ['--use-api-socket img', undefined, { apiSocket: true }],
  // Privileged, capabilities (grammar #72-#76, #82).
  ['--privileged img', 'privileged'],
  ['--privileged false img', 'privileged'],
  ['--privileged=false img', undefined],
  ['--name --privileged img', undefined],
  ['img --privileged', undefined],
  ['-h --privileged img', undefined],
  ['--privileged img', undefined, { privileged: true }],
  ['--cap-add SYS_ADMIN img', 'cap-add'],
  ['--cap-add=SYS_ADMIN,NET_ADMIN img', 'cap-add', { capAdd: ['SYS_ADMIN', 'NET_ADMIN'] }],
  ['--cap-add NET_ADMIN img', undefined, { capAdd: ['NET_ADMIN'] }],
  ['--cap-add net_admin img', undefined, { capAdd: ['NET_ADMIN'] }],
  ['--cap-add CAP_NET_ADMIN img', undefined, { capAdd: ['NET_ADMIN'] }],
  ['--cap-add cap_net_admin img', undefined, { capAdd: ['NET_ADMIN'] }],
  ['--cap-add ALL img', 'cap-add', { capAdd: ['NET_ADMIN'] }],
  ['--cap-add all img', undefined, { capAdd: ['ALL'] }],
  ['--cap-add ſys_admin img', 'cap-add', { capAdd: ['SYS_ADMIN'] }],
  ['--cap-drop ALL img', undefined],
  // Devices and GPUs.
  ['--device /dev/sda img', 'device'],
  ['--device=/dev/mem:/dev/mem:rwm img', 'device'],
  ['--device vendor.com/class=x img', 'device'],
  ['--device /dev/fuse img', undefined, { devices: true }],
  ['--gpus all img', 'gpus'],
  ['--gpus all img', undefined, { gpus: true }],
  // Security options (grammar #83).
  ['--security-opt seccomp=unconfined img', 'security-opt'],
  ['--security-opt seccomp:unconfined img', 'security-opt'],
  ['--security-opt apparmor=unconfined img', 'security-opt'],
  ['--security-opt apparmor:unconfined img', 'security-opt'],
  ['--security-opt label=disable img', 'security-opt'],
  ['--security-opt label:disable img', 'security-opt'],
  ['--security-opt label=type:spc_t img', 'security-opt'],
  ['--security-opt systempaths=unconfined img', 'security-opt'],
  ['--security-opt no-new-privileges=false img', 'security-opt'],
  ['--security-opt no-new-privileges:false img', 'security-opt'],
  ['--security-opt seccomp=/tmp/allow-all.json img', 'security-opt'],
  ['--security-opt writable-cgroups=true img', 'security-opt'],
  ['--security-opt disable img', 'security-opt'],
  ['--security-opt SECCOMP=unconfined img', 'security-opt'],
  ['--security-opt no-new-privileges img', undefined],
  ['--security-opt no-new-privileges=true img', undefined],
  ['--security-opt no-new-privileges:1 img', undefined],
  ['--security-opt seccomp=builtin img', 'security-opt'], // replaces a stricter daemon profile (a red-team round)
  ['--security-opt apparmor=docker-default img', undefined],
  ['--security-opt seccomp=unconfined img', undefined, { unconfined: true }],
  // Namespaces (grammar #81, #95).
  ['--network host img', 'host-namespace'],
  ['--net host img', 'host-namespace'],
  ['--network name=host img', 'host-namespace'],
  ['--network NAME=HOST img', 'host-namespace'],
  ['--network name=host\u0085 img', 'host-namespace'],
  ['--network mynet --network host img', 'host-namespace'],
  ['--network host img', undefined, { hostNamespaces: ['network'] }],
  ['--network host img', 'host-namespace', { hostNamespaces: ['pid'] }],
  ['--network none img', undefined],
  ['--network bridge img', undefined],
  ['--network mynet img', 'join-network'],
  ['--network mynet img', undefined, { joinNetworks: true }],
  ['--network name=mynet,alias=db img', 'join-network'],
  ['--network none --network bridge --network default img', undefined],
  ['--network 6251fdd8 img', 'join-network'],
  ['--network BRIDGE img', 'join-network'],
  ['--net adminnet --network-alias api img', 'join-network'],
  ['--network=name=container:abc img', 'container-namespace'],
  ['--network container:abc img', 'container-namespace'],
  ['--network name=contaİner:abc img', 'container-namespace'],
  ['--network container:abc img', undefined, { joinContainerNamespaces: true }],
  ['--network ns:/proc/1/ns/net img', 'host-namespace'],
  ['--network ns:/proc/1/ns/net img', 'host-namespace', { hostNamespaces: ['network'], joinContainerNamespaces: true }],
  ['--pid host img', 'host-namespace'],
  ['--pid=host img', 'host-namespace'],
  ['--pid host img', undefined, { hostNamespaces: ['pid'] }],
  ['--pid container:x img', 'container-namespace'],
  ['--ipc host img', 'host-namespace'],
  ['--ipc container:x img', 'container-namespace'],
  ['--ipc shareable img', undefined],
  ['--uts host img', 'host-namespace'],
  ['--userns host img', 'host-namespace'],
  ['--cgroupns host img', 'host-namespace'],
  ['--cgroupns private img', undefined],
  // The rest.
  ['--volumes-from other img', 'volumes-from'],
  ['--volumes-from other img', undefined, { volumesFrom: true }],
  ['--cgroup-parent / img', 'cgroup-parent'],
  ['--cgroup-parent= img', undefined],
  ['--cgroup-parent /x img', undefined, { cgroupParent: true }],
  ['--runtime runc img', 'runtime'],
  ['--runtime runsc img', 'runtime', { runtimes: ['runc'] }],
  ['--runtime runc img', undefined, { runtimes: ['runc'] }],
  ['--runtime= img', undefined],
  ['--sysctl net.ipv4.ip_forward=1 img', 'sysctl'],
  ['--sysctl net.ipv4.ip_forward=1 img', undefined, { sysctls: ['net.ipv4.ip_forward'] }],
  ['--sysctl net.ipv4.ip_forward=1 img', undefined, { sysctls: ['net.ipv4.*'] }],
  ['--sysctl net.ipv6.conf.all.forwarding=1 img', 'sysctl', { sysctls: ['net.ipv4.*'] }],
  ['--sysctl net.ipv4x.y=1 img', 'sysctl', { sysctls: ['net.ipv4.*'] }],
  ['--sysctl net.ipv4..x=1 img', 'sysctl', { sysctls: ['net.ipv4.*'] }],
  ['--sysctl kernel.shmmax=1 img', 'sysctl', { sysctls: ['kernel.shmall'] }],
  ['-v /home/ai-worker/work/proj:/w:rshared img', 'mount-propagation'],
  ['-v /home/ai-worker/work/proj:/w:ro,shared img', 'mount-propagation'],
  ['-v /home/ai-worker/work/proj:/w:rslave img', undefined],
  ['--mount type=bind,src=/home/ai-worker/work/proj,dst=/w,bind-propagation=rshared img', 'mount-propagation'],
  ['--mount type=bind,src=/home/ai-worker/work/proj,dst=/w,bind-propagation=RSHARED img', 'mount-propagation'],
  ['-v /home/ai-worker/work/proj:/w:rshared img', undefined, { mountPropagation: true }],
  ['-p 8080:80 img', 'publish'],
  ['-p=127.0.0.1:8080:80 img', 'publish'],
  ['-P img', 'publish'],
  ['-p 8080:80 -P img', undefined, { publishPorts: true }],
  // Allowed variants.
  ['-v data:/data img', undefined],
  ['--mount type=volume,src=data,dst=/data img', undefined],
  ['--mount type=tmpfs,dst=/t --tmpfs /run img', undefined],
  ['-v /anonymous img', undefined],
  ['--rm -it --name x -e A=B -w /w --network none --read-only img sh', undefined],
  // --help creates nothing.
  ['--privileged -v /:/h --help img', undefined],
];

describe('checkContainer', () => {
  it.each(rows)('%s -> %s', (line, expected, rules, links) => {
    const req = request(split(line));
    const v = checkContainer(req, { ...BASE, ...rules }, factsFor(req, links));
    expect(v?.rule).toBe(expected);
  });

  it('a host path without a real path fact is refused', () => {
    const req = request(split('-v /home/ai-worker/work:/w img'));
    expect(checkContainer(req, BASE, { cwd: CWD, realpaths: {} })?.rule).toBe('bind-mount');
    expect(checkContainer(req, BASE, { cwd: CWD, realpaths: { '/home/ai-worker/work': 'relative' } })?.rule).toBe('bind-mount');
    expect(checkContainer(req, BASE, { cwd: CWD, realpaths: { '/home/ai-worker/work': '/home/ai-worker/work/../../etc' } })?.rule).toBe('bind-mount');
  });

  it('a bind source whose path the caller can change is refused: the daemon resolves it again at each start', () => {
    const req = request(split('-v /home/ai-worker/work/sub:/s img'));
    const v = checkContainer(req, BASE, factsFor(req, {}, { '/home/ai-worker/work/sub': '/home/ai-worker/work' }));
    expect(v?.rule).toBe('bind-mount');
    expect(v?.reason).toContain('you can write to /home/ai-worker/work on its way');
    const { redirectable: _, ...unchecked } = factsFor(req);
    expect(checkContainer(req, BASE, unchecked)?.reason).toContain('could not check whether the path can be changed');
    expect(checkContainer(req, BASE, factsFor(req))).toBeUndefined();
  });

  it('no directory on the way may lie inside an allowed directory, which a container could bind and rearrange', () => {
    const deep = request(split('-v /home/ai-worker/work/proj/sub:/s img'));
    expect(checkContainer(deep, BASE, factsFor(deep))?.reason).toContain('/home/ai-worker/work/proj on its way lies inside the allowed directory /home/ai-worker/work');
    // A symlink at the top that leads through another project's directory.
    const linked = request(split('-v /home/ai-worker/work/link:/s img'));
    const facts = factsFor(linked, { '/home/ai-worker/work/link': '/home/ai-worker/work/other/x' });
    expect(checkContainer(linked, BASE, facts)?.rule).toBe('bind-mount');
    expect(checkContainer(linked, BASE, { ...facts, lookupDirs: { '/home/ai-worker/work/link': ['/', '/home', '/home/ai-worker', '/home/ai-worker/work'] } })?.rule).toBe('bind-mount');
    const top = request(split('-v /home/ai-worker/work:/s img'));
    expect(checkContainer(top, BASE, factsFor(top))?.reason).toContain('is the allowed directory /home/ai-worker/work itself');
    const ok = request(split('-v /home/ai-worker/work/proj:/s img'));
    const { lookupDirs: _, ...unwalked } = factsFor(ok);
    expect(checkContainer(ok, BASE, unwalked)?.reason).toContain('could not walk its path');
  });

  it('a writable bind needs a file system where a container cannot leave a setuid program or a device', () => {
    const rw = request(split('-v /home/ai-worker/work/proj:/s img'));
    const unsafe = { ...factsFor(rw), mountSafety: { '/home/ai-worker/work/proj': 'it is on /, mounted without nosuid and nodev' } };
    expect(checkContainer(rw, BASE, unsafe)?.reason).toContain('writable, but it is on /, mounted without nosuid and nodev');
    const ro = request(split('-v /home/ai-worker/work/proj:/s:ro img'));
    expect(checkContainer(ro, BASE, { ...factsFor(ro), mountSafety: {} })).toBeUndefined();
    const mountRo = request(split('--mount type=bind,src=/home/ai-worker/work/proj,dst=/s,readonly img'));
    expect(checkContainer(mountRo, BASE, { ...factsFor(mountRo), mountSafety: {} })).toBeUndefined();
    expect(checkContainer(rw, BASE, { ...factsFor(rw), mountSafety: {} })?.reason).toContain('could not check the file system');
  });

  it('an extra daemon socket from the facts is refused', () => {
    const req = request(split('-v /home/ai-worker/work/s:/s img'));
    const facts = factsFor(req, { '/home/ai-worker/work/s': '/home/ai-worker/work/api.sock' });
    expect(checkContainer(req, BASE, facts)).toBeUndefined();
    expect(checkContainer(req, BASE, { ...facts, daemonSockets: ['/home/ai-worker/work/api.sock'] })?.rule).toBe('docker-socket');
    // ... and a directory that contains it.
    const dir = request(split('-v /home/ai-worker/work/rootless:/r img'));
    expect(checkContainer(dir, BASE, { ...factsFor(dir), daemonSockets: ['/home/ai-worker/work/rootless/api.sock'] })?.rule).toBe('docker-socket');
  });

  it('the reason names the flag as typed and the allowed directories', () => {
    const req = request(split('-v /:/host img'));
    expect(checkContainer(req, BASE, factsFor(req))?.reason).toBe(
      '-v /:/host bind-mounts the host path / into the container: host bind mounts are only allowed under /home/ai-worker/work',
    );
    const link = request(split('-v /home/ai-worker/work/link:/h img'));
    expect(checkContainer(link, BASE, factsFor(link, { '/home/ai-worker/work/link': '/' }))?.reason).toContain('(really /)');
    const cap = request(split('--cap-add=sys_admin img'));
    expect(checkContainer(cap, BASE, factsFor(cap))?.reason).toContain('--cap-add=sys_admin');
    const net = request(split('--net NAME=HOST img'));
    expect(checkContainer(net, BASE, factsFor(net))?.reason).toContain('--net NAME=HOST');
  });

  it('lists every violation, most severe first', () => {
    const req = request(split('-p 1:1 --cap-add SYS_ADMIN -v /:/h --privileged --pid host img'));
    expect(listContainerViolations(req, BASE, factsFor(req)).map((v) => v.rule)).toEqual(['privileged', 'bind-mount', 'cap-add', 'host-namespace', 'publish']);
  });

  it('works from a request without origins (compose) and names the docker flag', () => {
    const req: ContainerRequest = {
      hostPaths: [], namedVolumes: [], privileged: false, capAdd: ['SYS_ADMIN'], devices: [], deviceCgroupRules: [], gpus: [],
      securityOpt: [], namespaces: {}, volumesFrom: [], sysctls: [], useApiSocket: false, publish: [], publishAll: false,
    };
    expect(checkContainer(req, BASE, { cwd: CWD, realpaths: {} })?.reason).toContain('--cap-add SYS_ADMIN');
  });

  it('namespace modes are compared case- and space-insensitively (requests from compose, too)', () => {
    const base: ContainerRequest = {
      hostPaths: [], namedVolumes: [], privileged: false, capAdd: [], devices: [], deviceCgroupRules: [], gpus: [],
      securityOpt: [], namespaces: {}, volumesFrom: [], sysctls: [], useApiSocket: false, publish: [], publishAll: false,
    };
    const facts = { cwd: CWD, realpaths: {} };
    expect(checkContainer({ ...base, namespaces: { network: ' Host' } }, BASE, facts)?.rule).toBe('host-namespace');
    expect(checkContainer({ ...base, namespaces: { pid: 'HOST' } }, BASE, facts)?.rule).toBe('host-namespace');
    expect(checkContainer({ ...base, namespaces: { ipc: 'Container:x' } }, BASE, facts)?.rule).toBe('container-namespace');
    expect(checkContainer({ ...base, networks: ['bridge', 'host'] }, BASE, facts)?.rule).toBe('host-namespace');
  });

  it('hostPathsOf lists each host source once', () => {
    const req = request(split('-v /a:/x -v /a:/y --mount type=bind,src=/b,dst=/z -v named:/n img'));
    expect(hostPathsOf(req)).toEqual(['/a', '/b']);
  });
});

describe('securityOptProblem', () => {
  it.each(['no-new-privileges', 'no-new-privileges=true', 'no-new-privileges:t', 'apparmor=docker-default', 'writable-cgroups=false'])(
    '%s keeps confinement',
    (opt) => expect(securityOptProblem(opt)).toBeUndefined(),
  );
  it.each(['seccomp=builtin', 'seccomp:builtin', 'apparmor=unconfined', 'apparmor=my-profile', 'seccomp=unconfined', 'seccomp=Unconfined', 'seccomp=./p.json', 'label=level:s0:c1,c2', 'label=user:system_u', 'label=role:x', 'label=nested', 'label:type:spc_t', 'systempaths=unconfined', 'no-new-privileges=0', 'writable-cgroups=1', 'bogus=1', 'x'])(
    '%s lowers it or is unknown',
    (opt) => expect(securityOptProblem(opt)).toBeTypeOf('string'),
  );
});
