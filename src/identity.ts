import type { Policy } from './policy/policy.js';
import { readTextFile } from './read-text-file.js';
import { groupEntries, groupsOfCaller, namesOfUids, passwdEntries, type PasswdEntry } from './user-database.js';

// Who is calling, and whether the policy restricts them. Reads /etc/passwd and /etc/group (the
// NixOS user database lives there); anything that cannot be determined counts as restricted, and
// where the sources could disagree (several names for one uid, real and effective ids, the
// kernel's groups and the files' memberships) every answer counts: a policy naming any of them
// restricts the caller.

export interface Identity {
  /** The real uid, and the effective one when it differs. */
  readonly uids: readonly number[];
  /** Every name /etc/passwd gives those uids; undefined when one of them has none. */
  readonly users: readonly string[] | undefined;
  /** The caller's groups (see groupsOfCaller): their gids as text, and their names. */
  readonly groups: { readonly gids: readonly string[]; readonly names: readonly string[] };
}

export function currentIdentity(): Identity {
  const ruid = process.getuid?.() ?? -1;
  const euid = process.geteuid?.() ?? ruid;
  const uids = ruid === euid ? [ruid] : [ruid, euid];
  // /etc/passwd and /etc/group are read only when the policy asks (a policy restricting everyone
  // never does): each file read is start-up time. Not os.userInfo(): Bun's answers "unknown" for
  // root when $USER is unset, i.e. it trusts the caller.
  let passwd: PasswdEntry[] | undefined;
  const passwdRead = (): PasswdEntry[] => (passwd ??= passwdEntries(textOf('/etc/passwd')));
  let users: { names: string[] | undefined } | undefined;
  let groups: { gids: string[]; names: string[] } | undefined;
  return {
    uids,
    get users(): readonly string[] | undefined {
      users ??= { names: namesOfUids(uids, passwdRead()) };
      return users.names;
    },
    get groups(): { gids: readonly string[]; names: readonly string[] } {
      groups ??= groupsOfCaller(uids, kernelGids(), passwdRead(), groupEntries(textOf('/etc/group')));
      return groups;
    },
  };
}

/** Supplementary, effective and real gids, as the kernel has them. */
function kernelGids(): number[] {
  return [...(process.getgroups?.() ?? []), process.getegid?.() ?? -1, process.getgid?.() ?? -1];
}

/** The file's text, or nothing if unreadable. Not fatal: a name elsewhere in the file in another
 *  encoding must not hide the caller's. */
function textOf(file: string): string {
  const read = readTextFile(file, false);
  return read.ok ? read.text : '';
}

/** Pure: is this identity one the policy restricts? An unknown user name is restricted. Users are
 *  named by name or uid, groups by name or gid. */
export function isRestricted(policy: Policy, who: Identity): boolean {
  if (policy.restrict.everyone) return true;
  const names = who.users;
  if (names === undefined) return true;
  const { users, groups } = policy.restrict;
  for (const u of users) {
    if (names.includes(u)) return true;
    for (const uid of who.uids) if (sameId(u, uid)) return true;
  }
  if (groups.length === 0) return false;
  const mine = who.groups;
  for (const g of groups) {
    if (mine.names.includes(g)) return true;
    for (const gid of mine.gids) if (sameId(g, Number(gid))) return true;
  }
  return false;
}

/** A policy entry of digits names that id, leading zeros and all (`01001` is uid 1001). */
function sameId(entry: string, id: number): boolean {
  return isNumericId(entry) && Number(entry) === id;
}

/** Whether a policy's user or group entry is an id (digits only) rather than a name. */
export function isNumericId(entry: string): boolean {
  if (entry === '') return false;
  for (let i = 0; i < entry.length; i++) {
    const c = entry.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** How `docker-guard check` names the caller: every name, else the uids. */
export function describeCaller(who: Identity): string {
  const names = who.users;
  return names !== undefined && names.length > 0 ? names.join(', ') : `uid ${who.uids.join(', ')}`;
}
