import { leafBool, leafValues, parseComposeArgs } from '../compose/compose-argv.js';
import { composeActsOnContainers, composeEquivalents, composeExecPrivileged, composeImplied, composeInherits, composeMayBuild, composeModelScope, composePulls, composeReadsFiles, composeRefusal, composeRemoves, composeRunRequest, composeSelectedServices, composeWorksInside } from '../compose/compose-capabilities.js';
import type { ReplacedImage } from '../compose/replaced-images.js';
import type { PluginInvocation } from '../docker/invocation.js';
import { lazy } from '../lazy.js';
import { commandPermission } from './command-permission.js';
import { allowed, refused, type Decision, type Facts } from './decision.js';
import type { Policy } from './policy.js';
import { withPolicyKey } from './rule-keys.js';

// `docker compose …`: compose's own grammar, the docker capabilities its subcommands reach, the
// container settings `compose run` adds on its command line, and compose's resolved model for the
// subcommands that create or start containers. Pure: the model arrives in facts. The container
// and model rules load only for the subcommands that need them (`compose ps` and `logs` do not).

export function decideCompose(
  inv: PluginInvocation,
  policy: Policy,
  facts: Facts,
  checkImplied: (command: string, implied: readonly { capability: string; because: string }[]) => Decision | undefined,
): Decision {
  const parsed = parseComposeArgs(inv.args, { help: inv.viaHelp });
  if (!parsed.ok) {
    return refused('compose', 'malformed-argv', `compose would reject this argv (${parsed.error}); the guard does not forward what it cannot read the way compose does`);
  }
  const command = parsed.subcommand ? `compose ${parsed.subcommand}` : 'compose';
  const permission = commandPermission(command, policy);
  if (!permission.ok) return refused(command, permission.rule, `\`${command}\` ${permission.reason}`);
  const refusal = composeRefusal(parsed);
  if (refusal) return refused(command, refusal.rule, refusal.reason);
  const implied = checkImplied(command, composeImplied(parsed));
  if (implied) return implied;
  for (const { capability, because } of composeEquivalents(parsed)) {
    const reason = refusedByName([capability], policy);
    if (reason !== undefined) return refused(command, 'back-door', `${because}, which the policy refuses: ${reason}`);
  }

  // Allowing exec (or compose) does not allow `exec --privileged`, as for `docker exec`.
  const privileged = composeExecPrivileged(parsed);
  if (privileged !== undefined && !policy.containers.privileged) {
    return refused(command, 'privileged', withPolicyKey('privileged', `\`compose exec ${privileged}\` runs the command with every capability and every host device, without seccomp or AppArmor, as a privileged container would: privileged containers are not allowed`));
  }

  if (parsed.subcommand === 'run' && !parsed.help) {
    const run = composeRunRequest(parsed, facts.cwd);
    if (!run.ok) return refused(command, 'malformed-argv', run.error);
    const model = facts.composeModel?.ok === true ? facts.composeModel.model : undefined;
    // compose maps a `-v KEY:` that is a top-level volume key to that volume's name; without the
    // model the name is unknown, so the facts (asked only with the model) are missing and refuse.
    const volumes = model === undefined ? run.request.namedVolumes
      : run.request.namedVolumes.map((vol) => ({ ...vol, name: lazy.composeModelRules().composeRunVolumeName(model, vol.name) }));
    const v = lazy.containerRules().checkContainer(run.request, policy.containers, facts)
      ?? (volumes.length === 0 ? undefined : lazy.volumeRules().checkNamedVolumes(volumes, policy.containers, facts, (c) => commandPermission(c, policy).ok));
    if (v) return refused(command, v.rule, withPolicyKey(v.rule, v.reason));
  }

  const scope = composeModelScope(parsed);
  if (scope) {
    const model = facts.composeModel;
    if (!model) return refused(command, 'compose-model-unread', 'compose\'s resolved model was not read, so what this would create or start is unknown');
    if (!model.ok) return refused(command, 'compose-model', `compose's resolved model cannot be read (${model.error}); refusing what cannot be checked`);
    const buildRefusal = composeMayBuild(parsed) ? refusedByName(['image build', 'compose build'], policy) ?? baseImagePullRefusal(policy) : undefined;
    const pullRefusal = refusedByName(['image pull', 'compose pull'], policy);
    const pullFlag = leafValues(parsed, 'pull').at(-1);
    const v = lazy.composeModelRules().checkComposeModel(model.model, policy.containers, facts, composeSelectedServices(parsed), {
      build: policy.build,
      allowed: (capability) => commandPermission(capability, policy).ok,
      scope,
      assumeYes: leafBool(parsed, 'yes'),
      ...(buildRefusal === undefined ? {} : { buildRefused: buildRefusal }),
      ...(pullRefusal === undefined ? {} : { pullRefused: pullRefusal }),
      ...(pullFlag === undefined ? {} : { pullFlag }),
      ...(facts.buildEnvironment === undefined ? {} : { buildEnvironment: facts.buildEnvironment }),
      ...(facts.buildProxies === undefined ? {} : { buildProxies: facts.buildProxies }),
    });
    if (v) return refused(command, v.rule, withPolicyKey(v.rule, v.reason));
    if (composeInherits(parsed)) {
      const containers = facts.projectContainers;
      if (!containers) return refused(command, 'compose-containers', 'compose would carry the mounts of the project\'s existing containers over into the ones it recreates, and they were not asked for; refusing what cannot be checked');
      const inherited = lazy.composeInheritedMounts().checkInheritedMounts(containers, policy.containers, facts, (capability) => commandPermission(capability, policy).ok);
      if (inherited) return refused(command, inherited.rule, withPolicyKey(inherited.rule, inherited.reason));
    }
  }
  const build = scope?.build === true && composeMayBuild(parsed);
  const pulls = composePulls(parsed);
  const removes = composeRemoves(parsed);
  if (removes !== undefined && !composeReadsFiles(parsed)) {
    return refused(command, 'compose-model', `\`compose -p ${parsed.globals.projectName} down --rmi ${removes}\` removes the images of the project's containers, found from their labels, which docker-guard does not read for this; name the compose file (-f) so that the images it removes can be checked`);
  }
  if (build || pulls !== undefined || removes !== undefined) {
    const model = facts.composeModel;
    if (!model) return refused(command, 'compose-model-unread', 'compose\'s resolved model was not read, so which images this would pull, build or remove is unknown');
    if (!model.ok) return refused(command, 'compose-model', `compose's resolved model cannot be read (${model.error}); refusing what cannot be checked`);
    const { composeReplacedImages, composeRefreshesBaseImages } = lazy.composeReplacedImages();
    const defaultPlatform = facts.defaultPlatform === true;
    const baseImages = composeRefreshesBaseImages(model.model, build, parsed.subcommand === 'build' && leafBool(parsed, 'pull'), defaultPlatform);
    // Every service named on the command line must be in the model read (compose's own checks do
    // this for the subcommands with a scope; `pull tool` of a service of an inactive profile pulls
    // it, though `config` leaves it out: a red-team round).
    const missing = composeSelectedServices(parsed).find((name) => !modelHasService(model.model, name));
    if (missing !== undefined) {
      return refused(command, 'compose-model', `service "${missing}" is named on the command line but is not in compose's resolved model (a service of an inactive profile? name its profile with --profile): docker-guard cannot check what it would pull, build or remove`);
    }
    const unreadContext = build ? lazy.composeReplacedImages().composeUnreadBuildServices(model.model)[0] : undefined;
    if (unreadContext !== undefined) {
      return refused(command, 'compose-model', `a build takes the service "${unreadContext}" as a context (\`service:${unreadContext}\`), which compose builds too but which is not in compose's resolved model (a service of an inactive profile? name its profile with --profile): docker-guard cannot check what it would build`);
    }
    const { composeRemovedImages } = lazy.composeReplacedImages();
    const named = [...composeReplacedImages(model.model, build, pulls, composeSelectedServices(parsed)), ...(removes ? composeRemovedImages(model.model, removes) : [])];
    const replaced = checkReplacedImages(command, named, baseImages, policy, facts);
    if (replaced) return replaced;
  }
  if (composeActsOnContainers(parsed)) {
    const containers = facts.projectContainers;
    if (!containers) return refused(command, 'container-unread', `\`compose ${parsed.subcommand}\` acts on the project's existing containers, and docker-guard could not ask the daemon what they are`);
    if (!containers.ok) return refused(command, 'compose-containers', `\`compose ${parsed.subcommand}\` acts on the project's existing containers, and what they are cannot be read (${containers.error}); refusing what cannot be checked`);
    const { containerPower } = lazy.volumeRules();
    for (const c of containers.containers) {
      const power = containerPower(c.inspected, policy.containers, facts, (capability) => commandPermission(capability, policy).ok);
      if (power) return refused(command, 'powerful-container', `\`compose ${parsed.subcommand}\` acts on the container ${c.name} of project ${containers.project}, one the policy would not let the caller create (${power}): started or recreated, it runs with those powers on whatever the caller wrote into its inputs`);
    }
  }
  const inside = composeWorksInside(parsed);
  if (inside) {
    const judged = checkContainersWorkedIn(command, inside.services, policy, facts);
    if (judged) return judged;
  }
  return allowed(command);
}

/**
 * `compose exec|cp|attach` work inside an existing container of the project with the powers it
 * was created with, as `docker exec|cp|attach` do (decide.ts checkTargetContainers): a container
 * the policy would not let the caller create is not the caller's to work in. The daemon says what
 * the project's containers are (facts.projectContainers); those of the named service are judged,
 * all of them when it is not known which.
 */
function checkContainersWorkedIn(command: string, services: readonly string[] | undefined, policy: Policy, facts: Facts): Decision | undefined {
  const containers = facts.projectContainers;
  if (!containers) return refused(command, 'container-unread', `\`${command}\` works inside an existing container of the project, and docker-guard could not ask the daemon what it is`);
  if (!containers.ok) return refused(command, 'compose-containers', `\`${command}\` works inside an existing container of the project, and what the project's containers are cannot be read (${containers.error}); refusing what cannot be checked`);
  const { containerPower } = lazy.volumeRules();
  const why = command === 'compose cp'
    ? 'what is copied into it lands with those powers (a setuid file on a host bind, a script it runs), and what is copied out is what those powers reach'
    : command === 'compose attach' ? 'the caller\'s input would go to its process, which runs with those powers' : 'the caller\'s commands would run inside it, with those powers';
  for (const c of containers.containers) {
    if (services !== undefined && !services.includes(c.service)) continue;
    const power = containerPower(c.inspected, policy.containers, facts, (capability) => commandPermission(capability, policy).ok);
    if (power) return refused(command, 'powerful-container', `\`${command}\` works inside the container ${c.name} (service ${c.service || '(none)'}) of project ${containers.project}, one the policy would not let the caller create (${power}): ${why}`);
  }
  return undefined;
}

/**
 * A container the policy would not let the caller create, made from an image name compose would
 * build or pull, runs the caller's image when it is next recreated (as after `build -t` or
 * `docker pull`, decide.ts checkTargetContainers). The daemon says which containers were made from
 * those names (facts.targetContainers, read with the model).
 */
function checkReplacedImages(command: string, replaced: readonly ReplacedImage[], baseImages: boolean, policy: Policy, facts: Facts): Decision | undefined {
  if (replaced.length === 0 && !baseImages) return undefined;
  const verbs = [...new Set(replaced.map((r) => r.how))].join(' or ') || 'pull';
  const named = [...new Set(replaced.map((r) => `${r.image} (service ${r.service})`)), ...(baseImages ? ['the base images its builds may pull (`--pull`, `build.pull` or a platform; the Dockerfiles\' FROM, unread)'] : [])].join(', ');
  const targets = facts.targetContainers;
  if (!targets) return refused(command, 'container-unread', `\`${command}\` may ${verbs} images named ${named}, and docker-guard could not ask the daemon which containers were made from them`);
  if (!targets.ok) return refused(command, 'compose-containers', `\`${command}\` may ${verbs} images that replace ones existing containers were made from, and what those containers are cannot be read (${targets.error}); refusing what cannot be checked`);
  const { containerPower } = lazy.volumeRules();
  const names = named;
  for (const c of targets.containers) {
    const power = containerPower(c, policy.containers, facts, (capability) => commandPermission(capability, policy).ok);
    if (power) {
      return refused(command, 'powerful-container', `\`${command}\` may ${verbs} images named ${names}, and the container ${c.name} was made from one of those names, a container the policy would not let the caller create (${power}): whoever recreates it then runs, with those powers, whatever the caller puts under that name (a pull gives it whatever the registry serves; a removal frees it for the next pull or build)`);
    }
  }
  return undefined;
}

function modelHasService(model: unknown, name: string): boolean {
  const services = typeof model === 'object' && model !== null ? (model as { services?: unknown }).services : undefined;
  return typeof services === 'object' && services !== null && Object.hasOwn(services, name);
}

/** A build pulls the base images it does not have: refused with pulling, when that is refused by name. */
function baseImagePullRefusal(policy: Policy): string | undefined {
  const pull = refusedByName(['image pull', 'compose pull'], policy);
  return pull === undefined ? undefined : `a build pulls the base images it does not have, and ${pull}`;
}

/** The reason of a refuse entry (not a missing allowance) that refuses one of these commands. */
function refusedByName(commands: readonly string[], policy: Policy): string | undefined {
  for (const c of commands) {
    const p = commandPermission(c, policy);
    if (!p.ok && p.rule === 'refused-command') return `\`${c}\`: ${p.reason}`;
  }
  return undefined;
}
