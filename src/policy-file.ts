import { lazy } from './lazy.js';
import { embeddedDefaultPolicy } from './policy/builtin-policy.js';
import type { Policy, PolicySource } from './policy/policy.js';
import { readTextFile } from './read-text-file.js';

// Reads the policy file at the path fixed at build time. Absent = the built-in default; present
// but unreadable or invalid = an error, and the caller refuses everything (fail closed). The
// parser is loaded only when there is a file to parse.

export type LoadedPolicy =
  | { ok: true; policy: Policy; source: PolicySource }
  | { ok: false; error: string; source: PolicySource };

/** Why a policy file could not be used, from readTextFile's code (the shim and `validate` agree). */
export function unreadablePolicy(code: string): string {
  if (code === 'EILSEQ') return 'it is not valid UTF-8';
  if (code === 'ENOTREG') return 'it is not a regular file';
  return `cannot read it (${code})`;
}

export function loadPolicyFile(path: string): LoadedPolicy {
  const read = readTextFile(path, true);
  if (!read.ok) {
    if (read.code === 'ENOENT') return { ok: true, policy: embeddedDefaultPolicy() ?? lazy.loadPolicy().defaultPolicy(), source: { path, fromFile: false } };
    return { ok: false, error: unreadablePolicy(read.code), source: { path, fromFile: true } };
  }
  const parsed = lazy.loadPolicy().parsePolicy(read.text);
  if (!parsed.ok) return { ok: false, error: parsed.error, source: { path, fromFile: true } };
  return { ok: true, policy: parsed.policy, source: { path, fromFile: true } };
}
