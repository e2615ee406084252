import { ROOT, type CommandNode } from '../docker/command-tree.js';
import type { Policy } from './policy.js';

// Whether the policy lets a canonical command (or a plugin command) run, by its name alone.

export type Permission = { ok: true } | { ok: false; rule: 'refused-command' | 'not-allowed'; reason: string };

/** Hidden commands are never covered by a management-command entry: `system` does not allow
 *  `system dial-stdio`, a raw tunnel to the daemon; only an exact entry does. */
function isHidden(command: string): boolean {
  let node: CommandNode | undefined = ROOT;
  for (const word of command.split(' ')) {
    node = node.children?.find((c) => c.name === word);
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
  const refusal = Object.keys(policy.refuse).filter((e) => e === command || command.startsWith(`${e} `))
    .sort((a, b) => b.length - a.length)[0];
  const allowance = policy.allow.filter((e) => covers(e, command)).sort((a, b) => b.length - a.length)[0];
  if (refusal !== undefined && (allowance === undefined || refusal.length >= allowance.length)) {
    return { ok: false, rule: 'refused-command', reason: policy.refuse[refusal]! };
  }
  if (allowance !== undefined) return { ok: true };
  return { ok: false, rule: 'not-allowed', reason: 'is not in the allow list' };
}
