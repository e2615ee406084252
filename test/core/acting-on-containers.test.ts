import { describe, expect, it } from 'vitest';
import { emptyRequest } from '../../src/container/container-request.js';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { containerTargets } from '../../src/policy/container-targets.js';
import { decide } from '../../src/policy/decide.js';
import { DEFAULT_ALLOW } from '../../src/policy/default-policy.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { policyOf } from '../support/policy-of.js';
import type { Decision, Facts } from '../../src/policy/decision.js';
import type { Policy } from '../../src/policy/policy.js';

// Policies that allow one more command than the default (cp, exec, attach, kill, update, rename,
// tag): what red-team rounds did with each, refused.

const split = (s: string): string[] => (s === '' ? [] : s.split(' '));
const adminpriv = { name: 'adminpriv', volumes: [], request: emptyRequest({ hostPaths: [{ source: '/', target: '/host', options: [], origin: 'its bind of / at /host' }] }) };
const adminsvc = { name: 'adminsvc', volumes: [], request: emptyRequest({ privileged: true }) };
const web = { name: 'web', volumes: [], request: emptyRequest({}) };

/** The default policy with `extra` allowed and nothing refused by name. */
const allowing = (...extra: string[]): Policy => policyOf({ allow: [...DEFAULT_ALLOW, ...extra], refuse: {} });

function at(argv: string, policy: Policy, targetContainers?: Facts['targetContainers'], more: Partial<Facts> = {}): Decision {
  return decide(parseArgv(split(argv)), policy, { cwd: '/w', realpaths: {}, ...(targetContainers ? { targetContainers } : {}), ...more });
}

describe('the containers cp, exec, attach, kill, update and rename name are read as docker reads them', () => {
  it.each([
    // cp: an absolute path is local; else before the first colon is a container, unless it starts with `.`
    ['container cp', 'f adminpriv:/host/tmp/', ['adminpriv']],
    ['container cp', 'adminpriv:/host/etc/shadow -', ['adminpriv']],
    ['container cp', '- adminpriv:/host/tmp', ['adminpriv']],
    ['container cp', '-a f c:/x', ['c']],
    ['container cp', 'f c:/x -L', ['c']],
    ['container cp', 'a:b/c:d e', ['a']],
    ['container cp', 'dir/x:y z', ['dir/x']],
    ['container cp', './a:b c:/x', ['c']],
    ['container cp', '.a:b c:/x', ['c']],
    ['container cp', '/abs:x c:/y', ['c']],
    ['container cp', ':x y', []],
    ['container cp', 'f g', []],
    ['container cp', 'a:/x b:/y', ['a', 'b']],
    ['container cp', '-- f -c:/x', ['-c']],
    // exec stops at the container (SetInterspersed(false)): the rest is the command
    ['container exec', '-it c sh -c x', ['c']],
    ['container exec', '-u root -e A=1 --env-file f -w /x --detach-keys ctrl-x c id', ['c']],
    ['container exec', 'c --privileged', ['c']],
    ['container exec', '-- c sh', ['c']],
    ['container attach', '--sig-proxy=false --no-stdin c', ['c']],
    ['container attach', 'c --detach-keys ctrl-x', ['c']],
    ['container kill', '-s TERM a b', ['a', 'b']],
    ['container kill', 'a --signal=HUP b', ['a', 'b']],
    ['container update', '--restart always adminjob', ['adminjob']],
    ['container update', '-m 10m --cpus 1 -c 2 a b', ['a', 'b']],
    ['container update', 'a --kernel-memory 1g', ['a']],
    ['container rename', 'adminpriv mine', ['adminpriv']],
  ])('%s %s', (command, args, words) => {
    expect(containerTargets(command, split(args))).toEqual({ kind: 'named', words });
  });

  it.each([
    ['container cp', '--bogus f c:/x'], ['container exec', '--bogus c sh'], ['container exec', '-u'],
    ['container attach', '-i c'], ['container kill', '--time 1 c'], ['container update', '--privileged c'],
    ['container rename', '-f a b'], ['image tag', '--force a b'],
  ])('%s %s: flags docker does not take leave the targets unread', (command, args) => {
    expect(containerTargets(command, split(args))).toMatchObject({ kind: 'unread' });
  });

  it('help acts on nothing', () => {
    for (const [command, args] of [['container cp', '--help'], ['container exec', '-h c sh'], ['container kill', 'c -h'], ['container update', '--help c'], ['container rename', '-h a b'], ['image tag', '--help a b']] as const) {
      expect(containerTargets(command, split(args)), `${command} ${args}`).toBeUndefined();
    }
  });

  it('tag re-points its TARGET name, as `build -t` does', () => {
    expect(containerTargets('image tag', ['agentimg', 'rt-busybox:latest'])).toEqual({ kind: 'created-from', images: ['rt-busybox:latest'] });
    // SetInterspersed(false): a flag after SOURCE is a word
    expect(containerTargets('image tag', ['a', '--help'])).toEqual({ kind: 'created-from', images: ['--help'] });
  });
});

describe('a container the policy would not let the caller create is not the caller\'s to act on (powerful-container)', () => {
  it.each([
    ['cp', 'cp f adminpriv:/host/tmp/', 'what is copied into it lands with those powers'],
    ['cp', 'container cp adminpriv:/host/etc/shadow -', 'what is copied into it lands with those powers'],
    ['exec', 'exec -it adminpriv sh', 'the caller\'s commands would run inside it'],
    ['attach', 'attach adminpriv', 'the caller\'s commands would run inside it'],
    ['kill', 'kill -s TERM web adminpriv', 'a signal can make the daemon restart it'],
    ['update', 'update --restart always adminpriv', 'a new restart policy makes the daemon start it'],
    ['rename', 'rename adminpriv mine', 'its name would pass to a container of the caller\'s'],
  ])('with %s allowed: docker %s', (extra, argv, why) => {
    const p = allowing(extra);
    expect(at(argv, p, { ok: true, containers: [web, adminpriv] })).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('acts on the container adminpriv, one the policy would not let the caller create') });
    expect(at(argv, p, { ok: true, containers: [adminsvc] })).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining(why) });
    expect(at(argv, p, { ok: true, containers: [web] })).toMatchObject({ kind: 'allowed' });
    expect(at(argv, p)).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    expect(at(argv, p, { ok: false, error: 'x' })).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    // the default policy refuses the command by name, before any daemon question
    expect(at(argv, defaultPolicy(), { ok: true, containers: [web] })).toMatchObject({ kind: 'refused', rule: expect.stringMatching(/^(refused-command|not-allowed)$/) });
  });

  it('argv whose flags do not parse is refused, not forwarded', () => {
    const p = allowing('cp', 'kill', 'update');
    for (const argv of ['cp --bogus f web:/x', 'kill --bogus web', 'update --privileged web']) {
      expect(at(argv, p, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'refused', rule: 'malformed-argv' });
    }
  });

  it('a cp between local paths, or help, asks about no container', () => {
    const p = allowing('cp', 'exec');
    for (const argv of ['cp ./a:b /tmp/x', 'cp --help', 'exec --help']) expect(at(argv, p), argv).toMatchObject({ kind: 'allowed' });
  });

  it('with tag allowed: `tag agentimg NAME` of the name a powerful container was made from is refused, like `build -t NAME`', () => {
    const p = allowing('tag');
    for (const argv of ['tag agentimg rt-busybox:latest', 'image tag agentimg docker.io/library/rt-busybox']) {
      expect(at(argv, p, { ok: true, containers: [adminpriv] }), argv).toMatchObject({ kind: 'refused', rule: 'powerful-container', reason: expect.stringContaining('the tag would point the name of the image it was created from at an image of the caller\'s choosing') });
      expect(at(argv, p, { ok: true, containers: [web] }), argv).toMatchObject({ kind: 'allowed' });
      expect(at(argv, p), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
    }
    expect(at('tag --help a b', p)).toMatchObject({ kind: 'allowed' });
    expect(at('tag --bogus a b', p)).toMatchObject({ kind: 'refused', rule: 'malformed-argv' });
  });
});

describe('with exec allowed, `exec --privileged` needs containers.privileged', () => {
  it.each(['exec --privileged web sh', 'exec -it --privileged=true web sh', 'container exec --privileged=1 -u 0 web id'])('docker %s', (argv) => {
    const d = at(argv, allowing('exec'), { ok: true, containers: [web] });
    expect(d).toMatchObject({ kind: 'refused', rule: 'privileged', reason: expect.stringContaining('(policy: containers.privileged)') });
    expect(at(argv, policyOf({ allow: [...DEFAULT_ALLOW, 'exec'], refuse: {}, containers: { privileged: true } }), { ok: true, containers: [web] })).toMatchObject({ kind: 'allowed' });
  });

  it.each(['exec web sh', 'exec --privileged=false web sh', 'exec web --privileged', 'exec -it web sh -c "x --privileged"'])('docker %s is allowed', (argv) => {
    expect(at(argv, allowing('exec'), { ok: true, containers: [web] })).toMatchObject({ kind: 'allowed' });
  });

  it('a --privileged value that is not a Go bool is malformed', () => {
    expect(at('exec --privileged=yes web sh', allowing('exec'), { ok: true, containers: [web] })).toMatchObject({ kind: 'refused', rule: 'malformed-argv' });
  });
});
