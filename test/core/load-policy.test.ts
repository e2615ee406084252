import { describe, expect, it } from 'vitest';
import { buildRoot } from '../../src/docker/command-tree.js';
import { DEFAULT_ALLOW, DEFAULT_REFUSE } from '../../src/policy/default-policy.js';
import { canonicalCommand, computeDefaultPolicy, defaultPolicy, parsePolicy, unknownPluginAllowances } from '../../src/policy/load-policy.js';

describe('canonicalCommand', () => {
  it.each([
    ['ps', 'container ls'], ['container list', 'container ls'], ['rmi', 'image rm'], ['images', 'image ls'],
    ['system', 'system'], ['network ls', 'network ls'], ['info', 'system info'], ['compose', 'compose'],
    ['compose up', 'compose up'], ['buildx', 'buildx'], ['exec', 'container exec'], ['save', 'image save'],
    ['scan2', 'scan2'], ['compose ps', 'compose ps'], ['compose  logs', 'compose logs'],
  ])('%s -> %s', (entry, canonical) => expect(canonicalCommand(entry)).toBe(canonical));
  // The guard reads no argv of a plugin but compose's: an entry below one could never match.
  it.each([
    ['buildx create', /does not read the argv of the CLI plugin buildx/],
    ['scout cves', /does not read the argv of the CLI plugin scout/],
    ['compose exce', /is not a compose command/],
    ['compose up down', /is not a compose command/],
    ['docker ps', /without the leading `docker` \(`ps`\)/],
    ['builder', /`builder` words go to the plugin buildx/],
  ])('rejects %j', (entry, error) => {
    const c = canonicalCommand(entry);
    expect(typeof c === 'string' ? c : c.error).toMatch(error);
  });
  // A plugin entry is a word docker looks up as docker-<word> (parse-argv.ts isPluginName).
  it.each(['container foo', 'EXEC', '', 'network bogus', 'Compose', '2scan', 'my-plugin'])('rejects %j', (entry) => {
    expect(canonicalCommand(entry)).toHaveProperty('error');
  });
});

describe('parsePolicy', () => {
  it('refuse entries may name the plugins the guard knows, and compose subcommands', () => {
    const p = parsePolicy('{"users":["a"],"refuse":{"buildx":"no buildx","compose up":"no up","exec":"no"}}');
    expect(p.ok && p.policy.refuse).toEqual({ buildx: 'no buildx', 'compose up': 'no up', 'container exec': 'no' });
  });
  it('fills omitted sections with the defaults', () => {
    const p = parsePolicy('{"users":["ai-worker"]}');
    expect(p.ok && p.policy.allow).toEqual(defaultPolicy().allow);
    expect(p.ok && p.policy.restrict).toEqual({ everyone: false, users: ['ai-worker'], groups: [] });
  });
  it('"*" restricts everyone', () => {
    const p = parsePolicy('{"users":["*"]}');
    expect(p.ok && p.policy.restrict).toEqual({ everyone: true });
  });
  it('the built-in default restricts everyone', () => {
    expect(defaultPolicy().restrict).toEqual({ everyone: true });
  });
  it.each([
    ['{', /not valid JSON/],
    ['[]', /must be a JSON object/],
    ['{"users":[]}', /both empty/],
    ['{}', /both empty/],
    ['{"users":["a"],"alow":["ps"]}', /unknown key "alow"/],
    ['{"users":"a"}', /"users" must be a list/],
    ['{"users":["a"],"allow":["container foo"]}', /allow: "container foo" is not a docker command/],
    ['{"users":["a"],"refuse":{"exec":""}}', /needs a non-empty reason/],
    // A misspelt refusal would otherwise replace the default list without refusing what was meant.
    ['{"users":["a"],"allow":["container"],"refuse":{"exce":"no exec"}}', /refuse: "exce" is not a docker command/],
    ['{"users":["a"],"refuse":{"scan2":"no"}}', /refuse: "scan2" is not a docker command/],
    ['{"users":["a"],"globalFlags":["hots"]}', /not a docker global flag/],
    ['{"users":["a"],"containers":{"privilegd":true}}', /containers: unknown key "privilegd"/],
    ['{"users":["a"],"containers":{"privileged":"yes"}}', /containers.privileged must be true or false/],
    ['{"users":["a"],"containers":{"allowBindMountsUnder":["work"]}}', /not an absolute path/],
    ['{"users":["a"],"containers":{"hostNamespaces":["net"]}}', /"net" is not one of/],
    ['{"users":["a"],"build":{"push":true}}', /build: unknown key "push"/],
    // Found by the red-team of non-default policies: each was valid and meant something else.
    ['{"users":["*"],"allow":["ps"],"allow":["exec"]}', /the key "allow" appears twice/],
    ['{"users":["a"],"containers":{"capAdd":[],"cap\\u0041dd":["ALL"]}}', /the key "containers"\."capAdd" appears twice/],
    ['{"users":["nobody "]}', /users: "nobody " is not a user name/],
    ['{"users":["ai worker"]}', /users: "ai worker" is not a user name/],
    ['{"users":["$"]}', /users: "\$" is not a user name/],
    // Each kills a mutant a mutation run found: the check it removed let a wrong type through.
    ['{"users":["*"],"allow":"ps"}', /"allow" must be a list/],
    ['{"users":["*"],"containers":{"runtimes":"runsc"}}', /"containers.runtimes" must be a list/],
    ['{"users":[1000]}', /"users" must be a list of non-empty strings/],
    ['{"users":["*"],"globalFlags":5}', /"globalFlags" must be a list/],
    ['{"users":["*"],"allow":["container"],"refuse":{"container exce":"no exec"}}', /refuse: "container exce" is not a docker command/],
    ['{"users":["-x"]}', /users: "-x" is not a user name/],
    ['{"users":[".x"]}', /users: ".x" is not a user name/],
    ['{"users":["a$b"]}', /users: "a\$b" is not a user name/],
    ['{"users":["ai-worker\u00e9"]}', /is not a user name/],
    ['{"groups":["*"]}', /groups: "\*" is not a group name.*"\*" is for users/],
    ['{"users":["a"],"containers":{"constructor":["a"]}}', /containers: unknown key "constructor"/],
    ['{"users":["a"],"containers":{"__proto__":["a"]}}', /containers: unknown key "__proto__"/],
    ['{"users":["a"],"build":{"toString":["x"]}}', /build: unknown key "toString"/],
    ['{"users":["a"],"containers":{"capAdd":["SYS_ADMN"]}}', /capAdd: "SYS_ADMN" is not a Linux capability/],
    ['{"users":["a"],"containers":{"capAdd":["NET_ADMIN,SYS_ADMIN"]}}', /is not a Linux capability/],
    ['{"users":["a"],"containers":{"capAdd":["CAP_ALL"]}}', /capAdd: "CAP_ALL" is not a Linux capability/],
    ['{"users":["a"],"containers":{"capAdd":[" NET_ADMIN"]}}', /is not a Linux capability/],
    ['{"users":["a"],"containers":{"sysctls":["*"]}}', /sysctls: "\*" is not a sysctl name/],
    ['{"users":["a"],"containers":{"sysctls":["net.ipv4*"]}}', /sysctls: "net.ipv4\*" is not a sysctl name/],
    ['{"users":["a"],"containers":{"runtimes":["runc "]}}', /runtimes: "runc " has spaces/],
    ['{"users":["a"],"build":{"entitlements":["network-host"]}}', /build.entitlements: "network-host" is not a build entitlement/],
    ['{"users":["a"],"build":{"entitlements":["security.insecure "]}}', /is not a build entitlement/],
  ])('rejects %s', (text, re) => {
    const p = parsePolicy(text);
    expect(p.ok).toBe(false);
    expect(!p.ok && p.error).toMatch(re);
  });
  it('accepts names, ids, capabilities and sysctl prefixes as admins write them', () => {
    for (const text of [
      '{"users":["ai-worker","1001","machine$","a.b-c_d","_x"],"groups":["agents","100"]}',
      '{"users":["a"],"containers":{"capAdd":["NET_ADMIN","cap_sys_time","ALL","all"],"sysctls":["net.ipv4.*","kernel.shmmax"]}}',
      '{"users":["a"],"build":{"entitlements":["network.host","security.insecure"]},"refuse":{"exec":"x"},"allow":["ps"]}',
      '{"users":["a"],"containers":{"allowBindMountsUnder":["/a"]},"build":{"hostNetwork":false}}',
    ]) {
      const p = parsePolicy(text);
      expect(p.ok ? 'ok' : p.error, text).toBe('ok');
    }
  });

  it('normalises capabilities and bind-mount directories', () => {
    const p = parsePolicy('{"users":["a"],"containers":{"capAdd":["cap_net_admin"],"allowBindMountsUnder":["/srv/work/"]}}');
    expect(p.ok && p.policy.containers.capAdd).toEqual(['NET_ADMIN']);
    expect(p.ok && p.policy.containers.allowBindMountsUnder).toEqual(['/srv/work']);
    const root = parsePolicy('{"users":["a"],"containers":{"allowBindMountsUnder":["/"]}}');
    expect(root.ok && root.policy.containers.allowBindMountsUnder).toEqual(['/']);
  });
});

describe('unknownPluginAllowances', () => {
  it('names allow entries that are CLI plugins docker-guard does not know (a typo reads as one)', () => {
    const p = parsePolicy('{"users":["*"],"allow":["ps","pss","compose ps","buildx","system","scout","container list"]}');
    expect(p.ok).toBe(true);
    if (p.ok) expect(unknownPluginAllowances(p.policy)).toEqual(['pss', 'scout']);
    expect(unknownPluginAllowances(defaultPolicy())).toEqual([]);
  });
});

describe('data the compiled binary embeds (scripts/build.sh, src/precompute.ts)', () => {
  it('the command tree survives JSON unchanged', () => {
    const tree = buildRoot();
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
  });
  it('the built-in policy survives JSON unchanged', () => {
    const p = computeDefaultPolicy();
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
  it('an omitted section is the built-in one, as if it had been written out', () => {
    const omitted = parsePolicy('{"users":["a"]}');
    const written = parsePolicy(JSON.stringify({ users: ['a'], allow: DEFAULT_ALLOW, refuse: DEFAULT_REFUSE }));
    expect(omitted).toEqual(written);
  });
});
