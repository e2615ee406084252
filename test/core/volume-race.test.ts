import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkComposeModel, composeNetworkNames, composeVolumeNames } from '../../src/compose/model-rules.js';
import type { VolumeFact } from '../../src/container/container-request.js';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { decide } from '../../src/policy/decide.js';
import { DEFAULT_ALLOW, DEFAULT_CONTAINER_RULES } from '../../src/policy/default-policy.js';
import { policyOf } from '../support/policy-of.js';
import type { Decision, Facts } from '../../src/policy/decision.js';
import type { Policy } from '../../src/policy/policy.js';

// A policy that allows `volume create` lets the caller make a volume, with any options, under the
// name a run is about to use, between the guard's "it does not exist" and docker creating it (a
// red-team round won that race 40 times of 40 and read /etc/shadow through a bind of /).

const split = (s: string): string[] => (s === '' ? [] : s.split(' '));

function at(argv: string, policy: Policy, targetContainers?: Facts['targetContainers'], more: Partial<Facts> = {}): Decision {
  return decide(parseArgv(split(argv)), policy, { cwd: '/w', realpaths: {}, ...(targetContainers ? { targetContainers } : {}), ...more });
}

describe('with volume create allowed, a named volume that does not exist yet is refused (volume-race)', () => {
  const plain: VolumeFact = { exists: true, usedBy: [], driver: 'local', options: {}, labels: {} };
  const volumes = { fresh1: { exists: false as const }, plain };

  it.each(['run --rm -v fresh1:/h img', 'run --rm --mount type=volume,src=fresh1,dst=/h img', 'create -v fresh1:/h img'])('docker %s', (argv) => {
    const p = policyOf({ allow: [...DEFAULT_ALLOW, 'create', 'volume create'], refuse: {} });
    const d = at(argv, p, undefined, { volumes });
    expect(d).toMatchObject({ kind: 'refused', rule: 'volume-race', reason: expect.stringContaining('create the volume first (`docker volume create fresh1`)') });
    // an existing plain volume is what it is; without `volume create` docker alone makes the missing one
    expect(at(argv.replace('fresh1', 'plain'), p, undefined, { volumes })).toMatchObject({ kind: 'allowed' });
    expect(at(argv, policyOf({ allow: [...DEFAULT_ALLOW, 'create'], refuse: {} }), undefined, { volumes })).toMatchObject({ kind: 'allowed' });
  });

  it('`volume` as a whole allows `volume create`: the same', () => {
    expect(at('run -v fresh1:/h img', policyOf({ allow: [...DEFAULT_ALLOW, 'volume'], refuse: {} }), undefined, { volumes })).toMatchObject({ kind: 'refused', rule: 'volume-race' });
  });

  it('compose: a service volume compose would create is refused the same way; one that exists passes', () => {
    const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compose');
    const CWD = '/home/dev/demo';
    for (const name of ['allowed-named-volume', 'escape-volume-plugin-driver']) {
      const model: unknown = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
      const names = composeVolumeNames(model);
      expect(names.length, name).toBeGreaterThan(0);
      const networks = Object.fromEntries(composeNetworkNames(model).map((n) => [n, { exists: false as const }]));
      const missing = { cwd: CWD, realpaths: {}, networks, volumes: Object.fromEntries(names.map((n) => [n, { exists: false as const }])) };
      const existing = { cwd: CWD, realpaths: {}, networks, volumes: Object.fromEntries(names.map((n) => [n, name === 'allowed-named-volume' ? plain : { ...plain, driver: 'rexray/ebs' }])) };
      const rules = { ...DEFAULT_CONTAINER_RULES, allowBindMountsUnder: [CWD] };
      const volumeCreate = (c: string): boolean => c === 'volume create';
      expect(checkComposeModel(model, rules, missing, [], { allowed: volumeCreate }), name).toMatchObject({ rule: 'volume-race' });
      expect(checkComposeModel(model, rules, existing, [], { allowed: volumeCreate }), name).toBeUndefined();
      if (name === 'allowed-named-volume') expect(checkComposeModel(model, rules, missing, [], { allowed: () => false }), name).toBeUndefined();
    }
  });
});
