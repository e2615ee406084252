import { describe, expect, it } from 'vitest';
import { parseVolumeSpec, type VolumeSpec } from '../../src/container/volume-spec.js';

const CWD = '/home/ai-worker/work/proj';

type Row = [spec: string, expected: VolumeSpec];
const rows: Row[] = [
  ['/:/host', { kind: 'bind', source: '/', target: '/host', options: [], bind: '/:/host' }],
  ['/etc:/h:ro,Z,rshared', { kind: 'bind', source: '/etc', target: '/h', options: ['ro', 'z', 'rshared'], bind: '/etc:/h:ro,Z,rshared' }],
  // A leading `.` is made absolute against the working directory (grammar 7.3).
  ['.:/h', { kind: 'bind', source: CWD, target: '/h', options: [], bind: `${CWD}:/h` }],
  ['./sub:/h', { kind: 'bind', source: `${CWD}/sub`, target: '/h', options: [], bind: `${CWD}/sub:/h` }],
  ['..:/h', { kind: 'bind', source: '/home/ai-worker/work', target: '/h', options: [], bind: '/home/ai-worker/work:/h' }],
  ['../../..:/h:ro', { kind: 'bind', source: '/home', target: '/h', options: ['ro'], bind: '/home:/h:ro' }],
  ['.hidden:/h', { kind: 'bind', source: `${CWD}/.hidden`, target: '/h', options: [], bind: `${CWD}/.hidden:/h` }],
  // `~` is not expanded: a (bad) volume name to the daemon.
  ['~/x:/h', { kind: 'named', source: '~/x', target: '/h', options: [], bind: '~/x:/h' }],
  ['myvol:/data', { kind: 'named', source: 'myvol', target: '/data', options: [], bind: 'myvol:/data' }],
  ['myvol:/data:ro,nocopy', { kind: 'named', source: 'myvol', target: '/data', options: ['ro', 'nocopy'], bind: 'myvol:/data:ro,nocopy' }],
  ['rel/x:/h', { kind: 'named', source: 'rel/x', target: '/h', options: [], bind: 'rel/x:/h' }],
  // Commas do not separate specs.
  ['/a:/b,/c:/d', { kind: 'bind', source: '/a', target: '/b,/c', options: ['/d'], bind: '/a:/b,/c:/d' }],
  // Anonymous volumes (Config.Volumes): 1-2 bytes, or a single section (a drive letter keeps its colon).
  ['/data', { kind: 'anonymous', target: '/data' }],
  ['/:', { kind: 'anonymous', target: '/:' }],
  ['ab', { kind: 'anonymous', target: 'ab' }],
  ['x:', { kind: 'anonymous', target: 'x:' }],
  ['c:/h', { kind: 'anonymous', target: 'c:/h' }],
  // A drive letter inside: the client keeps `c:/x` together, the daemon splits it -> volume `c`.
  ['c:/x:/h', { kind: 'named', source: 'c', target: '/x', options: ['/h'], bind: 'c:/x:/h' }],
  ['/a:c:/b', { kind: 'bind', source: '/a', target: 'c', options: ['/b'], bind: '/a:c:/b' }],
];

describe('parseVolumeSpec (-v/--volume)', () => {
  it.each(rows)('%j', (spec, expected) => {
    expect(parseVolumeSpec(spec, CWD)).toEqual({ ok: true, volume: expected });
  });

  it.each(['', '/a::/b', ':/h', '/a:/b:ro:x', 'xy:', '/h:'])('%j is an error', (spec) => {
    expect(parseVolumeSpec(spec, CWD).ok).toBe(false);
  });

  it('needs an absolute working directory for a `.` source', () => {
    expect(parseVolumeSpec('.:/h', 'relative').ok).toBe(false);
    expect(parseVolumeSpec('/x:/h', 'relative').ok).toBe(true);
  });
});
