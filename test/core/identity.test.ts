import { describe, expect, it } from 'vitest';
import { isRestricted } from '../../src/identity.js';
import { defaultPolicy, parsePolicy } from '../../src/policy/load-policy.js';
import type { Policy } from '../../src/policy/policy.js';

const policy = (json: object): Policy => {
  const p = parsePolicy(JSON.stringify(json));
  if (!p.ok) throw new Error(p.error);
  return p.policy;
};

describe('isRestricted', () => {
  const agent = { uid: 1001, user: 'ai-worker', groups: ['users', 'docker'] };
  const admin = { uid: 1000, user: 'alice', groups: ['wheel', 'docker'] };
  it('the built-in policy restricts everyone, root included', () => {
    expect(isRestricted(defaultPolicy(), { uid: 0, user: 'root', groups: ['root'] })).toBe(true);
  });
  it('by user name, by uid, by group', () => {
    expect(isRestricted(policy({ users: ['ai-worker'] }), agent)).toBe(true);
    expect(isRestricted(policy({ users: ['ai-worker'] }), admin)).toBe(false);
    expect(isRestricted(policy({ users: ['1001'] }), agent)).toBe(true);
    expect(isRestricted(policy({ groups: ['users'] }), agent)).toBe(true);
    expect(isRestricted(policy({ groups: ['users'] }), admin)).toBe(false);
    expect(isRestricted(policy({ users: ['*'] }), admin)).toBe(true);
  });
  it('a policy restricting everyone does not ask who is calling (no /etc/passwd or /etc/group read)', () => {
    const unasked = {
      uid: 1000,
      get user(): string {
        throw new Error('user read');
      },
      get groups(): string[] {
        throw new Error('groups read');
      },
    };
    expect(isRestricted(defaultPolicy(), unasked)).toBe(true);
    expect(isRestricted(policy({ users: ['*'] }), unasked)).toBe(true);
  });
  it('a caller whose name cannot be found is restricted', () => {
    expect(isRestricted(policy({ users: ['ai-worker'] }), { uid: 4242, user: undefined, groups: [] })).toBe(true);
  });
});
