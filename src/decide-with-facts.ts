import type { Invocation } from './docker/invocation.js';
import { answeringGlobals, gatherFacts, type FactsInput } from './facts.js';
import { decide } from './policy/decide.js';
import { refused, type Decision } from './policy/decision.js';
import { lazy } from './lazy.js';
import type { Policy } from './policy/policy.js';

/**
 * Decides with the facts the decision needs, gathering the expensive ones (compose's resolved
 * model, which runs `docker compose config`, what the daemon says about named volumes, which
 * runs `docker volume inspect`, about the networks compose would create, and about the
 * containers start/restart/rm name) only when
 * everything else already allows the command: a command
 * refused for another reason runs nothing at all.
 */
/** The rules that refuse only because the daemon was not asked yet: the second pass asks. */
export const UNREAD_RULES: ReadonlySet<string> = new Set(['compose-model-unread', 'volume-unread', 'container-unread', 'network-unread']);

export function decideWithFacts(inv: Invocation, policy: Policy, input: FactsInput): Decision {
  const first = decide(inv, policy, gatherFacts(inv, { ...input, realDocker: undefined }));
  if (first.kind === 'refused' && UNREAD_RULES.has(first.rule) && input.realDocker) {
    // The answer must come from the daemon, not from a stand-in of the caller's (daemon-endpoint.ts).
    const { endpointProblem, pinnedEnvironment, resolveEndpoint } = lazy.daemonEndpoint();
    const listed = endpointProblem(input.env, inv.globals);
    const resolved = listed === undefined ? resolveEndpoint(input.realDocker, answeringGlobals(inv), input.cwd, input.env) : {};
    const endpoint = listed ?? resolved.problem;
    if (endpoint !== undefined) return refused(first.command, 'endpoint-unverified', `\`${first.command}\` needs the daemon's answer (${first.reason}), and ${endpoint}`);
    return decide(inv, policy, gatherFacts(inv, { ...input, env: pinnedEnvironment(input.env, resolved.verified) }));
  }
  return first;
}
