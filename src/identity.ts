import { readFileSync } from 'node:fs';
import type { Policy } from './policy/policy.js';

// Who is calling, and whether the policy restricts them. Reads /etc/passwd and /etc/group (the
// NixOS user database lives there); anything that cannot be determined counts as restricted.

export interface Identity {
  readonly uid: number;
  readonly user: string | undefined;
  readonly groups: readonly string[];
}

export function currentIdentity(): Identity {
  const uid = process.getuid?.() ?? -1;
  const gids = new Set<number>([...(process.getgroups?.() ?? []), process.getegid?.() ?? -1, process.getgid?.() ?? -1]);
  const user = lookup('/etc/passwd', 2, uid);
  const groups: string[] = [];
  for (const gid of gids) {
    const name = lookup('/etc/group', 2, gid);
    if (name !== undefined) groups.push(name);
  }
  return { uid, user, groups };
}

function lookup(file: string, idField: number, id: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields[idField] === String(id) && fields[0]) return fields[0];
  }
  return undefined;
}

/** Pure: is this identity one the policy restricts? An unknown user name is restricted. */
export function isRestricted(policy: Policy, who: Identity): boolean {
  if (policy.restrict.everyone) return true;
  if (who.user === undefined) return true;
  const { users, groups } = policy.restrict;
  return users.includes(who.user) || users.includes(String(who.uid)) || who.groups.some((g) => groups.includes(g));
}
