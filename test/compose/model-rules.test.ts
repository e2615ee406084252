import { posix } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ComposeModelScope } from '../../src/compose/compose-capabilities.js';
import { composeVolumeHash } from '../../src/compose/volume-hash.js';
import { checkComposeModel, composeHostPaths, composeNetworkNames, composeVolumeNames, type ComposeModelOptions } from '../../src/compose/model-rules.js';
import type { PathFacts } from '../../src/container/container-request.js';
import { DEFAULT_CONTAINER_RULES } from '../../src/policy/default-policy.js';
import type { ContainerRules } from '../../src/policy/policy.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compose');
const CWD = '/home/dev/demo';
const RULES: ContainerRules = { ...DEFAULT_CONTAINER_RULES, allowBindMountsUnder: [CWD] };

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

/** Real paths as the edge would report them: every host path is its own real path, unless told. */
function factsFor(model: unknown, realpaths: Record<string, string> = {}): PathFacts {
  const paths = composeHostPaths(model, CWD);
  // The daemon has none of the model's volumes yet: compose would create them.
  const volumes = Object.fromEntries(composeVolumeNames(model).map((n) => [n, { exists: false as const }]));
  const networks = Object.fromEntries(composeNetworkNames(model).map((n) => [n, { exists: false as const }]));
  const redirectable = Object.fromEntries([...paths, ...Object.keys(realpaths)].map((p) => [p, null]));
  const real = { ...Object.fromEntries(paths.map((p) => [p, p])), ...realpaths };
  // A symlink-free walk looks names up in the real path's ancestors.
  const lookupDirs = Object.fromEntries(Object.entries(real).map(([p, r]) => [p, ancestors(r)]));
  const mountSafety = Object.fromEntries(Object.keys(real).map((p) => [p, null]));
  return { cwd: CWD, realpaths: real, redirectable, lookupDirs, mountSafety, subMounts: mountSafety, volumes, networks };
}

function ancestors(p: string): string[] {
  const out: string[] = [];
  for (let d = posix.dirname(p); ; d = posix.dirname(d)) {
    out.unshift(d);
    if (d === '/') return out;
  }
}

function check(name: string, rules: Partial<ContainerRules> = {}, options: ComposeModelOptions = {}, selected: string[] = [], realpaths: Record<string, string> = {}) {
  const model = fixture(name);
  return checkComposeModel(model, { ...RULES, ...rules }, factsFor(model, realpaths), selected, options);
}

const allow = (...caps: string[]) => (c: string): boolean => caps.includes(c);

describe('escape fixtures are refused with the right rule', () => {
  it.each([
    ['escape-privileged', 'privileged'],
    ['escape-bind-root', 'bind-mount'],
    ['escape-bind-long-syntax', 'bind-mount'],
    ['escape-bind-docker-socket', 'docker-socket'],
    ['escape-bind-propagation', 'mount-propagation'],
    ['escape-volume-driver-opts-bind', 'bind-mount'],
    ['escape-volume-driver-opts-unused', 'bind-mount'],
    ['escape-volume-driver-opts-device', 'compose-volume'],
    ['escape-volume-plugin-driver', 'compose-volume'],
    ['escape-volume-driver-opts-proc', 'compose-volume'],
    ['escape-logging-syslog', 'log-driver'],
    ['escape-logging-options', 'log-driver'],
    ['escape-blkio-device', 'device'],
    ['escape-tmpfs-bind', 'tmpfs-bind'],
    ['escape-cap-add', 'cap-add'],
    ['escape-devices', 'device'],
    ['escape-device-cgroup-rules', 'device'],
    ['escape-gpus', 'gpus'],
    ['escape-pid-host', 'host-namespace'],
    ['escape-ipc-host', 'host-namespace'],
    ['escape-uts-host', 'host-namespace'],
    ['escape-userns-host', 'host-namespace'],
    ['escape-cgroup-host', 'host-namespace'],
    ['escape-pid-service', 'container-namespace'],
    ['escape-network-mode-host', 'host-namespace'],
    ['escape-network-mode-service', 'container-namespace'],
    ['escape-network-external-host', 'host-namespace'],
    ['escape-network-macvlan', 'compose-network'],
    ['escape-security-opt-unconfined', 'security-opt'],
    ['escape-cgroup-parent', 'cgroup-parent'],
    ['escape-runtime', 'runtime'],
    ['escape-sysctls', 'sysctl'],
    ['escape-volumes-from', 'volumes-from'],
    ['escape-use-api-socket', 'api-socket'],
    ['escape-post-start-hook', 'compose-hook'],
    ['escape-pre-stop-hook', 'compose-hook'],
    ['escape-pre-start-hook', 'compose-hook'],
    ['escape-provider-service', 'compose-provider'],
    ['escape-models', 'compose-provider'],
    ['escape-develop-watch', 'compose-watch'],
    ['escape-secrets-file', 'bind-mount'],
    ['escape-configs-file', 'bind-mount'],
    ['escape-build-network-host', 'build-host-network'],
    ['escape-build-privileged', 'build-entitlement'],
    ['escape-build-entitlements', 'build-entitlement'],
    ['escape-unknown-key', 'compose-model'],
  ])('%s -> %s', (name, rule) => expect(check(name)?.rule).toBe(rule));

  it('ports are refused only when the policy refuses publishing', () => {
    expect(check('escape-ports')).toBeUndefined();
    expect(check('escape-ports', { publishPorts: false })?.rule).toBe('publish');
    expect(check('allowed-ports', { publishPorts: false })?.reason).toBe(
      'service "web": ports[0] (127.0.0.1:8080:80/tcp) publishes a container port on the host: publishing ports is not allowed',
    );
  });

  it('a `$` path is checked as compose mounts it (config prints `$$`): the symlink link$root -> / is caught', () => {
    const v = check('escape-dollar-symlink', {}, {}, [], { '/home/dev/demo/link$root': '/' });
    expect(v?.rule).toBe('bind-mount');
    expect(v?.reason).toContain('/home/dev/demo/link$root');
    expect(v?.reason).toContain('(really /)');
    expect(composeHostPaths(fixture('escape-dollar-symlink'), CWD)).toEqual(['/home/dev/demo/link$root']);
  });

  it('every escape fixture has a row in the table above, and every fixture is listed in the README', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    for (const f of files) {
      expect(source.includes(`'${f}'`), f).toBe(true);
      expect(readme.includes(f), f).toBe(true);
    }
  });
});

describe('the same fixtures pass once the policy allows exactly that power', () => {
  it.each([
    ['escape-privileged', { privileged: true }, {}],
    // /etc's entries may be bound once / is allowed (an allowed directory's own entries, not itself).
    ['escape-bind-long-syntax', { allowBindMountsUnder: [CWD, '/'] }, {}],
    ['escape-bind-propagation', { mountPropagation: true }, {}],
    ['escape-volume-driver-opts-bind', { allowBindMountsUnder: [CWD, '/'] }, {}],
    ['escape-volume-plugin-driver', {}, { allowed: allow('volume create') }],
    ['escape-cap-add', { capAdd: ['SYS_ADMIN'] }, {}],
    ['escape-devices', { devices: true }, {}],
    ['escape-device-cgroup-rules', { devices: true }, {}],
    ['escape-gpus', { gpus: true }, {}],
    ['escape-pid-host', { hostNamespaces: ['pid'] }, {}],
    ['escape-ipc-host', { hostNamespaces: ['ipc'] }, {}],
    ['escape-uts-host', { hostNamespaces: ['uts'] }, {}],
    ['escape-userns-host', { hostNamespaces: ['userns'] }, {}],
    ['escape-cgroup-host', { hostNamespaces: ['cgroupns'] }, {}],
    ['escape-pid-service', { joinContainerNamespaces: true }, {}],
    ['escape-network-mode-host', { hostNamespaces: ['network'] }, {}],
    ['escape-network-mode-service', { joinContainerNamespaces: true }, {}],
    ['escape-network-external-host', { hostNamespaces: ['network'] }, {}],
    ['escape-network-macvlan', {}, { allowed: allow('network create') }],
    ['escape-security-opt-unconfined', { unconfined: true }, {}],
    ['escape-cgroup-parent', { cgroupParent: true }, {}],
    ['escape-runtime', { runtimes: ['nvidia'] }, {}],
    ['escape-sysctls', { sysctls: ['kernel.*'] }, {}],
    ['escape-volumes-from', { volumesFrom: true }, {}],
    ['escape-use-api-socket', { apiSocket: true }, {}],
    // Its hook is privileged: `exec --privileged` needs containers.privileged as well.
    ['escape-post-start-hook', { privileged: true }, { allowed: allow('container exec') }],
    ['escape-pre-stop-hook', {}, { allowed: allow('container exec') }],
    ['escape-develop-watch', {}, { allowed: allow('container cp') }],
    ['escape-secrets-file', { allowBindMountsUnder: [CWD, '/home/dev/.ssh'] }, {}],
    ['escape-configs-file', { allowBindMountsUnder: [CWD, '/etc'] }, {}],
    ['escape-build-network-host', {}, { build: { hostNetwork: true, entitlements: [] } }],
    ['escape-build-privileged', {}, { build: { hostNetwork: false, entitlements: ['security.insecure'] } }],
    ['escape-build-entitlements', {}, { build: { hostNetwork: false, entitlements: ['network.host'] } }],
  ] as [string, Partial<ContainerRules>, ComposeModelOptions][])('%s', (name, rules, options) => {
    expect(check(name, rules, options)).toBeUndefined();
  });

  it.each([
    // Never allowed by any switch: the daemon socket, `/` (it contains the socket), hooks that
    // start containers, provider programs, a relative or device-backed volume.
    ['escape-bind-docker-socket', { allowBindMountsUnder: ['/var/run'] }, 'docker-socket'],
    ['escape-bind-root', { allowBindMountsUnder: ['/'] }, 'docker-socket'],
    ['escape-pre-start-hook', {}, 'compose-hook'],
    ['escape-provider-service', {}, 'compose-provider'],
    ['escape-volume-driver-opts-device', { devices: true }, 'compose-volume'],
  ] as [string, Partial<ContainerRules>, string][])('%s stays refused', (name, rules, rule) => {
    expect(check(name, rules, { allowed: () => true })?.rule).toBe(rule);
  });
});

describe('allowed fixtures', () => {
  it.each([
    'allowed-named-volume', 'allowed-tmpfs', 'allowed-logging-local', 'allowed-bind-under-project', 'allowed-ports', 'allowed-typical-app',
    'allowed-watch-rebuild', 'allowed-profiles',
  ])('%s', (name) => expect(check(name)).toBeUndefined());

  it('a bind under the project is refused when its real path leaves it', () => {
    expect(check('allowed-bind-under-project', {}, {}, [], { '/home/dev/demo/site': '/etc' })?.rule).toBe('bind-mount');
  });

  it('environment secrets and content configs are not host paths; file ones are', () => {
    expect(composeHostPaths(fixture('allowed-typical-app'), CWD)).toEqual(['/home/dev/demo/uploads']);
    expect(composeHostPaths(fixture('escape-secrets-file'), CWD)).toEqual(['/home/dev/.ssh/id_ed25519']);
    expect(composeHostPaths(fixture('escape-volume-driver-opts-bind'), CWD)).toEqual(['/etc']);
    expect(composeHostPaths(fixture('escape-volume-driver-opts-unused'), CWD)).toEqual(['/']);
  });
});

describe('reasons name the service and the compose key', () => {
  it.each([
    ['escape-bind-root', 'service "web": volumes[0] bind-mounts the host path / into the container: host bind mounts are only allowed under /home/dev/demo'],
    ['escape-privileged', 'service "web": `privileged: true` gives the container every capability and every host device, without seccomp or AppArmor: privileged containers are not allowed'],
    ['escape-cap-add', 'service "web": cap_add[0] (SYS_ADMIN) adds the capability "SYS_ADMIN": no capability may be added'],
    ['escape-network-external-host', 'service "web": networks.hostnet (the external network named "host") shares the host\'s network stack with the container: host namespaces are not allowed'],
    ['escape-pid-service', 'service "debug": `pid: service:db` joins the pid namespace of another container (db): joining other containers\' namespaces is not allowed'],
    ['escape-volume-driver-opts-bind', 'service "web": volumes[0] (volume "hostetc", driver_opts device) bind-mounts the host path /etc into the container: host bind mounts are only allowed under /home/dev/demo'],
    ['escape-volume-driver-opts-unused', 'volume "rootfs": driver_opts device bind-mounts the host path / into the container: host bind mounts are only allowed under /home/dev/demo'],
    ['escape-volume-driver-opts-device', 'service "db": volumes[0] uses the volume "disk", whose driver_opts mount "/dev/sda1" as ext4 (a host device, a kernel file system such as proc, or a remote share) as root: not allowed'],
    ['escape-network-macvlan', 'network "lan": `driver: macvlan` creates a network that is not an isolated bridge (macvlan/ipvlan put containers on the host\'s LAN): not allowed unless the policy allows `network create`'],
    ['escape-secrets-file', 'service "web": secrets[0] (the file of secret "sshkey") bind-mounts the host path /home/dev/.ssh/id_ed25519 into the container: host bind mounts are only allowed under /home/dev/demo'],
    ['escape-post-start-hook', 'service "web": post_start[0] makes compose run `sh -c chown -R 101 /usr/share/nginx/html` with --privileged inside the container as the container starts, which is `container exec`: not allowed by the policy'],
    ['escape-provider-service', 'service "database": `provider` (type "awesomecloud") makes compose execute a local program (the CLI plugin docker-awesomecloud or awesomecloud from PATH) instead of creating a container: not allowed'],
    ['escape-develop-watch', 'service "web": develop.watch[0] (sync of /home/dev/demo/src) makes compose watch mode copy host files into the container, which is `container cp`: not allowed by the policy'],
    ['escape-build-network-host', 'service "web": `build.network: host` runs the build steps in the host\'s network namespace (policy: build.hostNetwork is false)'],
    ['escape-unknown-key', 'compose\'s resolved model is not what docker-guard can read (services.web: unknown key "host_power" (a newer compose? docker-guard cannot judge what it does)); refusing rather than guessing'],
  ])('%s', (name, reason) => expect(check(name)?.reason).toBe(reason));
});

describe('services named on the command line', () => {
  it('must be in the model: a service of an inactive profile is not printed by `config`', () => {
    const v = check('allowed-profiles', {}, {}, ['debug']);
    expect(v?.rule).toBe('compose-model');
    expect(v?.reason).toMatch(/^service "debug" is named on the command line but is not in compose's resolved model/);
    expect(check('allowed-profiles', {}, {}, ['web'])).toBeUndefined();
  });

  const creating: ComposeModelScope = { containers: true, build: true, lifecycle: true, watch: false, onlySelected: true };
  it('creating subcommands check only the named services and what they depend on', () => {
    expect(check('escape-pid-service', {}, { scope: creating }, ['db'])).toBeUndefined();
    expect(check('escape-pid-service', {}, { scope: creating }, ['debug'])?.rule).toBe('container-namespace');
    expect(check('escape-pid-service', {}, { scope: creating })?.rule).toBe('container-namespace');
    // web depends on the provider service: starting web runs the provider.
    expect(check('escape-provider-service', {}, { scope: creating }, ['web'])?.rule).toBe('compose-provider');
  });

  it('lifecycle subcommands check every service whatever is named', () => {
    const lifecycle: ComposeModelScope = { containers: false, build: false, lifecycle: true, watch: false, onlySelected: false };
    expect(check('escape-pre-stop-hook', {}, { scope: lifecycle }, ['db'])?.rule).toBe('compose-hook');
  });
});

describe('scope: only what the subcommand acts on', () => {
  const scope = (s: Partial<ComposeModelScope>): ComposeModelOptions => ({
    scope: { containers: false, build: false, lifecycle: false, watch: false, onlySelected: false, ...s },
  });
  it.each([
    ['escape-privileged', { lifecycle: true }, undefined],
    ['escape-privileged', { containers: true }, 'privileged'],
    ['escape-post-start-hook', { build: true }, undefined],
    ['escape-post-start-hook', { lifecycle: true }, 'compose-hook'],
    ['escape-build-network-host', { containers: true, lifecycle: true }, undefined],
    ['escape-build-network-host', { build: true }, 'build-host-network'],
    ['escape-develop-watch', { containers: true, build: true, lifecycle: true }, undefined],
    ['escape-develop-watch', { watch: true }, 'compose-watch'],
    ['escape-provider-service', { lifecycle: true }, 'compose-provider'],
    ['escape-network-macvlan', { lifecycle: true }, undefined],
  ] as [string, Partial<ComposeModelScope>, string | undefined][])('%s %j', (name, s, rule) => {
    expect(check(name, {}, scope(s))?.rule).toBe(rule);
  });
});

describe('untrusted model: never a crash, anything unexpected refused', () => {
  // Every volume name these models use is absent at the daemon (a volume named after an Object
  // method included: facts are looked up as own properties only).
  const facts: PathFacts = { cwd: CWD, realpaths: {}, volumes: { constructor: { exists: false as const }, toString: { exists: false as const } } };
  const rule = (model: unknown): string | undefined => checkComposeModel(model, RULES, facts)?.rule;

  it.each([
    ['null', null],
    ['a string', 'services: {}'],
    ['an array', [{ services: {} }]],
    ['no services', { name: 'demo' }],
    ['services is a list', { name: 'demo', services: [] }],
    ['a service is a string', { name: 'demo', services: { web: 'nginx' } }],
    ['privileged is a string', { name: 'demo', services: { web: { privileged: 'true' } } }],
    ['cap_add is a string', { name: 'demo', services: { web: { cap_add: 'SYS_ADMIN' } } }],
    ['short volume syntax', { name: 'demo', services: { web: { volumes: ['/:/host'] } } }],
    ['unknown mount type', { name: 'demo', services: { web: { volumes: [{ type: 'npipe', source: '//./pipe/x', target: '/x' }] } } }],
    ['unknown mount key', { name: 'demo', services: { web: { volumes: [{ type: 'bind', source: '/x', target: '/x', propagation: 'rshared' }] } } }],
    ['undeclared network', { name: 'demo', services: { web: { networks: { lan: null } } } }],
    ['undeclared secret', { name: 'demo', services: { web: { secrets: [{ source: 's' }] } } }],
    ['unknown top-level key', { name: 'demo', services: {}, include: [] }],
    ['top-level models', { name: 'demo', services: {}, models: { llm: { model: 'ai/x' } } }],
    ['unknown build key', { name: 'demo', services: { web: { build: { context: '/x', privileged_mode: true } } } }],
    ['a number that is not finite', { name: 'demo', services: { web: { cpus: Number.POSITIVE_INFINITY } } }],
    ['a Map', new Map([['services', {}]])],
  ] as [string, unknown][])('%s', (_what, model) => expect(rule(model)).toBe('compose-model'));

  it('nesting deep enough to exhaust a recursive reader', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(rule({ name: 'demo', services: {}, 'x-deep': deep })).toBe('compose-model');
  });

  it('`__proto__` and `constructor` are plain names', () => {
    const proto = JSON.parse('{"name":"demo","services":{"__proto__":{"privileged":true,"command":null}}}');
    expect(rule(proto)).toBe('privileged');
    const ctor = { name: 'demo', services: { web: { volumes: [{ type: 'volume', source: 'constructor', target: '/x' }] } } };
    expect(rule(ctor)).toBeUndefined();
    const hostile = JSON.parse('{"name":"demo","services":{"web":{"volumes":[{"type":"volume","source":"toString","target":"/x"}]}},"volumes":{"toString":{"driver_opts":{"o":"bind","device":"/"}}}}');
    expect(rule(hostile)).toBe('bind-mount');
  });

  it('x- extensions are ignored at the top level and in services', () => {
    expect(rule({ name: 'demo', services: { web: { image: 'x', 'x-note': 1 } }, 'x-common': { a: 1 } })).toBeUndefined();
  });

  it('composeHostPaths never throws', () => {
    expect(composeHostPaths(null)).toEqual([]);
    expect(composeHostPaths({ services: { web: { volumes: 'x' } } })).toEqual([]);
  });

  it('a relative bind source (not what compose prints) is resolved against the cwd like compose does', () => {
    const model = { name: 'demo', services: { web: { volumes: [{ type: 'bind', source: '../..', target: '/x' }] } } };
    expect(composeHostPaths(model, CWD)).toEqual(['/home']);
    expect(rule(model)).toBe('bind-mount');
  });

  it('a volume bound to a relative device is refused (the daemon resolves it against its own cwd)', () => {
    const model = { name: 'demo', services: {}, volumes: { v: { driver_opts: { type: 'none', o: 'bind', device: 'etc' } } } };
    expect(rule(model)).toBe('bind-mount');
  });

  it('an unused volume with a plugin driver is refused as something compose would create', () => {
    const model = { name: 'demo', services: {}, volumes: { v: { name: 'demo_v', driver: 'rexray/ebs' } } };
    expect(checkComposeModel(model, RULES, facts)?.reason).toBe(
      'compose would create the volume "v" with `driver: rexray/ebs`, a volume plugin: only the local driver is allowed unless the policy allows `volume create`',
    );
  });

  it('watch through the attached-up menu also follows x-develop of a service without develop, which the model never shows', () => {
    const svc = (extra: object) => ({ image: 'x', command: null, entrypoint: null, ...extra });
    const model = { name: 'demo', services: { a: svc({ build: { context: CWD }, develop: { watch: [{ action: 'rebuild', path: CWD }] } }), b: svc({}) } };
    const watching = { containers: true, build: true, lifecycle: true, watch: true, onlySelected: true };
    const v = checkComposeModel(model, RULES, factsFor(model), [], { scope: watching });
    expect(v?.rule).toBe('compose-watch');
    expect(v?.reason).toContain('`x-develop` rules of service "b"');
    expect(checkComposeModel(model, RULES, factsFor(model), [], { scope: { ...watching, watch: false } })).toBeUndefined();
    expect(checkComposeModel(model, RULES, factsFor(model), [], { scope: watching, allowed: allow('container cp', 'container exec') })).toBeUndefined();
    // Every service with a develop section of its own: x-develop is never read.
    const all = { ...model, services: { ...model.services, b: svc({ develop: {} }) } };
    expect(checkComposeModel(all, RULES, factsFor(all), [], { scope: watching })).toBeUndefined();
  });

  it('an existing volume with another config hash would be offered for deletion: refused when -y or stdin can say yes', () => {
    const model = { name: 'demo', services: { web: { image: 'x', volumes: [{ type: 'volume', source: 'db', target: '/d' }] } }, volumes: { db: { name: 'prod_dbdata', labels: { x: 'y' } } } };
    const labelled = (hash: string) => ({ cwd: CWD, realpaths: {}, volumes: { prod_dbdata: { exists: true as const, usedBy: [], driver: 'local', options: {}, labels: { 'com.docker.compose.config-hash': hash } } } });
    const same = composeVolumeHash({ name: 'prod_dbdata', labels: { x: 'y' } })!;
    expect(checkComposeModel(model, RULES, labelled(same), [], {})).toBeUndefined();
    const v = checkComposeModel(model, RULES, labelled('0123'), [], { assumeYes: true });
    expect(v?.rule).toBe('back-door');
    expect(v?.reason).toContain('`volume rm`');
    expect(checkComposeModel(model, RULES, { ...labelled('0123'), stdinAnswers: true }, [], {})?.rule).toBe('back-door');
    // Unknown stdin counts as one that can answer.
    expect(checkComposeModel(model, RULES, labelled('0123'), [], {})?.rule).toBe('back-door');
    expect(checkComposeModel(model, RULES, { ...labelled('0123'), stdinAnswers: false }, [], {})).toBeUndefined();
    expect(checkComposeModel(model, RULES, labelled('0123'), [], { assumeYes: true, allowed: allow('volume rm') })).toBeUndefined();
    // No answer from the daemon about it: unknown, refused while something could say yes.
    // (A volume no service uses: compose still ensures it.)
    const unused = { ...model, services: { web: { image: 'x' } } };
    const unasked = { cwd: CWD, realpaths: {}, volumes: {} };
    expect(checkComposeModel(unused, RULES, unasked, [], { assumeYes: true })?.rule).toBe('volume-unread');
    expect(checkComposeModel(unused, RULES, { ...unasked, stdinAnswers: false }, [], {})).toBeUndefined();
    // No label (not made by compose, or by an older one): compose only warns.
    const unlabelled = { cwd: CWD, realpaths: {}, volumes: { prod_dbdata: { exists: true as const, usedBy: [], driver: 'local', options: {}, labels: {} } } };
    expect(checkComposeModel(model, RULES, unlabelled, [], { assumeYes: true })).toBeUndefined();
  });

  it('a service that builds is refused while something outside argv picks another builder', () => {
    const model = { name: 'demo', services: { api: { build: { context: CWD }, command: null, entrypoint: null }, db: { image: 'x' } } };
    expect(checkComposeModel(model, RULES, factsFor(model), [], { buildEnvironment: 'BUILDX_BUILDER=evil makes buildx use a builder' })?.rule).toBe('build-builder');
    const selected = { containers: true, build: true, lifecycle: true, watch: false, onlySelected: true };
    expect(checkComposeModel(model, RULES, factsFor(model), ['db'], { buildEnvironment: 'x', scope: selected })).toBeUndefined();
    expect(checkComposeModel(model, RULES, factsFor(model), [], {})).toBeUndefined();
  });

  it('overlay options naming host directories are refused', () => {
    const model = { name: 'demo', services: {}, volumes: { v: { driver_opts: { type: 'overlay', o: 'lowerdir=/,upperdir=/tmp/u,workdir=/tmp/w', device: 'overlay' } } } };
    expect(rule(model)).toBe('compose-volume');
  });
});
