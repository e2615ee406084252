import type { Invocation } from './docker/invocation.js';
import type { Facts } from './policy/decision.js';
import type { Policy } from './policy/policy.js';

// The file-system facts the pure decision needs, gathered before it runs.
export function gatherFacts(_inv: Invocation, _policy: Policy, cwd: string): Facts {
  return { cwd, realpaths: {} };
}
