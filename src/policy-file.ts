import { readFileSync } from 'node:fs';
import { defaultPolicy, parsePolicy } from './policy/load-policy.js';
import type { Policy, PolicySource } from './policy/policy.js';

// Reads the policy file at the path fixed at build time. Absent = the built-in default; present
// but unreadable or invalid = an error, and the caller refuses everything (fail closed).

export type LoadedPolicy =
  | { ok: true; policy: Policy; source: PolicySource }
  | { ok: false; error: string; source: PolicySource };

export function loadPolicyFile(path: string): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, policy: defaultPolicy(), source: { path, fromFile: false } };
    return { ok: false, error: `cannot read it (${code ?? (e as Error).message})`, source: { path, fromFile: true } };
  }
  const parsed = parsePolicy(text);
  if (!parsed.ok) return { ok: false, error: parsed.error, source: { path, fromFile: true } };
  return { ok: true, policy: parsed.policy, source: { path, fromFile: true } };
}
