import type { Policy } from './policy/policy.js';
import { readTextFile } from './read-text-file.js';

// Who is calling, and whether the policy restricts them. Reads /etc/passwd and /etc/group (the
// NixOS user database lives there); anything that cannot be determined counts as restricted.

export interface Identity {
  readonly uid: number;
  readonly user: string | undefined;
  readonly groups: readonly string[];
}

export function currentIdentity(): Identity {
  const uid = process.getuid?.() ?? -1;
  // /etc/passwd and /etc/group are read only when the policy asks (a policy restricting everyone
  // never does): each file read is start-up time. Not os.userInfo(): Bun's answers "unknown" for
  // root when $USER is unset, i.e. it trusts the caller.
  let user: { name: string | undefined } | undefined;
  let groups: readonly string[] | undefined;
  return {
    uid,
    get user(): string | undefined {
      user ??= { name: namesById('/etc/passwd').get(String(uid)) };
      return user.name;
    },
    get groups(): readonly string[] {
      if (groups === undefined) {
        const gids = new Set<number>([...(process.getgroups?.() ?? []), process.getegid?.() ?? -1, process.getgid?.() ?? -1]);
        const names = namesById('/etc/group');
        groups = [...gids].map((gid) => names.get(String(gid))).filter((g): g is string => g !== undefined);
      }
      return groups;
    },
  };
}

/** id -> name from a passwd(5)/group(5) file (the id is the third field); empty if unreadable. */
function namesById(file: string): Map<string, string> {
  const out = new Map<string, string>();
  // Not fatal: a name elsewhere in the file in another encoding must not hide the caller's.
  const read = readTextFile(file, false);
  if (!read.ok) return out;
  for (const line of read.text.split('\n')) {
    const fields = line.split(':');
    if (fields[0] && fields[2] !== undefined && !out.has(fields[2])) out.set(fields[2], fields[0]);
  }
  return out;
}

/** Pure: is this identity one the policy restricts? An unknown user name is restricted. */
export function isRestricted(policy: Policy, who: Identity): boolean {
  if (policy.restrict.everyone) return true;
  if (who.user === undefined) return true;
  const { users, groups } = policy.restrict;
  return users.includes(who.user) || users.includes(String(who.uid)) || (groups.length > 0 && who.groups.some((g) => groups.includes(g)));
}
