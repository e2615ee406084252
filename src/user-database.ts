// Pure readers of passwd(5) and group(5) text, for deciding whom a policy restricts. They keep
// every entry, duplicates included: a uid may have several names (an alias account, a BSD-style
// `toor`), and a policy naming any of them restricts the caller, whichever line comes first.
// Loops, not Array builtins: this runs on every docker call under a policy that names users.

export interface PasswdEntry {
  readonly name: string;
  readonly uid: string;
  readonly gid: string;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: string;
  readonly members: readonly string[];
}

/** name:password:uid:gid:… lines; a line without a name or a uid field is skipped. Blanks before
 *  a line (and before a group member) are skipped, as glibc's files parser does. */
export function passwdEntries(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trimStart().split(':');
    if (f[0] && f[2] !== undefined) out.push({ name: f[0], uid: f[2], gid: f[3] ?? '' });
  }
  return out;
}

/** name:password:gid:member,member lines; a line without a name or a gid field is skipped. */
export function groupEntries(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trimStart().split(':');
    if (!f[0] || f[2] === undefined) continue;
    const members: string[] = [];
    for (const m of (f[3] ?? '').split(',')) if (m.trimStart() !== '') members.push(m.trimStart());
    out.push({ name: f[0], gid: f[2], members });
  }
  return out;
}

/** Every name passwd gives each uid, or undefined when one of the uids has none (unknown caller). */
export function namesOfUids(uids: readonly number[], passwd: readonly PasswdEntry[]): string[] | undefined {
  const names: string[] = [];
  for (const uid of uids) {
    let found = false;
    for (const e of passwd) {
      if (e.uid !== String(uid)) continue;
      found = true;
      if (!names.includes(e.name)) names.push(e.name);
    }
    if (!found) return undefined;
  }
  return names;
}

/**
 * The groups a caller counts as in: the kernel's (real, effective, supplementary), the primary
 * group passwd gives any of its uids, and every group listing one of its names as a member. The
 * kernel's list alone misses a membership added after the caller's login (until it logs in again),
 * and passwd's alone misses `newgrp`; a policy restricting a group restricts by any of them.
 * Returns the gids (as text) and the names of those gids.
 */
export function groupsOfCaller(
  uids: readonly number[],
  kernelGids: readonly number[],
  passwd: readonly PasswdEntry[],
  group: readonly GroupEntry[],
): { gids: string[]; names: string[] } {
  const gids: string[] = [];
  const add = (gid: string): void => {
    if (gid !== '' && !gids.includes(gid)) gids.push(gid);
  };
  for (const gid of kernelGids) if (gid >= 0) add(String(gid));
  const userNames: string[] = [];
  for (const uid of uids) {
    for (const e of passwd) {
      if (e.uid !== String(uid)) continue;
      add(e.gid);
      userNames.push(e.name);
    }
  }
  for (const g of group) {
    for (const m of g.members) if (userNames.includes(m)) add(g.gid);
  }
  const names: string[] = [];
  for (const g of group) if (gids.includes(g.gid) && !names.includes(g.name)) names.push(g.name);
  return { gids, names };
}
