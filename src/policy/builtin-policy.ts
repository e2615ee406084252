import { PRECOMPUTED } from '../build-constants.js';
import type { Policy } from './policy.js';

// The built-in policy as the compiled binary embeds it, in canonical form (build-constants.ts
// PRECOMPUTED). No policy file is the usual case, so this path stays off the policy parser
// (load-policy.ts, which computes the same policy from the sources when nothing is embedded).

let embedded: Policy | undefined;

/** undefined when running from the sources (vitest): then load-policy.ts computes it. */
export function embeddedDefaultPolicy(): Policy | undefined {
  if (PRECOMPUTED) embedded ??= JSON.parse(PRECOMPUTED.defaultPolicy) as Policy;
  return embedded;
}
