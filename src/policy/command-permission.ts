import { findChild, ROOT, type CommandNode } from '../docker/command-tree.js';
import type { Policy } from './policy.js';

// Whether the policy lets a canonical command (or a plugin command) run, by its name alone.

export type Permission = { ok: true } | { ok: false; rule: 'refused-command' | 'not-allowed'; reason: string };

/** Hidden commands are never covered by a management-command entry: `system` does not allow
 *  `system dial-stdio`, a raw tunnel to the daemon; only an exact entry does. */
function isHidden(command: string): boolean {
  let node: CommandNode | undefined = ROOT;
  for (const word of command.split(' ')) {
    node = findChild(node, word);
    if (node === undefined) return false;
  }
  return node.hidden === true;
}

function covers(entry: string, command: string): boolean {
  if (entry === command) return true;
  return command.startsWith(`${entry} `) && !isHidden(command);
}

export function commandPermission(command: string, policy: Policy): Permission {
  // The most specific refusal or allowance wins; at equal specificity, refusal.
  const refusal = longest(Object.keys(policy.refuse), (e) => e === command || command.startsWith(`${e} `));
  const allowance = longest(policy.allow, (e) => covers(e, command));
  if (refusal !== undefined && (allowance === undefined || refusal.length >= allowance.length)) {
    return { ok: false, rule: 'refused-command', reason: policy.refuse[refusal]! };
  }
  if (allowance !== undefined) return { ok: true };
  return { ok: false, rule: 'not-allowed', reason: 'is not in the allow list' };
}

/** The longest entry that matches (the first of equal length), as a loop: on every docker call
 *  (pflag.ts findLong says why loops). */
function longest(entries: readonly string[], matches: (entry: string) => boolean): string | undefined {
  let best: string | undefined;
  for (const e of entries) if ((best === undefined || e.length > best.length) && matches(e)) best = e;
  return best;
}
