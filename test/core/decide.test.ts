import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeNetworkNames, composeVolumeNames } from '../../src/compose/model-rules.js';
import { emptyRequest, type NetworkFact } from '../../src/container/container-request.js';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { decide } from '../../src/policy/decide.js';
import { containerTargets } from '../../src/policy/container-targets.js';
import { normalisedImageName, normalisedRepository } from '../../src/docker/image-reference.js';
import { defaultPolicy, parsePolicy } from '../../src/policy/load-policy.js';
import { policyOf } from '../support/policy-of.js';
import type { Policy } from '../../src/policy/policy.js';
import type { Decision, Facts } from '../../src/policy/decision.js';

/** The daemon has none of the named volumes these tables use: docker would create plain local ones. */
const NO_VOLUMES = Object.fromEntries(['named', 'v', 't', 'pv', 'o', 'hv'].map((n) => [n, { exists: false as const }]));
/** The containers start, restart, rm and compose's lifecycle act on are plain ones (the daemon's answers: facts.targetContainers, facts.projectContainers). */
const facts = { cwd: '/home/ai-worker/work', realpaths: {}, volumes: NO_VOLUMES, targetContainers: { ok: true as const, containers: [] }, projectContainers: { ok: true as const, project: 'p', containers: [] }, userNetworks: { ok: true as const, names: [] } };
const modelVolumesAbsent = (model: unknown) => Object.fromEntries(composeVolumeNames(model).map((n) => [n, { exists: false as const }]));
// Nor any of the networks compose would create.
const modelNetworksAbsent = (model: unknown) => Object.fromEntries(composeNetworkNames(model).map((n) => [n, { exists: false as const }]));
/** A compose project with no containers yet: nothing for compose to carry over. */
const NO_CONTAINERS = { ok: true, project: 'p', containers: [] } as const;
/** No container was made from an image name the command builds (facts.targetContainers). */
const NO_TARGETS = { ok: true, containers: [] } as const;
const split = (s: string): string[] => (s === '' ? [] : s.split(' ').map((t) => (t === "''" ? '' : t)));

/** `ok` or the refusing rule. */
function verdict(argv: string, policy: Policy = defaultPolicy()): string {
  const d = decide(parseArgv(split(argv)), policy, facts);
  return d.kind === 'allowed' ? 'ok' : d.rule;
}

describe('default policy: allowed commands, every spelling', () => {
  it.each([
    'ps', 'ps -a', 'container ls', 'container list', 'container ps', 'images', 'image ls', 'image list',
    'inspect c', 'container inspect c', 'logs c', 'logs -f c', 'container logs c', 'start c', 'start --detach-keys=x c',
    'stop c', 'restart c', 'rm -f c', 'rm c -f', 'container remove c', 'rmi x', 'image rm x', 'image remove x',
    'pull busybox', 'image pull busybox', 'build .', 'build -t x .', 'image build .', 'builder build .',
    'build -o type=docker .', 'build --load .', 'build --network none .', 'build --cache-to type=inline .',
    'build --network=default .', 'build --network bridge .', 'build --cgroup-parent= .', 'build --security-opt no-new-privileges .',
    'rm -f -l c', 'rm --volumes=false c', 'start --checkpoint= c', 'build -o type=image,name=x,push=false .',
    'build -o type=image,name=x,push=f .', 'build -o type=docker,name=x .',
    'run --rm img', 'container run img', 'network ls', 'network list', 'volume ls', 'volume list', 'info',
    'system info', 'version', 'stats --no-stream', 'wait c', 'system df', 'system prune -f', 'system prune -a',
    'events', 'system events', '-D ps', '-l debug ps', '--log-level=info ps', '-v ps', '-v', '--version', '',
    '--help', 'container', 'system', 'compose ps', 'compose --help', 'ps --help', 'container ls --help=false',
    'start -a=false c', 'start --attach=false --interactive=0 c', 'system prune --volumes=false',
  ])('docker %s', (argv) => expect(verdict(argv)).toBe('ok'));
});

describe('default policy: refused commands, every spelling', () => {
  it.each([
    ['exec c sh', 'refused-command'], ['container exec c sh', 'refused-command'], ['-v exec c sh', 'refused-command'],
    ['--help=false exec c sh', 'refused-command'], ['container --help=false exec c sh', 'refused-command'],
    ['-lDEBUG exec c sh', 'refused-command'], ['-Dl debug exec c sh', 'refused-command'], ['--help exec c sh', 'refused-command'],
    ['help exec', 'not-allowed'], ['help', 'not-allowed'], ['help compose', 'not-allowed'], ['exec --help', 'refused-command'],
    ['container ls --help', 'not-allowed'], ['network ls -h', 'not-allowed'], ['system df --help', 'not-allowed'],
    ['cp c:/etc/passwd .', 'refused-command'], ['container cp c:/ -', 'refused-command'],
    ['commit c x', 'refused-command'], ['container commit c x', 'refused-command'],
    ['diff c', 'refused-command'], ['container diff c', 'refused-command'],
    ['export c', 'refused-command'], ['container export c', 'refused-command'],
    ['import x.tar', 'refused-command'], ['image import x.tar', 'refused-command'],
    ['load -i x.tar', 'refused-command'], ['image load', 'refused-command'],
    ['save x', 'refused-command'], ['image save x', 'refused-command'], ['image --help=false save x', 'refused-command'],
    ['attach c', 'refused-command'], ['container attach c', 'refused-command'],
    ['push x', 'refused-command'], ['image push x', 'refused-command'],
    ['tag a b', 'refused-command'], ['image tag a b', 'refused-command'],
    // not in the allow list
    ['create img', 'not-allowed'], ['container create img', 'not-allowed'], ['kill c', 'not-allowed'],
    ['update c', 'not-allowed'], ['plugin install x', 'not-allowed'], ['swarm init', 'not-allowed'],
    ['service create x', 'not-allowed'], ['secret ls', 'not-allowed'], ['config ls', 'not-allowed'],
    ['node ls', 'not-allowed'], ['stack deploy x', 'not-allowed'], ['context use x', 'not-allowed'],
    ['network create n', 'not-allowed'], ['volume create v', 'not-allowed'], ['volume rm v', 'not-allowed'],
    ['foo', 'not-allowed'], ['ls', 'not-allowed'], ['buildx build .', 'not-allowed'], ['help foo', 'not-allowed'],
    ['--help foo', 'not-allowed'], ['--debug false exec c sh', 'not-allowed'], ['builder prune', 'not-allowed'],
    ['bake', 'not-allowed'], ['__complete exec', 'not-allowed'], ['completion bash', 'not-allowed'],
    ['manifest push x', 'not-allowed'], ['trust sign x', 'not-allowed'], ['login', 'not-allowed'],
    // back doors
    ['system dial-stdio', 'not-allowed'], ['start -a c', 'back-door'], ['start -i c', 'back-door'],
    ['start -ai c', 'back-door'], ['start --attach c', 'back-door'], ['start c --attach', 'back-door'],
    ['start --interactive=true c', 'back-door'], ['container start -a c', 'back-door'],
    ['build --push .', 'back-door'], ['build . --push', 'back-door'], ['build --push=true .', 'back-door'],
    ['build -o type=registry .', 'back-door'], ['build --output=type=image,name=x,push=true .', 'back-door'],
    // BuildKit: an empty push is true, the rest is Go's ParseBool (found by a red-team round).
    ['build -o type=image,name=r/x,push= .', 'back-door'], ['build -o type=image,name=r/x,push=t .', 'back-door'],
    ['build -o type=image,name=r/x,push=T .', 'back-door'], ['build -o type=image,name=r/x,push=TRUE .', 'back-door'],
    ['build -o type=image,name=r/x,push .', 'back-door'], ['build -o type=image,push=yes .', 'back-door'],
    ['build -o out .', 'back-door'], ['build -o type=tar,dest=x.tar .', 'back-door'], ['build -otype=local,dest=o .', 'back-door'],
    ['build --cache-to type=registry,ref=x .', 'back-door'], ['image build --push .', 'back-door'], ['builder build --push .', 'back-door'],
    ['system prune --volumes', 'back-door'], ['system prune -af --volumes', 'back-door'],
    ['build --network host .', 'build-host-network'], ['build --network=host .', 'build-host-network'],
    ['build --allow network.host .', 'build-entitlement'], ['build --allow=security.insecure .', 'build-entitlement'],
    // rm -v deletes anonymous volumes; build steps are containers (the legacy builder) or run in a chosen builder
    ['rm -v c', 'back-door'], ['rm -fv c', 'back-door'], ['container rm --volumes c', 'back-door'], ['rm c -v', 'back-door'],
    ['container remove --volumes=true c', 'back-door'],
    ['build --network container:victim .', 'container-namespace'], ['image build --network=Container:v .', 'container-namespace'],
    ['build --network ns:/proc/1/ns/net .', 'host-namespace'], ['builder build --cgroup-parent / .', 'cgroup-parent'],
    ['build --security-opt seccomp=unconfined .', 'security-opt'], ['build --builder evil .', 'build-builder'],
    ['build --builder=default .', 'build-builder'], ['build --cache-to type=local,dest=/tmp/c .', 'back-door'],
    ['start --checkpoint cp1 c', 'checkpoint-restore'], ['start --checkpoint=cp1 --checkpoint-dir /x c', 'checkpoint-restore'],
    // global flags that change the daemon or configuration, and `--` before the command
    ['-H unix:///other.sock ps', 'global-flag'], ['--host=tcp://x ps', 'global-flag'], ['-c other ps', 'global-flag'],
    ['--context=x ps', 'global-flag'], ['--config /tmp/x ps', 'global-flag'], ['--tlsverify ps', 'global-flag'],
    ['-DH unix:///x ps', 'global-flag'], ['-- ps', 'global-double-dash'], ['-- -H unix:///x exec c sh', 'global-double-dash'],
    ['-- compose ps', 'global-double-dash'],
    // argv docker itself rejects
    ["'' exec c sh", 'malformed-argv'], ['EXEC c', 'malformed-argv'], ['--bogus ps', 'malformed-argv'],
    ['container -D exec c sh', 'malformed-argv'], ['-H', 'malformed-argv'], ['---x ps', 'malformed-argv'],
    ['start --bogus c', 'malformed-argv'], ['build --bogus .', 'malformed-argv'], ['container foo', 'malformed-argv'],
  ])('docker %s -> %s', (argv, rule) => expect(verdict(argv)).toBe(rule));
});

describe('outside the argv: the builder buildx would pick, content trust', () => {
  const at = (argv: string, more: object): string => {
    const d = decide(parseArgv(split(argv)), defaultPolicy(), { ...facts, ...more });
    return d.kind === 'allowed' ? 'ok' : d.rule;
  };
  it('a build is refused while something outside argv picks another builder', () => {
    expect(at('build .', { buildEnvironment: 'BUILDX_BUILDER=evil makes buildx use a builder' })).toBe('build-builder');
    expect(at('image build .', { buildEnvironment: 'x' })).toBe('build-builder');
    expect(at('build .', {})).toBe('ok');
    expect(at('ps', { buildEnvironment: 'x' })).toBe('ok');
  });
  it('content trust tags what it verifies: image tag', () => {
    expect(at('pull busybox', { contentTrust: true })).toBe('content-trust');
    expect(at('run --rm img', { contentTrust: true })).toBe('content-trust');
    expect(at('pull busybox', { contentTrust: false })).toBe('ok');
    // The flag's default is the opposite of the variable: =false turns trust on, a true one off.
    expect(at('pull --disable-content-trust=false busybox', {})).toBe('content-trust');
    expect(at('run --disable-content-trust=0 --rm img', {})).toBe('content-trust');
    expect(at('build --disable-content-trust=false .', {})).toBe('content-trust');
    expect(at('pull --disable-content-trust busybox', { contentTrust: true })).toBe('ok');
    expect(at('run --disable-content-trust=true img', { contentTrust: true })).toBe('ok');
    expect(at('pull -a --disable-content-trust=false -q busybox', { contentTrust: false })).toBe('content-trust');
    const p = policyOf({ allow: ['pull', 'tag'], refuse: {} });
    expect(decide(parseArgv(['pull', 'x']), p, { ...facts, contentTrust: true }).kind).toBe('allowed');
  });
});

describe('policy changes the decision', () => {
  it('an admin can allow a refused command by removing its refusal and allowing it', () => {
    const p = policyOf({ allow: ['ps', 'exec'], refuse: {} });
    expect(verdict('exec c sh', p)).toBe('ok');
    expect(verdict('container exec c sh', p)).toBe('ok');
  });
  it('an explicit refusal wins over an allowance of the same command', () => {
    expect(verdict('exec c sh', policyOf({ allow: ['exec'], refuse: { exec: 'no' } }))).toBe('refused-command');
  });
  it('a more specific refusal wins over a management-command allowance', () => {
    const p = policyOf({ allow: ['container'], refuse: { 'container exec': 'no' } });
    expect(verdict('ps', p)).toBe('ok');
    expect(verdict('exec c sh', p)).toBe('refused-command');
  });
  it('a management-command allowance does not cover hidden commands', () => {
    expect(verdict('system dial-stdio', policyOf({ allow: ['system'] }))).toBe('not-allowed');
    expect(verdict('system dial-stdio', policyOf({ allow: ['system dial-stdio'] }))).toBe('ok');
  });
  it('back doors follow the capability they reach', () => {
    const p = policyOf({ allow: ['start', 'attach', 'build', 'push', 'pull'], refuse: {} });
    expect(verdict('start -ai c', p)).toBe('ok');
    expect(verdict('build --push .', p)).toBe('ok');
  });
  it('global flags can be allowed', () => {
    expect(verdict('-H unix:///x ps', policyOf({ allow: ['ps'], globalFlags: ['host'] }))).toBe('ok');
  });
  it('build rules can be loosened', () => {
    const p = policyOf({ allow: ['build', 'pull'], build: { hostNetwork: true, entitlements: ['network.host'] } });
    expect(verdict('build --network host --allow network.host .', p)).toBe('ok');
    expect(verdict('build --network container:c --cgroup-parent /x .', p)).toBe('container-namespace');
    const loose = policyOf({ allow: ['build', 'pull'], containers: { joinContainerNamespaces: true, cgroupParent: true, unconfined: true } });
    expect(verdict('build --network container:c --cgroup-parent /x --security-opt seccomp=unconfined .', loose)).toBe('ok');
    expect(verdict('build --allow security.insecure .', p)).toBe('build-entitlement');
  });
  it('plugins are allowed by name', () => {
    expect(verdict('scout cves x', policyOf({ allow: ['scout'] }))).toBe('ok');
    expect(verdict('scout cves x', policyOf({ allow: ['ps'] }))).toBe('not-allowed');
  });

  it('buildx, whose argv the guard does not read, only where the policy allows all it can reach (push, save, privileged builders)', () => {
    const everything = { allow: ['buildx', 'bake', 'push', 'save'], refuse: {}, containers: { privileged: true } };
    for (const argv of ['buildx ls', 'buildx build --push .', 'buildx create --driver docker-container', 'bake --push', 'builder ls']) {
      expect(verdict(argv, policyOf({ allow: ['buildx', 'bake'] })), argv).toBe('unchecked-containers');
      expect(verdict(argv, policyOf({ allow: ['buildx', 'bake'], containers: { privileged: true } })), argv).toBe('back-door');
      expect(verdict(argv, policyOf(everything)), argv).toBe('ok');
    }
    expect(verdict('buildx ls', policyOf({ ...everything, refuse: { save: 'no' } }))).toBe('back-door');
    expect(verdict('build --push .', policyOf({ allow: ['buildx', 'build'], containers: { privileged: true } }))).toBe('back-door');
  });

  it('commands that run containers the guard does not check need privileged containers allowed too', () => {
    const allowing = { allow: ['service', 'stack', 'swarm', 'plugin', 'checkpoint', 'node'] };
    for (const argv of ['service create img', 'service update --mount-add type=bind,src=/,dst=/h s', 'service rollback s', 'stack deploy -c f.yml s', 'stack up -c f.yml s',
      'node promote n2', 'node update --role manager n2', 'node update --label-add a=b n2',
      'swarm init', 'swarm join --token t h:2377', 'swarm join-token manager', 'plugin install x', 'plugin upgrade x', 'plugin create x dir',
      'plugin set x m.source=/', 'checkpoint create c cp', 'checkpoint rm --checkpoint-dir /etc c x', 'checkpoint ls --checkpoint-dir /root c']) {
      expect(verdict(argv, policyOf(allowing)), argv).toBe('unchecked-containers');
      expect(verdict(argv, policyOf({ ...allowing, containers: { privileged: true } })), argv).toBe('ok');
    }
    for (const argv of ['service ls', 'service scale s=2', 'stack ls', 'swarm leave', 'plugin ls', 'plugin enable x', 'node ls', 'node demote n2', 'node inspect self']) {
      expect(verdict(argv, policyOf(allowing)), argv).toBe('ok');
    }
  });

  it('trust, manifest and plugin uploads are image push', () => {
    const allowing = policyOf({ allow: ['trust', 'manifest', 'plugin'] });
    for (const argv of ['trust sign r/x:1', 'trust revoke r/x:1', 'trust signer add --key k.pub n r/x', 'trust signer remove n r/x', 'manifest push r/x:1', 'plugin push r/p']) {
      expect(verdict(argv, allowing), argv).toBe('back-door');
      expect(verdict(argv, policyOf({ allow: ['trust', 'manifest', 'plugin', 'push'], refuse: {} })), argv).toBe('ok');
    }
    for (const argv of ['trust inspect r/x', 'trust key generate k', 'manifest inspect r/x', 'manifest create r/x a b']) {
      expect(verdict(argv, allowing), argv).toBe('ok');
    }
  });

  it('run and create pull their image unless --pull never; build pulls its base images', () => {
    for (const noPull of [policyOf({ allow: ['run', 'create', 'build'], refuse: { pull: 'no registry pulls' } }), policyOf({ allow: ['run', 'create', 'build'] })]) {
      for (const argv of ['run --pull always img', 'run --pull=ALWAYS img', 'create --pull always img', 'run --pull missing img', 'run img',
        'run img --pull never', 'create img', 'run --pull never --pull missing img', 'build .', 'build --pull .', 'builder build .']) {
        expect(verdict(argv, noPull), argv).toBe('back-door');
      }
      for (const argv of ['run --pull never img', 'run --pull=never --rm img true', 'create --pull never img', 'run --pull missing --pull never img',
        'run --help', 'run --pull always --help', 'build --help', 'build --pull -h']) {
        expect(verdict(argv, noPull), argv).toBe('ok');
      }
    }
    const why = (argv: string) => {
      const d = decide(parseArgv(split(argv)), policyOf({ allow: ['run', 'build'] }), { cwd: '/', realpaths: {} });
      return d.kind === 'refused' ? d.reason : '';
    };
    expect(why('run img')).toBe("`run` pulls the image from its registry when it is not here (docker's default, `--pull missing`; `--pull never` runs only an image that is here), which is `image pull`, and `image pull` is not in the allow list");
    expect(why('run --pull always img')).toContain('`run --pull always` pulls the image from its registry');
    expect(why('build --pull=true .')).toContain('`build --pull=true` pulls every base image from its registry');
    expect(why('build .')).toContain('`build` pulls the base images it does not have');
    for (const argv of ['run --rm --pull always img', 'run img', 'build --pull .']) expect(verdict(argv), argv).toBe('ok');
  });

  it('prunes delete what their rm would', () => {
    expect(verdict('volume prune -f', policyOf({ allow: ['volume'], refuse: { 'volume rm': 'never' } }))).toBe('back-door');
    expect(verdict('volume prune -f', policyOf({ allow: ['volume'] }))).toBe('ok');
    expect(verdict('image prune -af', policyOf({ allow: ['image'], refuse: { rmi: 'no' } }))).toBe('back-door');
    expect(verdict('container prune -f', policyOf({ allow: ['container'], refuse: { rm: 'no' } }))).toBe('back-door');
    expect(verdict('network prune -f', policyOf({ allow: ['network prune'] }))).toBe('back-door');
    expect(verdict('network prune -f', policyOf({ allow: ['network'] }))).toBe('ok');
    expect(verdict('system prune -af', policyOf({ allow: ['system', 'rm'] }))).toBe('back-door');
    expect(verdict('system prune -af', policyOf({ allow: ['system', 'rmi'] }))).toBe('back-door');
    expect(verdict('system prune -af', policyOf({ allow: ['system', 'rm', 'rmi'] }))).toBe('ok');
    expect(verdict('system prune -af')).toBe('ok');
  });

  it('a policy may allow single compose subcommands', () => {
    expect(verdict('compose ps', policyOf({ allow: ['compose ps', 'compose logs'] }))).toBe('ok');
    expect(verdict('compose -p x logs -f', policyOf({ allow: ['compose ps', 'compose logs'] }))).toBe('ok');
    expect(verdict('compose exec web sh', policyOf({ allow: ['compose ps', 'compose logs'] }))).toBe('not-allowed');
    expect(verdict('compose', policyOf({ allow: ['compose ps'] }))).toBe('not-allowed');
  });
});

describe('refusal texts', () => {
  it('name the command and why', () => {
    const d = decide(parseArgv(split('start -a c')), defaultPolicy(), facts);
    expect(d).toMatchObject({ kind: 'refused', command: 'container start', rule: 'back-door' });
    expect(d.kind === 'refused' && d.reason).toContain('`start -a` attaches');
    expect(d.kind === 'refused' && d.reason).toContain('container attach');
  });
});

describe('default policy: run/create host escapes are refused, ordinary containers are not', () => {
  it.each([
    ['run -v /:/host img', 'bind-mount'], ['run -v=/:/h img', 'bind-mount'], ['run -tv=/:/h img', 'bind-mount'],
    ['run -dtv/:/h img', 'bind-mount'], ['run --volume=/etc:/h:ro img', 'bind-mount'], ['run -v .:/h img', 'bind-mount'],
    ['run --mount type=bind,src=/,dst=/h img', 'bind-mount'], ['run --mount TYPE=BIND,SRC=/,DST=/h img', 'bind-mount'],
    ['run --mount type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img', 'bind-mount'],
    ['run -v /var/run/docker.sock:/var/run/docker.sock img', 'docker-socket'],
    ['run --privileged img', 'privileged'], ['run --privileged=T img', 'privileged'], ['create --privileged img', 'not-allowed'],
    ['run --cap-add SYS_ADMIN img', 'cap-add'], ['run --cap-add=all img', 'cap-add'], ['run --device /dev/sda img', 'device'],
    ['run --gpus all img', 'gpus'], ['run --security-opt seccomp:unconfined img', 'security-opt'],
    ['run --pid host img', 'host-namespace'], ['run --network name=host img', 'host-namespace'], ['run --net host img', 'host-namespace'],
    ['run --network container:c img', 'container-namespace'], ['run --volumes-from c img', 'volumes-from'],
    ['run --cgroup-parent / img', 'cgroup-parent'], ['run --runtime runc img', 'runtime'], ['run --sysctl net.ipv4.ip_forward=1 img', 'sysctl'],
    ['run --use-api-socket img', 'api-socket'], ['container run --privileged img', 'privileged'],
    ['run --annotation org.systemd.property.Delegate=yes img', 'annotation'], ['run --annotation=run.oci.keep_original_groups=1 img', 'annotation'],
    ['run --label com.docker.compose.project=adminproj img', 'reserved-label'], ['run -l io.docker.x img', 'reserved-label'],
    ['run --label=COM.DOCKER.compose.service=ci img', 'reserved-label'], ['run -l org.dockerproject.y=1 img', 'reserved-label'],
    ['run --mount type=volume,src=adminproj_data,dst=/d,volume-label=com.docker.compose.project=adminproj img', 'reserved-label'],
    ['run --label-file labels img', 'label-file'], ['run --label app=web --label com.example.docker.x=1 img', 'ok'],
    ['run --mount type=volume,src=v,dst=/d,volume-label=app=web img', 'ok'], ['run --security-opt seccomp=builtin img', 'security-opt'],
    ['run --bogus img', 'malformed-argv'], ['run', 'malformed-argv'],
    // local-driver volume options that mount a kernel file system, an overlay or a device
    ['run --mount type=volume,src=pv,dst=/hp,volume-opt=type=proc,volume-opt=device=/w/dev img', 'volume-options'],
    ['run --mount type=volume,src=o,dst=/h,volume-opt=type=overlay,volume-opt=device=x,"volume-opt=o=lowerdir=/etc:/w" img', 'volume-options'],
    ['run --mount dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=etc img', 'bind-mount'],
    ['run --volume-driver evil -v v:/h img', 'volume-driver'], ['run --mount dst=/h,src=v,volume-driver=evil img', 'volume-driver'],
    // log drivers run in the daemon, as root
    ['run --log-driver syslog img', 'log-driver'], ['run --log-opt syslog-address=tcp://127.0.0.1:1 img', 'log-driver'],
    ['run --log-driver=fluentd --log-opt fluentd-address=unix:///x img', 'log-driver'],
    ['run --log-driver json-file --log-opt syslog-tls-cert=/root/x img', 'log-driver'],
    // host device paths for I/O throttling; a tmpfs made into a bind
    ['run --device-read-bps /dev/../root/x:1mb img', 'device'], ['run --blkio-weight-device /dev/sda:10 img', 'device'],
    ['run --device-write-iops=/dev/sda:5 img', 'device'], ['run --tmpfs /h:bind img', 'tmpfs-bind'], ['run --tmpfs /h:rw,RBIND img', 'tmpfs-bind'],
  ])('docker %s -> %s', (argv, rule) => expect(verdict(argv)).toBe(rule));

  it.each([
    'run --rm img', 'run -v named:/data img', 'run --mount type=volume,src=named,dst=/d img', 'run --tmpfs /run img',
    'run --mount type=tmpfs,dst=/t img', 'run -p 8080:80 img', 'run --network none img', 'run img --privileged',
    'run --name --privileged img', 'run -v /h img', 'run --security-opt no-new-privileges img', 'run --cap-drop ALL img',
    'run --log-driver local --log-opt max-size=10m --log-opt max-file=3 img', 'run --log-opt tag=x --log-opt mode=non-blocking img',
    'run --log-driver=none img', 'run --volume-driver local -v v:/d img', 'run --tmpfs /t:rw,size=64m img',
    'run --mount type=volume,src=t,dst=/t,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=1m img',
  ])('docker %s -> ok', (argv) => expect(verdict(argv)).toBe('ok'));

  it('loosening: logDrivers lists more drivers, `volume create` admits volume plugins, devices admits throttled devices', () => {
    const p = policyOf({ allow: ['run', 'pull', 'volume create'], containers: { logDrivers: ['syslog'], devices: true } });
    expect(verdict('run --log-driver syslog --volume-driver nfs -v v:/d --device-read-bps /dev/sda:1mb img', p)).toBe('ok');
    expect(verdict('run --log-driver json-file img', p)).toBe('log-driver');
    expect(verdict('run --log-driver syslog --log-opt syslog-address=udp://x img', p)).toBe('log-driver');
  });

  it('bind mounts under an allowed directory pass; a symlink there leading out does not', () => {
    const p = policyOf({ allow: ['run', 'pull'], containers: { allowBindMountsUnder: ['/home/ai-worker/work'] } });
    const inv = (argv: string): Decision => decide(parseArgv(split(argv)), p, {
      cwd: '/home/ai-worker/work',
      realpaths: { '/home/ai-worker/work/src': '/home/ai-worker/work/src', '/home/ai-worker/work/link': '/' },
      redirectable: { '/home/ai-worker/work/src': null, '/home/ai-worker/work/link': null },
      lookupDirs: { '/home/ai-worker/work/src': ['/', '/home', '/home/ai-worker', '/home/ai-worker/work'], '/home/ai-worker/work/link': ['/', '/home', '/home/ai-worker', '/home/ai-worker/work'] },
      mountSafety: { '/home/ai-worker/work/src': null, '/home/ai-worker/work/link': null },
      subMounts: { '/home/ai-worker/work/src': null, '/home/ai-worker/work/link': null },
    });
    expect(inv('run -v ./src:/src img').kind).toBe('allowed');
    expect(inv('run -v /home/ai-worker/work/src:/src img').kind).toBe('allowed');
    expect(inv('run -v ./link:/h img')).toMatchObject({ kind: 'refused', rule: 'bind-mount' });
  });
});

describe('default policy: docker compose', () => {
  const fixture = (name: string): unknown =>
    JSON.parse(readFileSync(path.join(__dirname, '../fixtures/compose', `${name}.json`), 'utf8'));
  const withModel = (argv: string, model: unknown): Decision =>
    decide(parseArgv(split(argv)), defaultPolicy(), { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model) });

  it.each([
    ['compose exec web sh', 'back-door'], ['compose cp web:/etc/passwd .', 'back-door'], ['compose attach web', 'back-door'],
    ['compose commit web', 'back-door'], ['compose export web', 'back-door'], ['compose push', 'back-door'],
    ['compose publish x', 'back-door'], ['compose watch', 'back-door'], ['compose down -v', 'back-door'],
    ['compose down --volumes', 'back-door'], ['compose rm -v', 'back-door'], ['compose build --push', 'back-door'],
    ['compose build --builder=evil app', 'build-builder'], ['compose build --builder evil', 'build-builder'],
    ['compose -f x.yml --project-name p exec web sh', 'back-door'], ['-l debug compose exec web sh', 'back-door'],
    ['compose -v exec web sh', 'back-door'], ['compose --dry-run exec web sh', 'back-door'],
    ['compose alpha viz', 'compose-unknown-subcommand'], ['compose frobnicate', 'compose-unknown-subcommand'],
    ['compose run -v /:/h web', 'bind-mount'], ['compose run --cap-add SYS_ADMIN web', 'cap-add'],
    ['compose --bogus up', 'malformed-argv'],
  ])('docker %s -> %s', (argv, rule) => expect(verdict(argv)).toBe(rule));

  it('up/run/create/start need the resolved model: without it they are refused', () => {
    expect(verdict('compose up -d')).toBe('compose-model-unread');
    const d = decide(parseArgv(split('compose up -d')), defaultPolicy(), { ...facts, composeModel: { ok: false, error: 'unknown command: docker compose' } });
    expect(d).toMatchObject({ kind: 'refused', rule: 'compose-model' });
    expect(d.kind === 'refused' && d.reason).toContain('unknown command: docker compose');
  });

  it('a docker command the policy refuses by name is refused through compose too; one merely not allowed is covered by compose', () => {
    const p = policyOf({ allow: ['compose', 'ps'], refuse: { build: 'no builds', kill: 'no kill', pull: 'no pulls', create: 'no containers', logs: 'no logs' } });
    for (const argv of ['compose kill -s KILL', 'compose pull', 'compose build', 'compose up -d', 'compose create', 'compose -p x logs', 'compose up --build -d']) {
      expect(verdict(argv, p), argv).toBe('back-door');
    }
    expect(verdict('compose ps', p)).toBe('ok');
    expect(verdict('compose -p x stop', p)).toBe('ok');
    // The default allows compose and does not list create or kill: compose does their work (kill of
    // the project compose loads, whose containers are then judged).
    const killed = { name: 'p', services: { app: { image: 'app' } } };
    expect(decide(parseArgv(split('compose kill')), defaultPolicy(), { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model: killed }, projectContainers: NO_CONTAINERS })).toMatchObject({ kind: 'allowed' });
    expect(verdict('compose kill')).toBe('compose-model-unread');
    // A service that builds, without --build: the model says compose would build it.
    const onlyBuildRefused = policyOf({ allow: ['compose'], refuse: { build: 'no builds' } });
    const model = { name: 'p', services: { app: { image: 'app', build: { context: '/home/ai-worker/work' } } } };
    const d = decide(parseArgv(split('compose up -d')), onlyBuildRefused, { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model) });
    expect(d).toMatchObject({ kind: 'refused', rule: 'back-door' });
    expect(d.kind === 'refused' && d.reason).toContain('no builds');
    const without = { name: 'p', services: { app: { image: 'app' } } };
    expect(decide(parseArgv(split('compose up -d')), onlyBuildRefused, { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model: without }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(without), networks: modelNetworksAbsent(without) })).toMatchObject({ kind: 'allowed' });
  });

  it('start, restart and rm of a container the policy would not let the caller create are refused (a red-team round: a script in its volume, then restart)', () => {
    const adminjob = { name: 'adminjob', volumes: ['adminscripts'], request: emptyRequest({ hostPaths: [{ source: '/', target: '/host', options: [], origin: 'its bind of / at /host' }] }) };
    const web = { name: 'web', volumes: [], request: emptyRequest({}) };
    const at = (argv: string, targetContainers?: Facts['targetContainers']): Decision =>
      decide(parseArgv(split(argv)), defaultPolicy(), { cwd: '/w', realpaths: {}, userNetworks: { ok: true, names: [] }, ...(targetContainers ? { targetContainers } : {}) });
    // stop too: the daemon removes a container made with --rm once stopped (red-team round 21)
    for (const argv of ['start adminjob', 'restart adminjob', 'restart -t 0 adminjob', 'container restart --time=1 web adminjob', 'rm -f adminjob', 'container rm adminjob', 'stop adminjob', 'container stop -t 0 web adminjob', 'stop --signal=KILL adminjob']) {
      expect(at(argv, { ok: true, containers: [web, adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('acts on the container adminjob, one the policy would not let the caller create') });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
      expect(at(argv, { ok: false, error: 'x' }), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    // argv whose flags the tables do not read names unknown targets: refused, not waved through (found reviewing)
    for (const argv of ['restart --bogus adminjob', 'restart --signal', 'rmi --bogus x', 'container rm --bogus adminjob']) {
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'refused', rule: 'malformed-argv' });
    }
    // help acts on nothing
    for (const argv of ['rm --help', 'restart -h adminjob', 'stop --help adminjob']) expect(at(argv), argv).toMatchObject({ kind: 'allowed' });
    // a build that names its image replaces what the containers made from that name run when recreated
    for (const argv of ['build -t admin/tool:1 .', 'build --tag=x -t admin/tool:1 .', 'builder build -t admin/tool:1 .']) {
      expect(at(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the build would replace the image it was created from') });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    for (const argv of ['build .', 'build -t x --help .']) expect(at(argv), argv).toMatchObject({ kind: 'allowed' });
    // --output type=image|docker|moby,name=… is a tag by another spelling; --pull and a platform
    // make the build pull and tag base images the Dockerfile names (a red-team round)
    for (const argv of ['build --output type=image,name=admin/tool:1 .', 'build -o type=docker,"name=x,admin/tool:1" .', 'build --pull .', 'build --platform linux/arm64 -t mine .']) {
      expect(at(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the build would replace the image it was created from') });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    expect(containerTargets('image build', ['-o', 'type=local,dest=out,name=x', '.'])).toEqual({ kind: 'created-from', images: [] });
    expect(containerTargets('image build', ['--pull', '-t', 'a', '.'])).toEqual({ kind: 'created-from', images: ['a'], baseImages: true });
    // a platform the image here may not have: the daemon says "No such image" and docker pulls it
    for (const argv of ['run --platform linux/arm64 admin/tool:1', 'run --pull missing --platform=linux/arm64 admin/tool:1']) {
      expect(at(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    expect(at('run --pull never --platform linux/arm64 admin/tool:1')).toMatchObject({ kind: 'allowed' });
    const withDefaultPlatform = (argv: string, targetContainers?: Facts['targetContainers']): Decision =>
      decide(parseArgv(split(argv)), defaultPolicy(), { cwd: '/w', realpaths: {}, defaultPlatform: true, ...(targetContainers ? { targetContainers } : {}) });
    for (const argv of ['run admin/tool:1', 'build .']) {
      expect(withDefaultPlatform(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container' });
      expect(withDefaultPlatform(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    // rmi frees the name: whoever recreates the container then runs whatever the name gets next
    for (const argv of ['rmi admin/tool:1', 'image rm -f admin/tool:1']) {
      expect(at(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the removal would free the name of the image it was created from') });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
    }
    // a pull replaces the name with whatever the registry serves under it (a registry namespace
    // the caller controls, say); by digest it tags nothing
    // run pulls when the daemon says "No such image" (the default, missing): a name may be gone while
    // a container made from it remains (a red-team round freed one, then ran it)
    for (const argv of ['pull admin/tool:1', 'image pull -q admin/tool:1', 'pull -a admin/tool', 'run --pull always admin/tool:1', 'container run --pull=always --rm admin/tool:1', 'run admin/tool:1', 'run --pull missing admin/tool:1']) {
      expect(at(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the pull would replace the image it was created from with whatever the registry serves under that name') });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    // official images are not the caller's to publish: pulling postgres:16 stays allowed while an administrator's container runs it
    for (const argv of ['pull admin/tool@sha256:' + 'a'.repeat(64), 'pull --help admin/tool:1', 'run --pull never admin/tool:1', 'run --pull always --help admin/tool:1',
      'pull postgres:16', 'pull docker.io/library/postgres:16', 'pull -a postgres', 'run --pull always postgres:16']) {
      expect(at(argv), argv).toMatchObject({ kind: 'allowed' });
    }
    expect(at('pull --bogus admin/tool:1', { ok: true, containers: [web] })).toMatchObject({ kind: 'refused', rule: 'malformed-argv' });
    // prunes remove every stopped container, and the caller may stop any first (red-team round 20): every container is judged (`container prune` is not in the default allow list)
    expect(containerTargets('system prune', ['-af'])).toEqual({ kind: 'pruned', unusedImages: true });
    expect(containerTargets('system prune', ['-f'])).toEqual({ kind: 'pruned' });
    for (const argv of ['system prune -af', 'system prune --volumes=false -f', 'system prune --filter until=1h -f']) {
      expect(at(argv, { ok: true, containers: [web, adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container' });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
  });

  it('a compose build of an image name a container the caller could not create was made from is refused, as build -t is', () => {
    const adminjob = { name: 'adminjob', volumes: [], request: emptyRequest({ privileged: true }) };
    const web = { name: 'web', volumes: [], request: emptyRequest({}) };
    const model = { name: 'proj', services: { tool: { image: 'admin/tool:1', build: { context: '/w' } }, db: { image: 'postgres:16' } } };
    const at = (argv: string, targetContainers?: Facts['targetContainers']): Decision => decide(parseArgv(split(argv)), defaultPolicy(), {
      cwd: '/w', realpaths: { '/w': '/w' }, composeModel: { ok: true, model }, volumes: {}, projectContainers: NO_CONTAINERS, ...(targetContainers ? { targetContainers } : {}),
    });
    for (const argv of ['compose build', 'compose build tool', 'compose up -d', 'compose up -d --build', 'compose create', 'compose run --rm tool']) {
      expect(at(argv, { ok: true, containers: [web, adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringMatching(/may (build|build or pull) images named admin\/tool:1 \(service tool\), and the container adminjob was made from one of those names/) });
      expect(at(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
      expect(at(argv, { ok: false, error: 'x' }), argv).toMatchObject({ kind: 'refused', rule: 'compose-containers' });
    }
    // nothing built: nothing asked
    for (const argv of ['compose up -d --no-build --pull never', 'compose build --help', 'compose ps']) expect(at(argv), argv).toMatchObject({ kind: 'allowed' });
    // pulled: by compose pull, --pull always, or a pull_policy that refreshes a present image
    const pulling = { name: 'proj', services: { tool: { image: 'admin/tool:1' }, refreshed: { image: 'admin/tool:1', pull_policy: 'always' }, db: { image: 'postgres:16' } } };
    const withPulls = (argv: string, targetContainers?: Facts['targetContainers'], m: unknown = pulling): Decision => decide(parseArgv(split(argv)), defaultPolicy(), {
      cwd: '/w', realpaths: {}, composeModel: { ok: true, model: m }, volumes: {}, projectContainers: NO_CONTAINERS, ...(targetContainers ? { targetContainers } : {}),
    });
    for (const argv of ['compose pull', 'compose pull tool', 'compose pull --policy always', 'compose up -d', 'compose up -d --pull always', 'compose run --rm tool', 'compose scale tool=2']) {
      expect(withPulls(argv, { ok: true, containers: [web, adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('may pull images named admin/tool:1 (service') });
      expect(withPulls(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(withPulls(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    expect(decide(parseArgv(split('compose pull')), defaultPolicy(), { cwd: '/w', realpaths: {} })).toMatchObject({ kind: 'refused', rule: 'compose-model-unread' });
    // a service named on the command line narrows the names asked about (replaced-images.test); with
    // only official images left, nothing is asked
    const narrowed = { name: 'proj', services: { app: { image: 'postgres:16', depends_on: { db: {} } }, db: { image: 'redis:7' }, tool: { image: 'admin/tool:1' } } };
    for (const argv of ['compose pull app', 'compose up -d app']) expect(withPulls(argv, undefined, narrowed), argv).toMatchObject({ kind: 'allowed' });
    expect(withPulls('compose pull tool', undefined, narrowed)).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    // a build context naming a service the model does not have (an inactive profile's): compose builds it anyway
    const hidden = { name: 'proj', services: { app: { image: 'mine:1', build: { context: '/w', additional_contexts: { base: 'service:hidden' } } } } };
    expect(withPulls('compose build app', { ok: true, containers: [web] }, hidden)).toMatchObject({ kind: 'refused', rule: 'compose-model', reason: expect.stringContaining('takes the service "hidden" as a context') });
    // a service of an inactive profile is left out of `config`, but `pull tool` pulls it (a red-team round)
    for (const argv of ['compose pull ghost', 'compose pull --ignore-buildable ghost', 'compose down --rmi all ghost']) {
      expect(withPulls(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'refused', rule: 'compose-model', reason: expect.stringContaining('service "ghost" is named on the command line but is not in compose\'s resolved model') });
    }
    // down --rmi frees the names it removes: all (every service image) or local (those without an image)
    for (const argv of ['compose down --rmi all', 'compose down --rmi=all -v=false']) {
      expect(withPulls(argv, { ok: true, containers: [adminjob] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('may remove images named admin/tool:1') });
      expect(withPulls(argv, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
    }
    expect(withPulls('compose down --rmi local')).toMatchObject({ kind: 'allowed' });
    expect(decide(parseArgv(split('compose -p adminproj down --rmi all')), defaultPolicy(), { cwd: '/w', realpaths: {}, projectContainers: NO_CONTAINERS })).toMatchObject({ kind: 'refused', rule: 'compose-model', reason: expect.stringContaining('name the compose file') });
    // a build that may pull base images the Dockerfile names: any replaceable name counts
    const building = { name: 'proj', services: { app: { image: 'proj-app', build: { context: '/w' } } } };
    for (const argv of ['compose build --pull', 'compose up -d --build']) {
      const m = argv.includes('--pull') ? building : { name: 'proj', services: { app: { image: 'proj-app', build: { context: '/w', pull: true } } } };
      expect(withPulls(argv, { ok: true, containers: [adminjob] }, m), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the base images its builds may pull') });
      expect(withPulls(argv, { ok: true, containers: [web] }, m), argv).toMatchObject({ kind: 'allowed' });
    }
    // missing pulls a name that is gone (asked like the rest); never and build pull nothing; official images are no caller's to publish
    const lazyModel = { name: 'proj', services: { tool: { image: 'admin/tool:1' }, db: { image: 'postgres:16', pull_policy: 'always' } } };
    for (const argv of ['compose up -d', 'compose up -d --pull missing', 'compose pull --policy missing']) {
      expect(withPulls(argv, { ok: true, containers: [adminjob] }, lazyModel), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container' });
    }
    for (const argv of ['compose up -d --pull never', 'compose pull --policy never']) expect(withPulls(argv, undefined, lazyModel), argv).toMatchObject({ kind: 'allowed' });
    const official = { name: 'proj', services: { db: { image: 'postgres:16', pull_policy: 'always' } } };
    for (const argv of ['compose up -d', 'compose pull']) expect(withPulls(argv, undefined, official), argv).toMatchObject({ kind: 'allowed' });
  });

  it('compose start, restart, rm, down, kill and stop of a project with a container the caller could not create are refused', () => {
    const powerful = { name: 'adminproj-job-1', service: 'job', mounts: [], inspected: { name: 'adminproj-job-1', volumes: [], request: emptyRequest({ privileged: true }) } };
    const plain = { name: 'adminproj-web-1', service: 'web', mounts: [], inspected: { name: 'adminproj-web-1', volumes: [], request: emptyRequest({}) } };
    const at = (argv: string, projectContainers?: Facts['projectContainers']): Decision => decide(parseArgv(split(argv)), defaultPolicy(), { cwd: '/w', realpaths: {}, ...(projectContainers ? { projectContainers } : {}) });
    // kill too: a signal other than the container's stop signal leaves the daemon to restart it by its restart policy (red-team round 18, compose's way)
    // and stop: the daemon removes a container `compose run --rm` made once it is stopped (red-team round 21)
    for (const argv of ['compose -p adminproj start', 'compose -p adminproj restart job', 'compose -p adminproj rm -f', 'compose -p adminproj down', 'compose -p adminproj kill', 'compose -p adminproj kill -s HUP job', 'compose -p adminproj stop']) {
      expect(at(argv, { ok: true, project: 'adminproj', containers: [plain, powerful] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the container adminproj-job-1 of project adminproj') });
      expect(at(argv, { ok: true, project: 'adminproj', containers: [plain] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    for (const argv of ['compose -p adminproj ps', 'compose -p adminproj down --help']) expect(at(argv), argv).toMatchObject({ kind: 'allowed' });
    // up, run, scale start the existing containers they do not recreate: `up --no-recreate` all of them, whatever the model says
    const model = { name: 'adminproj', services: { job: { image: 'bb' }, web: { image: 'bb' } } };
    for (const argv of ['compose up -d --no-recreate', 'compose up -d', 'compose up -d -V', 'compose create', 'compose create --force-recreate', 'compose run web', 'compose scale web=2', 'compose kill', 'compose kill -s HUP web']) {
      const withModel = (containers: typeof plain[]) => decide(parseArgv(split(argv)), defaultPolicy(), { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, volumes: {}, projectContainers: { ok: true, project: 'adminproj', containers } });
      expect(withModel([plain, powerful]), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container' });
      expect(withModel([plain]), argv).toMatchObject({ kind: 'allowed' });
    }
  });

  it('image names compare as the daemon stores them', () => {
    for (const [a, b] of [['adminimg', 'docker.io/library/adminimg:latest'], ['adminimg:1', 'docker.io/library/adminimg:1'], ['me/tool', 'docker.io/me/tool:latest'],
      ['registry.local:5000/x/y:2', 'registry.local:5000/x/y:2'], ['localhost/z', 'localhost/z:latest'], ['x@sha256:' + 'a'.repeat(64), 'docker.io/library/x@sha256:' + 'a'.repeat(64)],
      // spellings docker shortens (distribution/reference splitDockerDomain; a red-team round built and pulled through them)
      ['docker.io/adminimg', 'docker.io/library/adminimg:latest'], ['index.docker.io/adminimg', 'docker.io/library/adminimg:latest'],
      ['index.docker.io/library/adminimg:2', 'docker.io/library/adminimg:2'], ['index.docker.io/me/tool', 'docker.io/me/tool:latest'], ['docker.io/me/tool:1', 'docker.io/me/tool:1'],
      ['Me/tool', 'Me/tool:latest'], ['x:1@sha256:' + 'b'.repeat(64), 'docker.io/library/x:1@sha256:' + 'b'.repeat(64)], ['a'.repeat(64), 'a'.repeat(64)]]) {
      expect(normalisedImageName(a!), a).toBe(b);
    }
    // `pull --all-tags` replaces every tag of the repository
    for (const [a, b] of [['adminimg', 'docker.io/library/adminimg'], ['adminimg:1', 'docker.io/library/adminimg'], ['registry.local:5000/x/y:2', 'registry.local:5000/x/y'], ['registry.local:5000/x', 'registry.local:5000/x']]) {
      expect(normalisedRepository(a!), a).toBe(b);
    }
    expect(containerTargets('image pull', ['-a', 'me/tool'])).toEqual({ kind: 'created-from', images: ['me/tool'], sameRepository: true });
    expect(containerTargets('image pull', ['me/tool:1'])).toEqual({ kind: 'created-from', images: ['me/tool:1'] });
  });

  it('annotations go to the OCI runtime unread: refused unless the policy allows unconfined containers (a red-team round named them)', () => {
    const model = { name: 'p', services: { web: { image: 'x', annotations: { 'org.systemd.property.Delegate': 'yes' } } } };
    const at = (policy: Policy): Decision => decide(parseArgv(split('compose up -d')), policy, { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: {} });
    expect(at(defaultPolicy())).toMatchObject({ kind: 'refused', rule: 'annotation', reason: expect.stringContaining('annotations (org.systemd.property.Delegate=yes) passes the annotation') });
    expect(at(policyOf({ allow: ['compose'], containers: { unconfined: true } }))).toMatchObject({ kind: 'allowed' });
    expect(verdict('run --annotation a=b img', policyOf({ allow: ['run', 'pull'], containers: { unconfined: true } }))).toBe('ok');
    const d = decide(parseArgv(split('run --annotation a=b img')), defaultPolicy(), facts);
    expect(d.kind === 'refused' && d.reason).toContain('(policy: containers.unconfined)');
  });

  it('compose carries the mounts of the containers it replaces over: an existing container of the named project with a bind refuses up and create (a red-team round found them allowed)', () => {
    const model = { name: 'adminproj', services: { proxy: { image: 'bb', volumes: [{ type: 'volume', target: '/var/run/docker.sock' }] } } };
    const admin = { ok: true, project: 'adminproj', containers: [{ name: 'adminproj-proxy-1', service: 'proxy', mounts: [{ type: 'bind', source: '/var/run/docker.sock', destination: '/var/run/docker.sock', rw: true }], inspected: { name: 'adminproj-proxy-1', volumes: [], request: emptyRequest({}) } }] } as const;
    const at = (argv: string, projectContainers?: typeof admin | typeof NO_CONTAINERS): Decision =>
      decide(parseArgv(split(argv)), defaultPolicy(), { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model }, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model), ...(projectContainers ? { projectContainers } : {}) });
    // (`compose watch` and `up --watch` inherit too, test/compose/compose-capabilities.test.ts; the
    // default policy refuses them already: watch copies files, `container cp`)
    for (const argv of ['compose up -d', 'compose up -d --force-recreate', 'compose create', 'compose create --force-recreate']) {
      expect(at(argv, admin), argv).toMatchObject({ kind: 'refused', rule: 'docker-socket' });
      expect(at(argv, NO_CONTAINERS), argv).toMatchObject({ kind: 'allowed' });
      // not asked: refused, never assumed empty
      expect(at(argv), argv).toMatchObject({ kind: 'refused', rule: 'compose-containers' });
    }
    // -V/--renew-anon-volumes and --no-recreate carry nothing over; run and scale create without inheriting
    for (const argv of ['compose up -d -V', 'compose up -d --renew-anon-volumes', 'compose up -d --no-recreate', 'compose create --no-recreate', 'compose run proxy', 'compose scale proxy=2', 'compose up --help']) {
      expect(at(argv, admin), argv).toMatchObject({ kind: 'allowed' });
    }
  });

  it('a refusal of a compose subcommand, or of pulling, reaches the subcommands that do the same (a red-team round found them allowed)', () => {
    const withFacts = (argv: string, policy: Policy, model: unknown): Decision =>
      decide(parseArgv(split(argv)), policy, { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model) });
    const builds = { name: 'p', services: { web: { image: 'web', build: { context: '/home/ai-worker/work' } } } };
    const plain = { name: 'p', services: { web: { image: 'web' } } };
    const alwaysPull = { name: 'p', services: { web: { image: 'web', pull_policy: 'always' } } };
    const noComposeBuild = policyOf({ allow: ['compose', 'ps'], refuse: { 'compose build': 'no compose builds' } });
    for (const argv of ['compose up -d --build', 'compose create --build', 'compose run --build web']) {
      expect(withFacts(argv, noComposeBuild, plain), argv).toMatchObject({ kind: 'refused', rule: 'back-door' });
    }
    expect(withFacts('compose up -d', noComposeBuild, builds)).toMatchObject({ kind: 'refused', rule: 'back-door' });
    expect(withFacts('compose up -d --no-build', noComposeBuild, builds)).toMatchObject({ kind: 'allowed' });
    expect(withFacts('compose up -d', noComposeBuild, plain)).toMatchObject({ kind: 'allowed' });
    const noPull = policyOf({ allow: ['compose', 'ps'], refuse: { pull: 'no registry pulls' } });
    for (const argv of ['compose up -d --pull always', 'compose create --pull=always', 'compose run --pull always web']) {
      expect(withFacts(argv, noPull, plain), argv).toMatchObject({ kind: 'refused', rule: 'back-door' });
    }
    expect(withFacts('compose up -d', noPull, alwaysPull)).toMatchObject({ kind: 'refused', rule: 'back-door' });
    expect(withFacts('compose up -d --pull never', noPull, alwaysPull)).toMatchObject({ kind: 'allowed' });
    // compose pulls a missing image by default too (`--pull missing`, or no pull_policy), and a
    // build pulls its base images: only `--pull never` (or `pull_policy: never`) and no build pass.
    for (const [argv, model] of [['compose up -d --pull missing', plain], ['compose up -d', plain], ['compose create', plain], ['compose run web', plain],
      ['compose scale web=2', plain], ['compose up -d --pull never', builds], ['compose build', plain], ['compose build web', builds],
      ['compose up -d', { name: 'p', services: { web: { image: 'web', pull_policy: 'daily' } } }]] as const) {
      expect(withFacts(argv, noPull, model), argv).toMatchObject({ kind: 'refused', rule: 'back-door' });
    }
    expect(withFacts('compose up -d', noPull, plain)).toMatchObject({ reason: expect.stringContaining('no `pull_policy`: compose\'s default, `missing`') });
    expect(withFacts('compose up -d --pull never', noPull, builds)).toMatchObject({ reason: expect.stringContaining('a build pulls the base images it does not have, and `image pull`: no registry pulls') });
    // --pull replaces every service's pull_policy (cmd/compose/create.go Apply); an image volume is pulled whatever they say
    const neverPulls = { name: 'p', services: { web: { image: 'web', pull_policy: 'never' } } };
    const imageVolume = { name: 'p', services: { web: { image: 'web', pull_policy: 'never', volumes: [{ type: 'image', source: 'evil/payload', target: '/p' }] } } };
    for (const [argv, model] of [['compose up -d --pull missing', neverPulls], ['compose up -d --pull if_not_present', neverPulls], ['compose create --pull missing', neverPulls],
      ['compose run --pull missing web', neverPulls], ['compose up -d --pull NEVER', neverPulls], ['compose up -d', imageVolume], ['compose up -d --pull never', imageVolume]] as const) {
      expect(withFacts(argv, noPull, model), argv).toMatchObject({ kind: 'refused', rule: 'back-door' });
    }
    expect(withFacts('compose up -d --pull missing', noPull, neverPulls)).toMatchObject({ reason: expect.stringContaining('`--pull missing` makes compose pull the service images that are not here') });
    expect(withFacts('compose up -d --pull never', noPull, imageVolume)).toMatchObject({ reason: expect.stringContaining('a volume of type `image` ("evil/payload")') });
    expect(withFacts('compose up -d --pull build --no-build', noPull, plain)).toMatchObject({ kind: 'allowed' });
    // asking the registry for digests is registry traffic by the daemon, if not a download
    for (const argv of ['compose config --resolve-image-digests', 'compose config --lock-image-digests']) {
      expect(withFacts(argv, noPull, plain), argv).toMatchObject({ kind: 'refused', rule: 'back-door' });
      expect(withFacts(argv, defaultPolicy(), plain), argv).toMatchObject({ kind: 'allowed' });
    }
    expect(withFacts('compose config', noPull, plain)).toMatchObject({ kind: 'allowed' });
    for (const [argv, model] of [['compose up -d --pull never', plain], ['compose create --pull never', plain], ['compose run --pull never web', plain],
      ['compose up -d --pull never --no-build', builds], ['compose up -d', { name: 'p', services: { web: { image: 'web', pull_policy: 'never' } } }],
      ['compose ps', plain], ['compose down', plain]] as const) {
      expect(withFacts(argv, noPull, model), argv).toMatchObject({ kind: 'allowed' });
    }
    const noCreate = policyOf({ allow: ['compose', 'ps', 'exec', 'cp'], refuse: { create: 'containers are made with docker run only' } });
    expect(withFacts('compose watch', noCreate, plain)).toMatchObject({ kind: 'refused', rule: 'back-door' });
    expect(withFacts('compose watch --no-up', noCreate, plain)).toMatchObject({ kind: 'allowed' });
    // The default policy refuses none of these by name.
    for (const argv of ['compose up -d --build', 'compose up -d --pull always', 'compose create --build']) {
      expect(withFacts(argv, defaultPolicy(), builds), argv).toMatchObject({ kind: 'allowed' });
    }
  });

  it('a build cache written to a host directory is image save, in the model as with build --cache-to', () => {
    const model = { name: 'p', services: { web: { image: 'web', build: { context: '/home/ai-worker/work', cache_to: ['type=local,dest=/tmp/cache'] } } } };
    expect(withModel('compose build', model)).toMatchObject({ kind: 'refused', rule: 'back-door' });
    const inline = { name: 'p', services: { web: { image: 'web', build: { context: '/home/ai-worker/work', cache_to: ['type=inline'] } } } };
    expect(withModel('compose build', inline)).toMatchObject({ kind: 'allowed' });
  });

  it('reads, stops and lists without a model', () => {
    // (compose pull reads the model: the images it pulls may replace names existing containers were made from)
    for (const argv of ['compose ps', 'compose logs -f', 'compose ls', 'compose config', 'compose images', 'compose pull --policy never', 'compose version', '--help compose', 'compose -p p stop', 'compose -p p down']) {
      expect(verdict(argv), argv).toBe('ok');
    }
  });

  it.each([
    ['escape-privileged', 'privileged'], ['escape-bind-root', 'bind-mount'], ['escape-bind-long-syntax', 'bind-mount'],
    ['escape-volume-driver-opts-bind', 'bind-mount'], ['escape-cap-add', 'cap-add'], ['escape-devices', 'device'],
    ['escape-pid-host', 'host-namespace'], ['escape-network-mode-host', 'host-namespace'], ['escape-userns-host', 'host-namespace'],
    ['escape-security-opt-unconfined', 'security-opt'], ['escape-cgroup-parent', 'cgroup-parent'], ['escape-volumes-from', 'volumes-from'],
    ['escape-post-start-hook', 'compose-hook'], ['escape-pre-stop-hook', 'compose-hook'], ['escape-provider-service', 'compose-provider'],
    ['escape-develop-watch', 'compose-watch'], ['escape-bind-docker-socket', 'docker-socket'],
  ])('compose up with the model %s -> %s', (name, rule) => {
    // Attached, `up` offers a menu that turns watch on; detached it does not watch.
    const argv = name === 'escape-develop-watch' ? 'compose up' : 'compose up -d';
    expect(withModel(argv, fixture(name))).toMatchObject({ kind: 'refused', rule });
  });

  it('-y lets compose delete a volume whose configuration changed: that is volume rm', () => {
    const model = { name: 'demo', services: { web: { image: 'x', volumes: [{ type: 'volume', source: 'db', target: '/d' }] } }, volumes: { db: { name: 'demo_db' } } };
    const at = (argv: string): Decision => decide(parseArgv(split(argv)), defaultPolicy(), {
      cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, stdinAnswers: false,
      volumes: { demo_db: { exists: true, usedBy: [], driver: 'local', options: {}, labels: { 'com.docker.compose.config-hash': 'older' } } },
    });
    expect(at('compose up -d')).toMatchObject({ kind: 'allowed' });
    expect(at('compose up -d -y')).toMatchObject({ kind: 'refused', rule: 'back-door' });
    expect(at('compose create --yes')).toMatchObject({ kind: 'refused', rule: 'back-door' });
  });

  it('`up --watch` is refused before the model is looked at: watch copies files into containers', () => {
    expect(withModel('compose up --watch', fixture('allowed-named-volume'))).toMatchObject({ kind: 'refused', rule: 'back-door' });
  });

  it.each(['allowed-named-volume', 'allowed-tmpfs', 'allowed-ports'])('compose up with the model %s -> ok', (name) => {
    expect(withModel('compose up -d', fixture(name))).toMatchObject({ kind: 'allowed', command: 'compose up' });
  });

  it('a bind under a directory the policy allows passes; its real path decides', () => {
    const p = policyOf({ allow: ['compose'], containers: { allowBindMountsUnder: ['/home/dev/demo'] } });
    const model = fixture('allowed-typical-app');
    const at = (real: string): Decision => decide(parseArgv(split('compose up -d')), p, {
      cwd: '/home/dev/demo', realpaths: { '/home/dev/demo/uploads': real }, redirectable: { '/home/dev/demo/uploads': null },
      lookupDirs: { '/home/dev/demo/uploads': ['/', '/home', '/home/dev', '/home/dev/demo'] }, mountSafety: { '/home/dev/demo/uploads': null }, subMounts: { '/home/dev/demo/uploads': null },
      composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model),
    });
    expect(at('/home/dev/demo/uploads')).toMatchObject({ kind: 'allowed' });
    expect(at('/etc')).toMatchObject({ kind: 'refused', rule: 'bind-mount' });
  });
});

// Each case below kills a mutant that survived a mutation run over the decision core (a change of
// the source that no test noticed); the comment names what the mutant did.
describe('cases a mutation run found untested', () => {
  const withModel = (argv: string, model: unknown, policy: Policy = defaultPolicy(), extra: object = {}): Decision =>
    decide(parseArgv(split(argv)), policy, { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model), ...extra });

  it('create gets the container checks as run does (a mutant checked run only)', () => {
    const p = policyOf({ allow: ['create', 'run', 'pull'] });
    expect(verdict('create --privileged img', p)).toBe('privileged');
    expect(verdict('container create -v /:/h img', p)).toBe('bind-mount');
  });

  it('a refuse entry for one compose subcommand refuses it (a mutant skipped the permission check)', () => {
    expect(verdict('compose logs', policyOf({ allow: ['compose'], refuse: { 'compose logs': 'no logs' } }))).toBe('refused-command');
  });

  it('a service that builds is refused while something outside argv picks another builder (a mutant dropped the fact)', () => {
    const model = { name: 'p', services: { app: { image: 'app', build: { context: '/home/ai-worker/work' } } } };
    expect(withModel('compose build', model, defaultPolicy(), { buildEnvironment: 'BUILDX_BUILDER=x is set' })).toMatchObject({ kind: 'refused', rule: 'build-builder' });
    expect(withModel('compose up -d --build', model, defaultPolicy(), { buildEnvironment: 'BUILDX_BUILDER=x is set' })).toMatchObject({ kind: 'refused', rule: 'build-builder' });
  });

  it('build --cache-to type=local is image save, not push (a mutant read it as push)', () => {
    expect(verdict('build --cache-to type=local,dest=/tmp/c .', policyOf({ allow: ['build', 'pull', 'push'], refuse: {} }))).toBe('back-door');
    expect(verdict('build --cache-to type=local,dest=/tmp/c .', policyOf({ allow: ['build', 'pull', 'save'], refuse: {} }))).toBe('ok');
  });

  it('the first --mount that names a volume plugin counts, after mounts that name none (a mutant kept an undefined first)', () => {
    expect(verdict('run --mount type=tmpfs,dst=/t --mount type=volume,src=v,dst=/d,volume-driver=evil img')).toBe('volume-driver');
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-driver=local img')).toBe('ok');
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-driver= img')).toBe('ok');
    expect(verdict('run --volume-driver= img')).toBe('ok');
  });

  it('local volume options: a bind of /etc through volume-driver=local, and proc or sysfs, are refused; size is not', () => {
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-driver=local,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img')).toBe('bind-mount');
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-opt=type=proc img')).toBe('volume-options');
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-opt=type=sysfs img')).toBe('volume-options');
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-opt=type=tmpfs,volume-opt=o=size=10m img')).toBe('ok');
  });

  it('help given first and then cancelled by a leaf token: only a real --help=false or -h=0 cancels it (mutants read any `h=0` token)', () => {
    expect(verdict('-h container ls --help=false')).toBe('ok');
    expect(verdict('-h container ls -h=0')).toBe('ok');
    for (const argv of ['-h container ls h=0', '-h container ls xh=0', '-h container ls -a=0', '-h container ls --depth=0']) {
      expect(verdict(argv), argv).toBe('not-allowed');
    }
  });

  it('watch rules that copy (sync, sync+restart, sync+exec) need container cp (mutants dropped one spelling)', () => {
    for (const action of ['sync', 'sync+restart', 'sync+exec']) {
      const model = { name: 'p', services: { app: { image: 'app', develop: { watch: [{ action, path: '/home/ai-worker/work/src', target: '/app' }] } } } };
      expect(withModel('compose up', model), action).toMatchObject({ kind: 'refused', rule: 'compose-watch' });
      expect(withModel('compose up', model, policyOf({ allow: ['compose', 'exec'], refuse: {} })), action).toMatchObject({ kind: 'refused', rule: 'compose-watch' });
    }
  });

  it('a service build network: host, another container and a network that exists are refused; default, none and bridge pass', () => {
    const withNet = (network: string) => ({ name: 'p', services: { app: { image: 'app', build: { context: '/home/ai-worker/work', network } } } });
    expect(withModel('compose build', withNet('container:other'), policyOf({ allow: ['compose'] }))).toMatchObject({ kind: 'refused', rule: 'build-network' });
    expect(withModel('compose build', withNet('mynet'))).toMatchObject({ kind: 'refused', rule: 'join-network' });
    expect(withModel('compose build', withNet('mynet'), policyOf({ allow: ['compose'], containers: { joinNetworks: true } }))).toMatchObject({ kind: 'allowed' });
    expect(withModel('compose build', withNet('ns:/proc/1/ns/net'))).toMatchObject({ kind: 'refused', rule: 'build-network' });
    for (const net of ['default', 'none', 'bridge', '']) expect(withModel('compose build', withNet(net)), net).toMatchObject({ kind: 'allowed' });
  });

  it('a service build cache sent to a registry is image push', () => {
    const model = { name: 'p', services: { app: { image: 'app', build: { context: '/home/ai-worker/work', cache_to: ['type=registry,ref=r/x'] } } } };
    expect(withModel('compose build', model)).toMatchObject({ kind: 'refused', rule: 'back-door' });
  });
});

describe('more cases the mutation run found untested', () => {
  const withModel = (argv: string, model: unknown, policy: Policy = defaultPolicy()): Decision =>
    decide(parseArgv(split(argv)), policy, { cwd: '/home/ai-worker/work', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model) });
  const rule = (d: Decision): string => (d.kind === 'allowed' ? 'ok' : d.rule);

  it('an empty volume-driver is the local driver: a bind of /etc through its options is refused', () => {
    expect(verdict('run --mount type=volume,src=v,dst=/d,volume-driver=,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img')).toBe('bind-mount');
  });

  it('mount options docker accepts pass, values docker rejects are malformed', () => {
    for (const argv of ['run --mount type=volume,src=v,dst=/d,volume-nocopy img', 'run --mount type=volume,src=v,dst=/d,volume-nocopy=true img',
      'run --mount type=image,src=alpine,dst=/i,image-subpath=/etc img']) expect(verdict(argv), argv).toBe('ok');
    for (const argv of ['run --mount type=volume,src=v,dst=/d,volume-nocopy=junk img', 'run --mount type=volume,src=v,dst=/d,image-subpath=/x img',
      'run --mount type=volume,src=v,dst=/d,tmpfs-size=1m img']) expect(verdict(argv), argv).toBe('malformed-argv');
  });

  it('help stays on unless a real help flag turns it off (then docker shows a plugin docker-ls its help)', () => {
    for (const argv of ['-h container ls -- --help=false', '-h container ls --all', 'container ls -Ah']) expect(verdict(argv), argv).toBe('not-allowed');
    expect(verdict('container --help', policyOf({ globalFlags: [] }))).toBe('ok');
    expect(verdict('__completeNoDesc compose ps x')).toBe('ok');
  });

  it('policy sections of the wrong type are errors', () => {
    for (const text of ['{"users":["*"],"allow":["container"],"refuse":5}', '{"users":["*"],"containers":[]}', '{"users":[""]}']) {
      const p = parsePolicy(text);
      expect(p.ok, text).toBe(false);
    }
  });

  it('a service that asks for models is served by a provider docker-guard does not model', () => {
    expect(rule(withModel('compose up -d', { name: 'p', services: { app: { image: 'app', models: ['llm'] } } }))).toBe('compose-provider');
    expect(rule(withModel('compose up -d', { name: 'p', services: { app: { image: 'app', models: [] } } }))).toBe('ok');
  });

  it('volumes_from brings the other service along: its settings are checked', () => {
    const model = { name: 'p', services: { web: { image: 'web', volumes_from: ['db'] }, db: { image: 'db', privileged: true } } };
    expect(rule(withModel('compose up -d web', model, policyOf({ allow: ['compose'], containers: { volumesFrom: true } })))).toBe('privileged');
  });

  it('networks: a bridge named after a host interface is refused; plain bridges, overlays and safe options are not', () => {
    const net = (driver: string, opts?: Record<string, string>) => ({ name: 'p', services: { app: { image: 'app', networks: { n: null } } }, networks: { n: { driver, ...(opts ? { driver_opts: opts } : {}) } } });
    expect(rule(withModel('compose up -d', net('bridge', { 'com.docker.network.bridge.name': 'docker0' })))).toBe('compose-network');
    for (const [driver, opts] of [['bridge', undefined], ['bridge', { 'com.docker.network.driver.mtu': '1400' }], ['overlay', undefined], ['overlay', { 'com.docker.network.driver.mtu': '1400' }]] as const) {
      expect(rule(withModel('compose up -d', net(driver, opts))), `${driver} ${JSON.stringify(opts)}`).toBe('ok');
    }
  });

  it('watch: exec needs container exec, an unknown action is refused', () => {
    const watch = (rule: object) => ({ name: 'p', services: { app: { image: 'app', develop: { watch: [{ path: '/home/ai-worker/work/src', target: '/app', ...rule }] } } } });
    const cpOnly = policyOf({ allow: ['compose', 'cp'], refuse: {} });
    expect(rule(withModel('compose up', watch({ action: 'sync+exec' }), cpOnly))).toBe('compose-watch');
    expect(rule(withModel('compose up', watch({ action: 'rebuild', exec: { command: ['sh'] } }), cpOnly))).toBe('compose-watch');
    expect(rule(withModel('compose up', watch({ action: 'frobnicate' }), policyOf({ allow: ['compose', 'cp', 'exec'], refuse: {} })))).toBe('compose-watch');
    expect(rule(withModel('compose up', watch({ action: 'sync+restart' }), cpOnly))).toBe('ok');
  });

  it('build networks and caches pass where the policy allows them', () => {
    const build = (b: object) => ({ name: 'p', services: { app: { image: 'app', build: { context: '/home/ai-worker/work', ...b } } } });
    expect(rule(withModel('compose build', build({ network: 'container:other' }), policyOf({ allow: ['compose'], containers: { joinContainerNamespaces: true } })))).toBe('ok');
    expect(rule(withModel('compose build', build({ cache_to: ['type=registry,ref=r/x'] }), policyOf({ allow: ['compose', 'push'], refuse: {} })))).toBe('ok');
    expect(rule(withModel('compose build', build({ cache_to: ['type=local,dest=/tmp/c'] }), policyOf({ allow: ['compose', 'save'], refuse: {} })))).toBe('ok');
  });
});

describe('the last security cases of the mutation run', () => {
  const src = '/home/dev/demo/suid';
  const bindFacts = (mountSafety: string | null, subMounts: string | null) => ({
    cwd: '/home/dev/demo', realpaths: { [src]: src }, redirectable: { [src]: null },
    lookupDirs: { [src]: ['/', '/home', '/home/dev', '/home/dev/demo'] }, mountSafety: { [src]: mountSafety }, subMounts: { [src]: subMounts },
  });
  const policy = policyOf({ allow: ['run', 'pull'], containers: { allowBindMountsUnder: ['/home/dev/demo'] } });
  const at = (argv: string, f: object): string => {
    const d = decide(parseArgv(split(argv)), policy, f as never);
    return d.kind === 'allowed' ? 'ok' : d.rule;
  };

  it('a bare bind-nonrecursive is not read-only: a writable bind on a file system without nosuid is refused', () => {
    const f = bindFacts('it is on /home, mounted without nosuid', null);
    expect(at(`run --mount type=bind,src=${src},dst=/d,bind-nonrecursive img`, f)).toBe('bind-mount');
    expect(at(`run --mount type=bind,src=${src},dst=/d,bind-nonrecursive,ro img`, f)).toBe('ok');
  });

  it('what is mounted below a source refuses any bind of it, read-only too', () => {
    const f = bindFacts(null, `${src}/p is mounted below it, a proc file system`);
    expect(at(`run -v ${src}:/d:ro img`, f)).toBe('bind-mount');
    expect(at(`run -v ${src}:/d:ro img`, bindFacts(null, null))).toBe('ok');
  });

  it('build --output type=registry is a push even where saving is allowed', () => {
    expect(verdict('build --output type=registry .', policyOf({ allow: ['build', 'pull', 'save'], refuse: {} }))).toBe('back-door');
  });
});

describe('fidelity and usability cases of the mutation run: what docker rejects is refused, what it accepts passes', () => {
  const up = '/home/dev/demo/uploads';
  const safe = {
    cwd: '/home/dev/demo', realpaths: { [up]: up }, redirectable: { [up]: null }, lookupDirs: { [up]: ['/', '/home', '/home/dev', '/home/dev/demo'] },
    mountSafety: { [up]: null }, subMounts: { [up]: null }, volumes: { v: { exists: false as const } },
  };
  const policy = policyOf({ allow: ['run', 'pull', 'compose'], containers: { allowBindMountsUnder: ['/home/dev/demo'] } });
  const at = (argv: string): string => {
    const d = decide(parseArgv(split(argv)), policy, safe);
    return d.kind === 'allowed' ? 'ok' : d.rule;
  };

  it.each([
    `run --mount type=bind,src=${up},dst=/d,bind-nonrecursive=junk img`,
    `run --mount type=bind,src=${up},dst=/d,bind-recursive=junk img`,
    `run --mount type=bind,src=${up},dst=/d,bind-recursive=writable img`,
    `run --mount type=bind,src=${up},dst=/d,bind-recursive=readonly,bind-propagation=rprivate img`,
    `run --mount type=bind,src=${up},dst=/d,ro,bind-recursive=readonly img`,
    `run -v ${up}:/d:c:ro img`,
    `run -v ${up}:a::ro img`,
  ])('docker rejects %s: refused as malformed', (argv) => expect(at(argv)).toBe('malformed-argv'));

  it.each([
    `run --mount type=bind,src=${up},dst=/d,bind-nonrecursive=true img`,
    `run --mount type=bind,src=${up},dst=/d,bind-recursive=enabled img`,
    `run --mount type=bind,src=${up},dst=/d,ro,bind-recursive=readonly,bind-propagation=rprivate img`,
    `run --mount type=volume,src=v,dst=/d,volume-opt=type=none,volume-opt=device=${up} img`,
    'run --mount type=volume,src=v,dst=/d,ro img',
    'run --mount type=volume,src=v,dst=/d,volume-opt==x img',
    'run --mount type=volume,src=v,dst=/d,volume-opt=type=tmpfs,volume-opt=device= img',
    'compose run --help -v /etc:/x web',
    'run --mount type=volume,src=v,dst=/d,volume-opt=o=size=10m img',
  ])('docker accepts %s: allowed', (argv) => expect(at(argv)).toBe('ok'));

  it('an overlay network takes any driver option; a service build may use an entitlement the policy lists with a value', () => {
    const net = { name: 'p', services: { app: { image: 'app', networks: { n: null } } }, networks: { n: { driver: 'overlay', driver_opts: { 'com.docker.network.bridge.name': 'x' } } } };
    expect(decide(parseArgv(split('compose up -d')), defaultPolicy(), { cwd: '/w', realpaths: {}, composeModel: { ok: true, model: net }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: {}, networks: modelNetworksAbsent(net) })).toMatchObject({ kind: 'allowed' });
    const ent = { name: 'p', services: { app: { image: 'app', build: { context: '/w', entitlements: ['device=/dev/foo'] } } } };
    expect(decide(parseArgv(split('compose build')), policyOf({ build: { entitlements: ['device'] } }), { cwd: '/w', realpaths: {}, composeModel: { ok: true, model: ent }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: {} })).toMatchObject({ kind: 'allowed' });
  });

  it('--tmpfs with an empty path and bind is still a bind', () => {
    expect(verdict('run --tmpfs :bind img')).toBe('tmpfs-bind');
  });

  it('an entitlement the policy lists, with a value; compose down --rmi= and build --builder= name nothing', () => {
    expect(verdict('build --allow device=/dev/foo .', policyOf({ build: { entitlements: ['device'] } }))).toBe('ok');
    expect(verdict('compose -p p down --rmi=', policyOf({ allow: ['compose'] }))).toBe('ok');
    const model = { name: 'p', services: { app: { image: 'app' } } };
    expect(decide(parseArgv(split('compose build --builder=')), defaultPolicy(), { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: {} })).toMatchObject({ kind: 'allowed' });
  });

  it('a short flag cluster with a letter the command lacks is an error docker prints, not help', () => {
    expect(verdict('container ls -zh')).toBe('not-allowed');
  });
});

describe('red-team rounds 16 and 17: networks that exist already, and build settings the build cache does not key on', () => {
  const composeWith = (argv: string, model: unknown, policy: Policy = defaultPolicy()): Decision =>
    decide(parseArgv(split(argv)), policy, { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model) });
  const rule = (d: Decision): string => (d.kind === 'allowed' ? 'ok' : d.rule);
  const join = policyOf({ containers: { joinNetworks: true } });
  const hostsAndProxies = policyOf({ build: { hostsAndProxies: true } });

  it.each([
    'run --network adminnet img', 'run --net=adminnet img', 'container run -d --network adminnet img', 'run --network none --network adminnet img',
    'run --network name=adminnet,alias=api img', 'run -d --network adminnet --network-alias api --name agspy img',
    'run --network 6251fdd8 img', 'container run --network=BRIDGE img', 'build --network adminnet .', 'build --network=adminnet -t x .',
  ])('%s joins a network that exists: refused, allowed under containers.joinNetworks', (argv) => {
    expect(verdict(argv)).toBe('join-network');
    expect(verdict(argv, join)).toBe('ok');
  });

  it.each(['run --network none img', 'run --network bridge img', 'run --network default img', 'run img', 'run --network= img', 'build --network default .'])('%s: allowed', (argv) => {
    expect(verdict(argv)).toBe('ok');
  });

  it('the message names the flag, the network and why', () => {
    const d = decide(parseArgv(split('run --network adminnet --network-alias api img')), defaultPolicy(), { cwd: '/w', realpaths: {} });
    expect(d).toMatchObject({ kind: 'refused', rule: 'join-network' });
    expect(d.kind === 'refused' && d.reason).toMatch(/--network adminnet joins the existing network "adminnet", where the container can answer to the names other containers use/);
    expect(d.kind === 'refused' && d.reason).toMatch(/containers\.joinNetworks/);
  });

  it('compose: an external network, or a network_mode naming one, is joined; a network compose creates is not', () => {
    const ext = { name: 'p', services: { web: { image: 'app', networks: { admin: null } } }, networks: { admin: { name: 'adminnet', external: true } } };
    expect(rule(composeWith('compose up -d', ext))).toBe('join-network');
    expect(rule(composeWith('compose up -d', ext, join))).toBe('ok');
    const mode = { name: 'p', services: { web: { image: 'app', network_mode: 'adminnet' } } };
    expect(rule(composeWith('compose up -d', mode))).toBe('join-network');
    const own = { name: 'p', services: { web: { image: 'app', networks: { default: null } } }, networks: { default: { name: 'p_default' } } };
    expect(rule(composeWith('compose up -d', own))).toBe('ok');
    const extBridge = { name: 'p', services: { web: { image: 'app', networks: { b: null } } }, networks: { b: { name: 'bridge', external: true } } };
    expect(rule(composeWith('compose up -d', extBridge))).toBe('ok');
  });

  it('compose: a network with addresses of its own is network create power (a subnet inside a host route takes its traffic)', () => {
    const withIpam = (ipam: unknown) => ({ name: 'p', services: { web: { image: 'app', networks: { lan: null } } }, networks: { lan: { name: 'p_lan', ipam } } });
    for (const ipam of [{ config: [{ subnet: '10.250.0.64/26' }] }, { config: [{ gateway: '10.250.0.65' }] }, { config: [{ ip_range: '10.0.0.0/24' }] },
      { config: [{ aux_addresses: { a: '10.0.0.5' } }] }, { driver: 'plugin-ipam' }, { options: { foo: 'bar' } }]) {
      expect(rule(composeWith('compose up -d', withIpam(ipam))), JSON.stringify(ipam)).toBe('compose-network');
      expect(rule(composeWith('compose up -d', withIpam(ipam), policyOf({ allow: ['compose', 'network create'] }))), JSON.stringify(ipam)).toBe('ok');
    }
    for (const ipam of [{}, { driver: 'default' }, { config: [] }, { config: [{}] }]) {
      expect(rule(composeWith('compose up -d', withIpam(ipam))), JSON.stringify(ipam)).toBe('ok');
    }
  });

  it.each([
    'build --add-host mirror:172.18.0.3 .', 'build --add-host=mirror=10.0.0.1 .', 'image build --build-arg http_proxy=http://10.0.0.9:3128 .',
    'build --build-arg HTTPS_PROXY .', 'build --build-arg NO_PROXY=* .', 'builder build --build-arg all_proxy=socks5://x .',
  ])('%s: refused (the cache does not key on it), allowed under build.hostsAndProxies', (argv) => {
    expect(verdict(argv)).toBe('build-hosts-proxies');
    expect(verdict(argv, hostsAndProxies)).toBe('ok');
  });

  it('other build args, and a proxy arg name in another case, are keyed: allowed', () => {
    for (const argv of ['build --build-arg VERSION=1 .', 'build --build-arg Http_Proxy=x .', 'build --build-arg PROXY=x .']) expect(verdict(argv), argv).toBe('ok');
  });

  it('compose builds: extra_hosts and proxy args refused; a build network that exists is joined', () => {
    const withBuild = (build: unknown) => ({ name: 'p', services: { app: { image: 'app', build: { context: '/w', ...(build as object) } } } });
    expect(rule(composeWith('compose build', withBuild({ extra_hosts: ['mirror=10.0.0.3'] })))).toBe('build-hosts-proxies');
    expect(rule(composeWith('compose build', withBuild({ extra_hosts: { mirror: ['10.0.0.3'] } })))).toBe('build-hosts-proxies');
    expect(rule(composeWith('compose build', withBuild({ args: { http_proxy: 'http://x:3128' } })))).toBe('build-hosts-proxies');
    expect(rule(composeWith('compose build', withBuild({ args: ['HTTP_PROXY=http://x:3128'] })))).toBe('build-hosts-proxies');
    expect(rule(composeWith('compose build', withBuild({ args: { http_proxy: 'x' } }), policyOf({ allow: ['compose'], build: { hostsAndProxies: true } })))).toBe('ok');
    expect(rule(composeWith('compose build', withBuild({ args: { VERSION: '1' }, extra_hosts: [] })))).toBe('ok');
    expect(rule(composeWith('compose build', withBuild({ network: 'adminnet' })))).toBe('join-network');
  });
});

describe('red-team round 16: a network compose would create may exist already under its name, and compose then uses it', () => {
  const model = { name: 'agproj', services: { db: { image: 'app', networks: { s: null } } }, networks: { s: { name: 'adminsecret' } } };
  const up = (networks: Record<string, NetworkFact> | undefined, policy: Policy = defaultPolicy()): Decision =>
    decide(parseArgv(split('compose up -d')), policy, { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, targetContainers: NO_TARGETS, volumes: {}, ...(networks ? { networks } : {}) });

  it('a network made outside compose, or for another project, is joined: refused unless containers.joinNetworks', () => {
    for (const project of ['', 'adminproj']) {
      const d = up({ adminsecret: { exists: true, project } });
      expect(d).toMatchObject({ kind: 'refused', rule: 'join-network' });
      expect(d.kind === 'refused' && d.reason).toContain(project === '' ? 'made not by compose' : 'made for the compose project "adminproj"');
      expect(up({ adminsecret: { exists: true, project } }, policyOf({ containers: { joinNetworks: true } }))).toMatchObject({ kind: 'allowed' });
    }
  });

  it('one made for this project, or none yet, is the project\'s own; an unanswered question is refused as unread', () => {
    expect(up({ adminsecret: { exists: true, project: 'agproj' } })).toMatchObject({ kind: 'allowed' });
    expect(up({ adminsecret: { exists: false } })).toMatchObject({ kind: 'allowed' });
    expect(up(undefined)).toMatchObject({ kind: 'refused', rule: 'network-unread' });
    expect(up({ other: { exists: false } })).toMatchObject({ kind: 'refused', rule: 'network-unread' });
  });

  it('an external network is not asked about: it is joined by definition', () => {
    const ext = { name: 'agproj', services: { db: { image: 'app', networks: { s: null } } }, networks: { s: { name: 'adminsecret', external: true } } };
    expect(composeNetworkNames(ext)).toEqual([]);
    expect(composeNetworkNames(model)).toEqual(['adminsecret']);
  });
});

describe('red-team rounds 16, 20: system prune removes the user-defined networks no container is attached to (the caller may stop their containers first), whose names anyone may then create again', () => {
  const at = (argv: string, userNetworks: Facts['userNetworks'], policy: Policy = defaultPolicy()): Decision =>
    decide(parseArgv(split(argv)), policy, { cwd: '/w', realpaths: {}, targetContainers: NO_TARGETS, ...(userNetworks ? { userNetworks } : {}) });

  it.each(['system prune -f', 'system prune -af', 'system prune --filter until=1h -f'])('%s: refused while a user-defined network exists, unless the policy allows network rm', (argv) => {
    const d = at(argv, { ok: true, names: ['adminsecret', 'spare'] });
    expect(d).toMatchObject({ kind: 'refused', rule: 'prune-networks' });
    expect(d.kind === 'refused' && d.reason).toContain('the caller may stop the containers of any first: "adminsecret", "spare"');
    expect(at(argv, { ok: true, names: [] })).toMatchObject({ kind: 'allowed' });
    expect(at(argv, { ok: true, names: ['adminsecret'] }, policyOf({ allow: ['system', 'rm', 'rmi', 'network rm'] }))).toMatchObject({ kind: 'allowed' });
    expect(at(argv, undefined)).toMatchObject({ kind: 'refused', rule: 'network-unread' });
    expect(at(argv, { ok: false, error: 'no answer' })).toMatchObject({ kind: 'refused', rule: 'network-unread', reason: expect.stringContaining('(no answer)') });
  });
});

describe('red-team round 19: proxies from config.json reach every build as proxy build args', () => {
  const buildProxies = '/home/a/.docker/config.json sets `proxies`, which the docker client passes to every build as the proxy build args';
  it('a build (docker or compose) is refused while config.json has proxies, unless build.hostsAndProxies', () => {
    const withFacts = (argv: string, policy: Policy, model?: unknown): Decision => decide(parseArgv(split(argv)), policy, {
      cwd: '/w', realpaths: {}, targetContainers: NO_TARGETS, buildProxies,
      ...(model === undefined ? {} : { composeModel: { ok: true as const, model }, projectContainers: NO_CONTAINERS, volumes: {}, networks: modelNetworksAbsent(model) }),
    });
    expect(withFacts('build .', defaultPolicy())).toMatchObject({ kind: 'refused', rule: 'build-hosts-proxies', reason: expect.stringContaining('sets `proxies`') });
    expect(withFacts('build .', policyOf({ build: { hostsAndProxies: true } }))).toMatchObject({ kind: 'allowed' });
    const model = { name: 'p', services: { app: { image: 'p-app', build: { context: '/w' } }, db: { image: 'postgres:16' } } };
    expect(withFacts('compose build', defaultPolicy(), model)).toMatchObject({ kind: 'refused', rule: 'build-hosts-proxies' });
    expect(withFacts('compose build', policyOf({ allow: ['compose'], build: { hostsAndProxies: true } }), model)).toMatchObject({ kind: 'allowed' });
    // a compose command that builds nothing is not concerned
    const noBuild = { name: 'p', services: { db: { image: 'postgres:16' } } };
    expect(withFacts('compose up -d', defaultPolicy(), noBuild)).toMatchObject({ kind: 'allowed' });
  });
});

describe('red-team round 22: a compose volume\'s name is the source compose hands the daemon', () => {
  const withVolume = (top: Record<string, unknown>, source = 'data'): Decision => {
    const model = { name: 'p', services: { a: { image: 'app', volumes: [{ type: 'volume', source, target: '/host', volume: {} }] } }, volumes: { data: top } };
    return decide(parseArgv(split('compose up -d a')), defaultPolicy(), { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, volumes: modelVolumesAbsent(model), networks: modelNetworksAbsent(model) });
  };
  it.each([{ name: '/' }, { name: '/etc' }, { name: '/', external: true }, { name: 'a/b' }, { name: '..' }, { name: '.hidden' }, { name: 'get /: no such volume x' }])('%j: refused', (top) => {
    const d = withVolume(top);
    expect(d).toMatchObject({ kind: 'refused', rule: 'compose-volume' });
    expect(d.kind === 'refused' && d.reason).toContain('is not a volume name docker takes');
  });
  it.each([{ name: 'p_data' }, { name: 'data.v2' }, { name: 'A-1_b' }, {}])('%j: allowed', (top) => {
    expect(withVolume(top)).toMatchObject({ kind: 'allowed' });
  });
});

describe('red-team round 22: an endpoint\'s sysctls driver option is --sysctl by another way in', () => {
  it('run --network …,driver-opt=com.docker.network.endpoint.sysctls=… is judged by the sysctl rule', () => {
    const argv = ['run', '--rm', '--network', 'name=bridge,"driver-opt=com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.forwarding=1"', 'img'];
    const d = decide(parseArgv(argv), defaultPolicy(), facts);
    expect(d).toMatchObject({ kind: 'refused', rule: 'sysctl', reason: expect.stringContaining('driver-opt com.docker.network.endpoint.sysctls=net.ipv4.conf.ifname.forwarding=1') });
    expect(decide(parseArgv(argv), policyOf({ containers: { sysctls: ['net.ipv4.conf.*'] } }), facts)).toMatchObject({ kind: 'allowed' });
    expect(decide(parseArgv(['run', '--rm', '--network', 'name=bridge,driver-opt=com.docker.network.endpoint.ifname=eth7', 'img']), defaultPolicy(), facts)).toMatchObject({ kind: 'allowed' });
  });

  it('compose: a service network attachment\'s driver_opts', () => {
    const model = { name: 'p', services: { a: { image: 'app', networks: { default: { driver_opts: { 'com.docker.network.endpoint.sysctls': 'net.ipv4.conf.IFNAME.route_localnet=1' } } } } }, networks: { default: { name: 'p_default' } } };
    const d = decide(parseArgv(split('compose up -d')), defaultPolicy(), { cwd: '/w', realpaths: {}, composeModel: { ok: true, model }, projectContainers: NO_CONTAINERS, volumes: {}, networks: modelNetworksAbsent(model) });
    expect(d).toMatchObject({ kind: 'refused', rule: 'sysctl', reason: expect.stringContaining('networks.default.driver_opts (com.docker.network.endpoint.sysctls: net.ipv4.conf.IFNAME.route_localnet=1)') });
  });
});
