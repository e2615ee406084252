import { describe, expect, it } from 'vitest';
import { describeCaller, type Identity, isRestricted } from '../../src/identity.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { groupEntries, groupsOfCaller, namesOfUids, passwdEntries } from '../../src/user-database.js';
import { policyOf } from '../support/policy-of.js';

/** A policy restricting exactly whom `json` names (policyOf alone restricts everyone). */
const policy = (json: { users?: string[]; groups?: string[] }) => policyOf({ users: [], groups: [], ...json });
const who = (uids: number[], users: string[] | undefined, names: string[] = [], gids: string[] = []): Identity => ({ uids, users, groups: { gids, names } });

describe('isRestricted', () => {
  const agent = who([1001], ['ai-worker'], ['users', 'docker'], ['100', '131']);
  const admin = who([1000], ['alice'], ['wheel', 'docker'], ['1', '131']);
  it('the built-in policy restricts everyone, root included', () => {
    expect(isRestricted(defaultPolicy(), who([0], ['root'], ['root'], ['0']))).toBe(true);
  });
  it('by user name, by uid, by group name, by gid', () => {
    expect(isRestricted(policy({ users: ['ai-worker'] }), agent)).toBe(true);
    expect(isRestricted(policy({ users: ['ai-worker'] }), admin)).toBe(false);
    expect(isRestricted(policy({ users: ['1001'] }), agent)).toBe(true);
    expect(isRestricted(policy({ users: ['1001'] }), admin)).toBe(false);
    expect(isRestricted(policy({ groups: ['users'] }), agent)).toBe(true);
    expect(isRestricted(policy({ groups: ['users'] }), admin)).toBe(false);
    expect(isRestricted(policy({ groups: ['100'] }), agent)).toBe(true);
    expect(isRestricted(policy({ groups: ['100'] }), admin)).toBe(false);
    expect(isRestricted(policy({ users: ['*'] }), admin)).toBe(true);
  });
  it('an id written with leading zeros is that id', () => {
    expect(isRestricted(policy({ users: ['01001'] }), agent)).toBe(true);
    expect(isRestricted(policy({ groups: ['0100'] }), agent)).toBe(true);
    expect(isRestricted(policy({ users: ['01000'] }), agent)).toBe(false);
  });
  it('any of several names for the uid, and the effective uid as well as the real one', () => {
    const aliased = who([1001], ['ai-alias', 'ai-worker']);
    expect(isRestricted(policy({ users: ['ai-worker'] }), aliased)).toBe(true);
    expect(isRestricted(policy({ users: ['ai-alias'] }), aliased)).toBe(true);
    const setuid = who([1000, 1001], ['alice', 'ai-worker']);
    expect(isRestricted(policy({ users: ['1001'] }), setuid)).toBe(true);
    expect(isRestricted(policy({ users: ['ai-worker'] }), setuid)).toBe(true);
    expect(isRestricted(policy({ users: ['bob'] }), setuid)).toBe(false);
  });
  it('a policy restricting everyone does not ask who is calling (no /etc/passwd or /etc/group read)', () => {
    const unasked: Identity = {
      uids: [1000],
      get users(): string[] {
        throw new Error('users read');
      },
      get groups(): { gids: string[]; names: string[] } {
        throw new Error('groups read');
      },
    };
    expect(isRestricted(defaultPolicy(), unasked)).toBe(true);
    expect(isRestricted(policy({ users: ['*'] }), unasked)).toBe(true);
  });
  it('a caller whose name cannot be found is restricted, whatever the policy names', () => {
    expect(isRestricted(policy({ users: ['ai-worker'] }), who([4242], undefined))).toBe(true);
    expect(isRestricted(policy({ groups: ['agents'] }), who([4242], undefined))).toBe(true);
  });
  it('check names the caller by every name, or by uid when it has none', () => {
    expect(describeCaller(who([1001], ['ai-alias', 'ai-worker']))).toBe('ai-alias, ai-worker');
    expect(describeCaller(who([4242, 0], undefined))).toBe('uid 4242, 0');
  });
});

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'toor:x:0:0:second root:/root:/bin/sh',
  'ai-alias:x:1001:100::/home/ai:/bin/sh',
  'ai-worker:x:1001:5001::/home/ai:/bin/sh',
  'alice:x:1000:1000::/home/alice:/bin/sh',
  '',
  '+::::::',
  ' \tspaced:x:1002:100::/:/bin/sh',
  ':x:7:7::/:/bin/sh',
  'broken-line',
].join('\n');
const GROUP = ['root:x:0:', 'users:x:100:', 'docker:x:131:alice', 'agents:x:5000:bob,ai-worker', 'team:x:5001:', 'team-again:x:5001:', 'nopass:x:6000', '  late:x:7000:bob, ai-worker'].join('\n');

describe('the user database (passwd(5), group(5) text)', () => {
  const passwd = passwdEntries(PASSWD);
  const group = groupEntries(GROUP);
  it('keeps every entry, duplicates included, and skips lines without a name or an id', () => {
    expect(passwd.map((e) => `${e.name}:${e.uid}:${e.gid}`)).toEqual(['root:0:0', 'toor:0:0', 'ai-alias:1001:100', 'ai-worker:1001:5001', 'alice:1000:1000', '+::', 'spaced:1002:100']);
    expect(group.map((g) => `${g.name}:${g.gid}:${g.members.join(',')}`)).toEqual([
      'root:0:', 'users:100:', 'docker:131:alice', 'agents:5000:bob,ai-worker', 'team:5001:', 'team-again:5001:', 'nopass:6000:', 'late:7000:bob,ai-worker',
    ]);
  });
  it('a uid has every name passwd gives it; a uid with none makes the caller unknown', () => {
    expect(namesOfUids([1001], passwd)).toEqual(['ai-alias', 'ai-worker']);
    expect(namesOfUids([0], passwd)).toEqual(['root', 'toor']);
    expect(namesOfUids([1000, 1001], passwd)).toEqual(['alice', 'ai-alias', 'ai-worker']);
    expect(namesOfUids([4242], passwd)).toBeUndefined();
    expect(namesOfUids([1000, 4242], passwd)).toBeUndefined();
  });
  it("the caller's groups: the kernel's, each passwd entry's primary group, and member lists naming any of its names", () => {
    // kernel: only its own gid 4000 (not in /etc/group): primary groups 100 and 5001 come from
    // passwd, agents from the member list.
    expect(groupsOfCaller([1001], [4000], passwd, group)).toEqual({ gids: ['4000', '100', '5001', '5000', '7000'], names: ['users', 'agents', 'team', 'team-again', 'late'] });
    // Blanks before a line or a member are skipped, as glibc does.
    expect(namesOfUids([1002], passwd)).toEqual(['spaced']);
    expect(groupsOfCaller([1000], [1000, 131], passwd, group)).toEqual({ gids: ['1000', '131'], names: ['docker'] });
    // gid 0 is a group like any other (a mutant dropped it).
    expect(groupsOfCaller([1000], [0], passwd, group)).toEqual({ gids: ['0', '1000', '131'], names: ['root', 'docker'] });
    // -1 stands for "the runtime could not say": not a group.
    expect(groupsOfCaller([4242], [-1, 4242], passwd, group)).toEqual({ gids: ['4242'], names: [] });
  });
});
