import { emptyRequest } from '../container/container-request.js';
import { checkContainer } from '../policy/container-rules.js';
import type { Facts, ProjectContainersFact } from '../policy/decision.js';
import type { ContainerRules } from '../policy/policy.js';
import { checkNamedVolumes } from '../policy/volume-rules.js';
import type { ComposeViolation } from './model-request.js';

// The mounts compose carries over from the containers it replaces (composeInherits says when),
// judged as if the model asked for them: compose keeps an old container's mount at the target of
// an anonymous volume of the service or a VOLUME of its image, whatever that mount was. A model
// naming an administrator's project (`name: adminproj`) with an anonymous volume at
// /var/run/docker.sock would otherwise get the docker socket the administrator's container binds.
// Pure.


export function checkInheritedMounts(
  fact: ProjectContainersFact,
  rules: ContainerRules,
  facts: Facts,
  allowed: (capability: string) => boolean,
): ComposeViolation | undefined {
  if (!fact.ok) {
    return { rule: 'compose-containers', reason: `compose would carry the mounts of the project's existing containers over into the ones it recreates, and what they mount cannot be read (${fact.error}); refusing what cannot be checked` };
  }
  for (const c of fact.containers) {
    for (const m of c.mounts) {
      const origin = `the existing container ${c.name}${c.service === '' ? '' : ` (service ${c.service})`} of project ${fact.project}, whose ${m.type} mount of ${m.source} at ${m.destination} compose carries over into the container that replaces it`;
      if (m.type === 'tmpfs' || m.type === 'image') continue;
      if (m.type === 'bind') {
        const v = checkContainer(emptyRequest({ hostPaths: [{ source: m.source, target: m.destination, options: m.rw ? [] : ['ro'], origin }] }), rules, facts);
        if (v) return v;
      } else if (m.type === 'volume') {
        const v = checkNamedVolumes([{ name: m.source, target: m.destination, origin }], rules, facts, allowed);
        if (v) return v;
      } else {
        return { rule: 'compose-containers', reason: `${origin}: a mount of type ${JSON.stringify(m.type)}, which docker-guard does not judge` };
      }
    }
  }
  return undefined;
}

/** What the mounts of the project's existing containers need from the edge: bind sources and volume names. */
export function inheritedMountSources(fact: ProjectContainersFact): { readonly hostPaths: string[]; readonly volumeNames: string[] } {
  const hostPaths: string[] = [];
  const volumeNames: string[] = [];
  if (!fact.ok) return { hostPaths, volumeNames };
  for (const c of fact.containers) {
    for (const m of c.mounts) {
      if (m.type === 'bind') hostPaths.push(m.source);
      else if (m.type === 'volume') volumeNames.push(m.source);
    }
  }
  return { hostPaths, volumeNames };
}
