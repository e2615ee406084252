import { emptyRequest, factOf, type NamedVolumeMount, type PathFacts } from '../container/container-request.js';
import { localVolumeMount } from '../container/local-volume.js';
import { checkContainer, type ContainerViolation } from './container-rules.js';
import type { ContainerRules } from './policy.js';
import type { InspectedContainer } from '../container/inspected-container.js';

// Named volumes that exist already are used as they are: a volume someone made with
// `--opt type=none --opt o=bind --opt device=/etc` (or with a volume plugin) gives every container
// that names it that host path, whatever the command line says. So each named volume is judged by
// what the daemon says it is (facts.volumes, from `docker volume inspect`). Pure.

/** The real-path facts an existing bind volume needs: its device. */
export function volumeDevicesOf(names: Iterable<string>, facts: PathFacts): string[] {
  const out: string[] = [];
  for (const name of names) {
    const fact = factOf(facts.volumes, name);
    if (fact?.exists !== true || fact.driver !== 'local') continue;
    const local = localVolumeMount(new Map(Object.entries(fact.options)));
    if (local.kind === 'bind') out.push(local.device);
  }
  return out;
}

export function checkNamedVolumes(
  volumes: readonly NamedVolumeMount[],
  rules: ContainerRules,
  facts: PathFacts,
  allowed: (capability: string) => boolean,
): ContainerViolation | undefined {
  for (const v of volumes) {
    const fact = factOf(facts.volumes, v.name);
    if (fact === undefined) {
      return { rule: 'volume-unread', reason: `${v.origin} uses the named volume ${JSON.stringify(v.name)}, and docker-guard could not ask the daemon whether it exists and what it mounts` };
    }
    // docker creates a missing volume as a plain local one when it creates the container. A caller
    // who may `volume create` can make it first (a red-team round won that race every time), but
    // only with the options `volume create` is allowed (builtin-checks.ts checkVolumeCreate).
    if (!fact.exists) continue;
    if (fact.usedBy === 'not asked') {
      return { rule: 'volume-unread', reason: `${v.origin} uses the named volume ${JSON.stringify(v.name)}, and docker-guard did not ask the daemon which containers mount it already` };
    }
    // What this container writes into the volume, the containers that mount it already read, and
    // may run: one the caller could not create itself would run the caller's code with its
    // powers. --volumes-from the other way round.
    for (const other of fact.usedBy) {
      const power = containerPower(other, rules, facts, allowed);
      if (power) {
        return { rule: 'shared-volume', reason: `${v.origin} uses the existing volume ${JSON.stringify(v.name)}, which the container ${other.name} mounts too, a container the policy would not let the caller create (${power}): what is written into the volume, that container reads and may run` };
      }
    }
    const own = volumeProblem(v, rules, facts, allowed);
    if (own) return own;
  }
  return undefined;
}

/**
 * Why the policy would not let the caller create this existing container, or undefined: its own
 * settings (the container rules), a volume of a plugin, and what its named volumes are (a bind
 * volume of / is a bind of /; one the daemon did not describe counts against it).
 */
export function containerPower(c: InspectedContainer, rules: ContainerRules, facts: PathFacts, allowed: (capability: string) => boolean): string | undefined {
  const own = checkContainer(c.request, rules, facts);
  if (own) return own.reason;
  const driver = c.request.volumeDrivers?.[0];
  if (driver !== undefined && !allowed('volume create')) return `it mounts a volume of the plugin ${JSON.stringify(driver)}, which could be any host path`;
  for (const name of c.volumes) {
    const v = { name, target: '', origin: `its volume ${JSON.stringify(name)}` };
    if (factOf(facts.volumes, name) === undefined) return `what its volume ${JSON.stringify(name)} is could not be read`;
    const problem = volumeProblem(v, rules, facts, allowed);
    if (problem) return problem.reason;
  }
  return undefined;
}

/** What an existing volume gives by itself (its driver, its local options), or undefined. */
function volumeProblem(v: NamedVolumeMount, rules: ContainerRules, facts: PathFacts, allowed: (capability: string) => boolean): ContainerViolation | undefined {
  const fact = factOf(facts.volumes, v.name);
  if (fact === undefined || !fact.exists) return undefined;
  if (fact.driver !== 'local') {
    if (allowed('volume create')) return undefined;
    return { rule: 'volume-driver', reason: `${v.origin} uses the existing volume ${JSON.stringify(v.name)} of the volume plugin ${JSON.stringify(fact.driver)}; only local volumes are allowed unless the policy allows \`volume create\`` };
  }
  const local = localVolumeMount(new Map(Object.entries(fact.options)));
  if (local.kind === 'refused') {
    return { rule: 'volume-options', reason: `${v.origin} uses the existing volume ${JSON.stringify(v.name)}, whose options ${local.why}: not allowed` };
  }
  if (local.kind === 'bind') {
    // The same checks as any bind of that path: where it leads, its mount, its propagation.
    const origin = `${v.origin} (the existing volume ${JSON.stringify(v.name)}, a bind of ${local.device})`;
    return checkContainer(emptyRequest({ hostPaths: [{ source: local.device, target: v.target, options: [...local.options], origin }] }), rules, facts);
  }
  return undefined;
}
