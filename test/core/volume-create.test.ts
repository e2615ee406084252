import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { decide } from '../../src/policy/decide.js';
import { DEFAULT_ALLOW } from '../../src/policy/default-policy.js';
import { policyOf } from '../support/policy-of.js';
import type { Decision } from '../../src/policy/decision.js';
import type { Policy } from '../../src/policy/policy.js';

// A policy that allows `volume create` lets the caller make a volume under the name a run is about
// to use, between the guard's "it does not exist" and docker creating it (a red-team round won
// that race 40 times of 40 and read /etc/shadow through a bind of /; another removed and recreated
// an existing one). So what `volume create` may make is checked where it is made: nothing the local
// driver would mount but a tmpfs, no label compose would take for a project's.

const split = (s: string): string[] => (s === '' ? [] : s.split(' '));
const at = (argv: string, policy: Policy): Decision => decide(parseArgv(split(argv)), policy, { cwd: '/w', realpaths: {}, volumes: { fresh1: { exists: false } } });
const mayCreate = policyOf({ allow: [...DEFAULT_ALLOW, 'create', 'volume create'], refuse: {} });
const rule = (d: Decision): string => (d.kind === 'allowed' ? 'ok' : d.rule);

describe('volume create, under a policy that allows it', () => {
  it.each([
    ['volume create --opt type=none --opt o=bind --opt device=/ v', 'bind-mount'],
    ['volume create -o o=bind -o device=/srv/agent/x v', 'bind-mount'],
    ['volume create -o o=rbind,ro -o device=/etc', 'bind-mount'],
    ['volume create -o type=none -o device=relative v', 'bind-mount'],
    ['volume create -d local -o type=proc -o device=proc v', 'volume-options'],
    ['volume create -o type=ext4 -o device=/dev/sda1 v', 'volume-options'],
    ['volume create -o o=lowerdir=/etc,upperdir=/u,workdir=/w -o type=overlay v', 'volume-options'],
    ['volume create -o foo=bar v', 'volume-options'],
    ['volume create --driver= -o o=bind -o device=/ v', 'bind-mount'],
    ['volume create --label com.docker.compose.project=adminproj v', 'reserved-label'],
    ['volume create --type mount --scope multi v', 'volume-options'],
    ['volume create --bogus v', 'malformed-argv'],
  ])('%s: %s', (argv, expected) => {
    expect(rule(at(argv, mayCreate))).toBe(expected);
  });

  it.each([
    'volume create v', 'volume create', 'volume create --label team=a v', 'volume create -o type=tmpfs -o device=tmpfs -o o=size=10m v',
    'volume create -o size=1g v', 'volume create -d rexray/ebs -o size=10 v', 'volume create --name v', 'volume create --help -o o=bind',
  ])('%s: allowed', (argv) => {
    expect(rule(at(argv, mayCreate))).toBe('ok');
  });

  it('refused as not allowed without it, whatever its options', () => {
    expect(rule(at('volume create v', policyOf({ allow: [...DEFAULT_ALLOW], refuse: {} })))).toBe('not-allowed');
  });

  it('so a run of a volume that does not exist yet is docker\'s to create, with or without `volume create` allowed', () => {
    for (const argv of ['run --rm -v fresh1:/h img', 'run --rm --mount type=volume,src=fresh1,dst=/h img', 'create -v fresh1:/h img']) {
      expect(rule(at(argv, mayCreate)), argv).toBe('ok');
    }
  });
});
