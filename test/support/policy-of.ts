import { parsePolicy } from '../../src/policy/load-policy.js';
import type { Policy } from '../../src/policy/policy.js';

/** A policy from the JSON a policy file would hold, restricting everyone; throws if invalid. */
export function policyOf(json: object): Policy {
  const p = parsePolicy(JSON.stringify({ users: ['*'], ...json }));
  if (!p.ok) throw new Error(p.error);
  return p.policy;
}
