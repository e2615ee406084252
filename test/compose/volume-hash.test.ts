import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { composeVolumeHash } from '../../src/compose/volume-hash.js';

// The expected side is the JSON Go's json.Marshal writes for compose-go's VolumeConfig (field
// order name, driver, driver_opts, external, labels; empty ones omitted; map keys sorted; <, >, &
// escaped), written out by hand and hashed by sha256sum: the test checks the serialisation.
const sha256 = (s: string): string => execFileSync('sha256sum', { input: s, encoding: 'utf8' }).split(' ')[0]!;

describe('composeVolumeHash (compose v2.36.2 VolumeHash)', () => {
  it.each([
    [{ name: 'demo_db' }, '{"name":"demo_db","driver":"local"}'],
    [{ name: 'demo_db', driver: 'local' }, '{"name":"demo_db","driver":"local"}'],
    [{ name: 'demo_db', driver: '' }, '{"name":"demo_db","driver":"local"}'],
    [{ labels: { b: '2', a: '1' }, name: 'p_v', driver_opts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } },
      '{"name":"p_v","driver":"local","driver_opts":{"device":"tmpfs","o":"size=1m","type":"tmpfs"},"labels":{"a":"1","b":"2"}}'],
    [{ name: 'p_v', external: false, labels: {} }, '{"name":"p_v","driver":"local"}'],
    [{ name: 'p_v', labels: { note: 'a<b & "c" \\ d>' } }, '{"name":"p_v","driver":"local","labels":{"note":"a\\u003cb \\u0026 \\"c\\" \\\\ d\\u003e"}}'],
  ])('%j', (vol, goJson) => {
    expect(composeVolumeHash(vol)).toBe(sha256(goJson));
  });

  it('is unsure (undefined) where Go could write other bytes than it would', () => {
    expect(composeVolumeHash({ name: 'p_v', labels: { note: 'é' } })).toBeUndefined();
    expect(composeVolumeHash({ name: 'p_v', labels: { n: 1 } })).toBeUndefined();
    expect(composeVolumeHash({ name: 'p_v\n' })).toBeUndefined();
  });
});
