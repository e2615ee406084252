import { shortestSpelling } from '../docker/command-tree.js';
import type { BuiltinInvocation, Invocation, PluginInvocation } from '../docker/invocation.js';
import { lazy } from '../lazy.js';
import { checkBuildx, checkBuiltinLeaf, disableContentTrustFlag, type Implied } from './builtin-checks.js';
import { containerTargets } from './container-targets.js';
import { replaceableByPull } from '../docker/image-reference.js';
import { CACHE_BLIND_WHY } from '../docker/build-cache-blind.js';
import { mayPullImage } from '../container/container-request.js';
import { commandPermission } from './command-permission.js';
import { withPolicyKey } from './rule-keys.js';
import { allowed, refused, type Decision, type Facts } from './decision.js';
import type { Policy } from './policy.js';

// The whole decision: argv (already scanned) + policy + facts in, a Decision out. No I/O.
// Order matters only for which reason is reported; every path that is not explicitly allowed
// ends in a refusal. The run/create and compose analyses are loaded only for those commands:
// each module evaluated is start-up time on every docker call (bench/).

export function decide(inv: Invocation, policy: Policy, facts: Facts): Decision {
  if (inv.kind === 'malformed') {
    return refused(inv.argv.join(' '), 'malformed-argv', `docker would reject this argv (${inv.error}); the guard does not forward what it cannot read the way docker does`);
  }
  const command = inv.kind === 'plugin' ? [inv.name, ...(inv.viaHelp ? ['(help)'] : [])].join(' ') : inv.command || 'docker';
  if (inv.dashDashBeforeCommand) {
    return refused(command, 'global-double-dash', 'a `--` before the command word makes docker re-read the flags after it late (`docker -- -H unix:///other.sock …`); write the flags before the command instead');
  }
  for (const g of inv.globals) {
    if (!policy.globalFlags.includes(g.name)) {
      return refused(command, 'global-flag', `the global flag \`${g.raw}\` changes which daemon or which configuration docker uses (plugins, credential helpers, contexts); the policy allows only: ${policy.globalFlags.map((f) => `--${f}`).join(', ')}`);
    }
  }
  return inv.kind === 'plugin' ? decidePlugin(inv, policy, facts) : decideBuiltin(inv, policy, facts);
}

function decideBuiltin(inv: BuiltinInvocation, policy: Policy, facts: Facts): Decision {
  const command = inv.command || 'docker';
  // `docker`, `docker -v`, `docker --help`, `docker system`: help or the version, nothing runs.
  if (inv.group) return allowed(command);
  const permission = commandPermission(inv.command, policy);
  if (!permission.ok) return refused(command, permission.rule, `\`${command}\` ${permission.reason}`);
  const leaf = checkBuiltinLeaf(inv.command, inv.args, policy);
  if (!leaf.ok) return refused(command, leaf.rule, leaf.reason);
  const implied = checkImplied(command, leaf.implied, policy);
  if (implied) return implied;
  if (inv.command === 'image build' && facts.buildEnvironment !== undefined) {
    return refused(command, 'build-builder', facts.buildEnvironment);
  }
  if (inv.command === 'image build' && facts.buildProxies !== undefined && !policy.build.hostsAndProxies) {
    return refused(command, 'build-hosts-proxies', `${facts.buildProxies}, ${CACHE_BLIND_WHY} (policy: build.hostsAndProxies)`);
  }
  if (inv.command === 'image pull' || inv.command === 'image build') {
    const trust = checkContentTrust(command, disableContentTrustFlag(inv.command, inv.args), facts, policy);
    if (trust) return trust;
  }
  // Last of what needs no daemon: a refusal that can be told locally asks the daemon nothing.
  const targets = containerTargets(inv.command, inv.args);
  if (targets?.kind === 'unread') return refused(command, 'malformed-argv', `\`${command}\`: ${targets.error} (the guard only forwards argv whose containers or images it can tell)`);
  const baseImages = targets?.kind === 'created-from' && (targets.baseImages === true || (inv.command === 'image build' && facts.defaultPlatform === true));
  const described = targets === undefined ? [] : targets.kind === 'pruned' ? ['every container (the prune removes the stopped ones, and the caller may stop any other first)', ...(targets.unusedImages === true ? ['those made from an image name the removal of unused images may free'] : [])]
    : targets.kind === 'created-from' ? [...targets.images.map((t) => `the containers made from ${t}`), ...(baseImages ? ['the containers made from a base image it may pull'] : [])]
    : targets.words;
  if (described.length > 0) {
    const power = checkTargetContainers(command, described, policy, facts);
    if (power) return power;
  }
  if (inv.command === 'system prune' && targets?.kind === 'pruned') {
    const networks = checkPrunedNetworks(command, policy, facts);
    if (networks) return networks;
  }
  if (inv.command === 'container run' || inv.command === 'container create') {
    const mode = inv.command === 'container run' ? 'run' : 'create';
    const { parseRunArgs } = lazy.runArgs();
    const { checkContainer } = lazy.containerRules();
    const parsed = parseRunArgs(inv.args, facts.cwd, mode);
    if (!parsed.ok) {
      return refused(command, 'malformed-argv', `\`${mode}\`: ${parsed.error} (the guard only forwards ${mode} argv it reads the way docker does)`);
    }
    const trust = checkContentTrust(command, parsed.request.disableContentTrust, facts, policy);
    if (trust) return trust;
    const pull = parsed.request.help ? undefined : imagePullOf(mode, parsed.request.pull);
    const pulling = pull === undefined ? undefined : checkImplied(command, [pull], policy);
    if (pulling) return pulling;
    const driver = parsed.request.volumeDrivers?.[0];
    const plugins = driver === undefined ? undefined : commandPermission('volume create', policy);
    if (plugins !== undefined && !plugins.ok) {
      const origin = parsed.request.origins?.['volumeDrivers']?.[0] ?? `--volume-driver ${driver}`;
      return refused(command, 'volume-driver', `${origin} has the volume plugin ${JSON.stringify(driver)} create or serve the container's volumes; only the local driver is allowed unless the policy allows \`volume create\`, which ${plugins.reason}`);
    }
    const violation = checkContainer(parsed.request, policy.containers, facts)
      ?? (parsed.request.help || parsed.request.namedVolumes.length === 0 ? undefined : lazy.volumeRules().checkNamedVolumes(parsed.request.namedVolumes, policy.containers, facts, (c) => commandPermission(c, policy).ok));
    if (violation) return refused(command, violation.rule, withPolicyKey(violation.rule, violation.reason));
    // A pull tags the image under its name, as `docker pull` does (facts.targetContainers).
    const image = parsed.request.image;
    if (mayPullImage(parsed.request) && image !== undefined && replaceableByPull(image)) {
      const power = checkTargetContainers(command, [`the containers made from ${image}`], policy, facts);
      if (power) return power;
    }
  }
  return allowed(command);
}

function decidePlugin(inv: PluginInvocation, policy: Policy, facts: Facts): Decision {
  // compose's own grammar names the subcommand, and a policy may allow one (`compose ps`).
  if (inv.name === 'compose') {
    const { decideCompose } = lazy.decideCompose();
    return decideCompose(inv, policy, facts, (command, implied) => checkImplied(command, implied, policy));
  }
  const permission = commandPermission(inv.name, policy);
  if (!permission.ok) return refused(inv.name, permission.rule, `${pluginWhy(inv)}; \`${inv.name}\` ${permission.reason}`);
  if (inv.name === 'buildx') {
    const reach = checkBuildx('`buildx` is a CLI plugin', policy.containers);
    if (!reach.ok) return refused(inv.name, reach.rule, reach.reason);
    const implied = checkImplied(inv.name, reach.implied, policy);
    if (implied) return implied;
  }
  return allowed(inv.name);
}

/**
 * Content trust makes pull, run, create and build tag the images they verify (docker/cli
 * image/trust.go TagTrusted), with a notary server of the caller's choosing: `image tag`. It is on
 * when `--disable-content-trust` says false, or, without the flag, when DOCKER_CONTENT_TRUST says so.
 */
function checkContentTrust(command: string, disabledByFlag: boolean | undefined, facts: Facts, policy: Policy): Decision | undefined {
  const on = disabledByFlag === undefined ? facts.contentTrust === true : !disabledByFlag;
  if (!on || commandPermission('image tag', policy).ok) return undefined;
  const how = disabledByFlag === undefined ? 'DOCKER_CONTENT_TRUST is on' : '`--disable-content-trust=false` turns content trust on';
  return refused(command, 'content-trust', `${how}, so \`${command}\` tags the image it verifies (a notary server of the caller's choosing says which), which is \`image tag\`: not allowed; leave content trust off`);
}

/**
 * `run` and `create` pull their image: always with `--pull always`, and when it is not here with
 * docker's default (`--pull missing`, or no flag: the CLI pulls after the daemon answers "No such
 * image"). Only `--pull never` does not. Whether the image is here is not asked: the caller could
 * remove it between that answer and the run.
 */
function imagePullOf(mode: 'run' | 'create', pull: string | undefined): Implied | undefined {
  if (pull === 'never') return undefined;
  return pull === 'always'
    ? { capability: 'image pull', because: `\`${mode} --pull always\` pulls the image from its registry` }
    : { capability: 'image pull', because: `\`${mode}\` pulls the image from its registry when it is not here (docker's default, \`--pull missing\`; \`--pull never\` runs only an image that is here)` };
}

/**
 * `start` and `restart` run a container with the powers it was created with, whatever the caller
 * wrote into its volumes, bound directories or image since; `rm` lets whoever recreates it do the
 * same, and so do `build -t`, `tag`, `rmi` and pulls of the name it was created from. `exec`,
 * `attach` and `cp` work inside it with those powers; `kill` and `update` make the daemon restart
 * it (its restart policy) or start it with the daemon; `rename` hands its name to another. A
 * container the policy would not let the caller create is not the caller's to act on (red-team
 * rounds: a script written into an administrator's volume, then `restart`; a setuid file `cp`'d
 * into its bind of /). The daemon says what the named containers are (facts.targetContainers).
 */
function checkTargetContainers(command: string, names: readonly string[], policy: Policy, facts: Facts): Decision | undefined {
  const targets = facts.targetContainers;
  const one = names.length === 1 && !names[0]!.startsWith('the ');
  if (!targets) return refused(command, 'container-unread', `\`${command}\` acts on ${names.join(', ')}, and docker-guard could not ask the daemon what ${one ? 'it is' : 'they are'}`);
  if (!targets.ok) return refused(command, 'container-unread', `\`${command}\` acts on ${names.join(', ')}, and what the daemon says of ${one ? 'it' : 'them'} cannot be read (${targets.error}); refusing what cannot be checked`);
  const { containerPower } = lazy.volumeRules();
  for (const c of targets.containers) {
    const power = containerPower(c, policy.containers, facts, (capability) => commandPermission(capability, policy).ok);
    if (power) {
      const what = whyItMatters(command);
      return refused(command, 'powerful-container', `\`${command}\` acts on the container ${c.name}, one the policy would not let the caller create (${power}): ${what}`);
    }
  }
  return undefined;
}

/**
 * `system prune` also removes every user-defined network no container is attached to, and the
 * caller may stop the containers of any first (`stop` is allowed). A network holds no data, but
 * its name is then free: anyone may create it again with other settings (red-team round 16: an
 * administrator's internal network, pruned, came back from the agent's compose project as the
 * agent's, not internal, and the administrator's next container on it talked to the agent's).
 * Which networks are whose, docker does not record, so every one counts.
 */
function checkPrunedNetworks(command: string, policy: Policy, facts: Facts): Decision | undefined {
  const permission = commandPermission('network rm', policy);
  if (permission.ok) return undefined;
  const networks = facts.userNetworks;
  if (networks === undefined || !networks.ok) {
    return refused(command, 'network-unread', `\`${command}\` removes the user-defined networks no container is attached to, and docker-guard could not ask the daemon which networks there are${networks?.ok === false ? ` (${networks.error})` : ''}`);
  }
  if (networks.names.length === 0) return undefined;
  const names = networks.names.map((n) => JSON.stringify(n)).join(', ');
  return refused(command, 'prune-networks', `\`${command}\` removes the user-defined networks no container is attached to, and the caller may stop the containers of any first: ${names}. Once one is removed, anyone may create a network under its name with other settings, and whatever later joins it by name joins that one; that is \`network rm\`, which ${permission.reason} (\`compose down\` removes a project's own networks)`);
}

/** What acting on a powerful container would let the caller do, for the refusal. */
function whyItMatters(command: string): string {
  switch (command) {
    case 'image pull': case 'container run': case 'container create':
      return `the pull would replace the image it was created from with whatever the registry serves under that name, which whoever recreates it then runs with those powers${command === 'image pull' ? '' : '; `--pull never` runs the image that is here'}`;
    case 'image build':
      return 'the build would replace the image it was created from (by a tag it gives, or by pulling that name as a base image: `--pull` or a platform, which the Dockerfile\'s FROM names, unread), which whoever recreates it then runs with those powers; build under another name, without `--pull`';
    case 'image rm':
      return 'the removal would free the name of the image it was created from, which whoever recreates it then runs with those powers';
    case 'image tag':
      return 'the tag would point the name of the image it was created from at an image of the caller\'s choosing, which whoever recreates it then runs with those powers; tag under another name';
    case 'container start': case 'container restart':
      return 'it runs with those powers whatever the caller wrote into its volumes, bound directories or image';
    case 'container exec': case 'container attach':
      return 'the caller\'s commands would run inside it, with those powers';
    case 'container cp':
      return 'what is copied into it lands with those powers (a setuid file on a host bind, a script it runs), and what is copied out is what those powers reach';
    case 'container stop':
      return 'stopped, the daemon removes it if it was made with --rm, its anonymous volumes too, which frees the volumes it shares and its name (red-team round 21 stopped one, then wrote into its script volume); a stopped container is also what prunes remove';
    case 'container kill':
      return 'a signal can make the daemon restart it (its restart policy) with those powers, on whatever the caller wrote into its volumes, bound directories or image';
    case 'container update':
      return 'a new restart policy makes the daemon start it with those powers (at the next daemon start, or when it exits), on whatever the caller wrote into its volumes, bound directories or image';
    case 'container rename':
      return 'its name would pass to a container of the caller\'s, which whatever acts on that name (an administrator, a script) then trusts';
    case 'system prune': case 'container prune':
      return 'the prune removes it once it is stopped, and the caller may stop it first (`stop` is allowed), even while the prune waits for its y/N; whoever recreates it then runs it with those powers on what the caller may have changed';
    default:
      return 'whoever recreates it runs it with those powers on what the caller may have changed (its volumes, an image of the same name)';
  }
}

/** Every capability an invocation also exercises must itself be allowed. */
function checkImplied(command: string, implied: readonly Implied[], policy: Policy): Decision | undefined {
  for (const { capability, because } of implied) {
    const p = commandPermission(capability, policy);
    if (!p.ok) {
      const verdict = p.rule === 'not-allowed' ? `and \`${capability}\` is not in the allow list` : `and the policy refuses that: ${p.reason}`;
      return refused(command, 'back-door', `${because}, which is \`${capability}\`, ${verdict}`);
    }
  }
  return undefined;
}

/** Why docker would run a plugin here: the reasons differ and the agent should see which. */
function pluginWhy(inv: PluginInvocation): string {
  if (inv.name === 'help' || inv.name === 'completion') {
    return `docker runs a CLI plugin docker-${inv.name} before its own \`${inv.name}\` when one is installed (cobra adds \`${inv.name}\` after docker's plugin lookup); for help use \`docker <command> --help\``;
  }
  if (inv.name === 'buildx' && (inv.fallback?.kind === 'malformed' || (inv.fallback?.kind === 'builtin' && inv.fallback.command === 'builder'))) {
    return 'docker hands every `builder …` to the CLI plugin docker-buildx when one is installed (cmd/docker/builder.go), and buildx would read these words itself (without buildx docker prints help or reports an unknown command)';
  }
  if (inv.viaHelp && inv.argv.includes(inv.name) && !inv.argv.slice(0, inv.argv.indexOf(inv.name)).some((t) => !t.startsWith('-'))) {
    return `\`${inv.name}\` is not a docker command: docker would run the CLI plugin docker-${inv.name} to show its help`;
  }
  if (inv.viaHelp) {
    const command = inv.fallback?.kind === 'builtin' ? inv.fallback.command : '';
    const short = command === '' ? '' : shortestSpelling(command);
    const instead = short !== '' && short !== command ? `\`docker ${short} --help\` shows the same help` : `ask the management command instead (\`docker ${command.split(' ')[0] || '<command>'} --help\`)`;
    return `help for a subcommand named \`${inv.name}\` makes docker run the CLI plugin docker-${inv.name} when one is installed (cmd/docker/docker.go tryRunPluginHelp); ${instead}`;
  }
  return `\`${inv.name}\` is not a docker command: docker would run the CLI plugin docker-${inv.name}`;
}
