import { describe, expect, it } from 'vitest';
import { parseMountSpec } from '../../src/container/mount-spec.js';

const CWD = '/home/ai-worker/work/proj';

type Expect = { type: string; source: string; target: string; hostPaths: string[]; hostPathOptions?: string[]; readOnly?: boolean; volumeProblem?: unknown; volumeDriver?: string };
const rows: [string, Expect][] = [
  ['type=bind,src=/,dst=/h', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'] }],
  ['TYPE=BIND,SRC=/,DST=/h', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'] }],
  ['dst=/h,type=bind,src=/', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'] }],
  ['Type=Bind,Source=/etc,Destination=/h', { type: 'bind', source: '/etc', target: '/h', hostPaths: ['/etc'] }],
  ['type=bind,source=/etc,target=/h,readonly', { type: 'bind', source: '/etc', target: '/h', hostPaths: ['/etc'], hostPathOptions: ['ro'], readOnly: true }],
  ['type=bind,src=/etc,dst=/h,ro=false', { type: 'bind', source: '/etc', target: '/h', hostPaths: ['/etc'], readOnly: false }],
  // Later keys override earlier ones.
  ['type=volume,src=v,dst=/h,type=bind,src=/', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'] }],
  ['type=bind,src=/,dst=/h,type=volume,src=v', { type: 'volume', source: 'v', target: '/h', hostPaths: [] }],
  // Quoted CSV: a comma inside a value.
  ['type=bind,"src=/a,b",dst=/h', { type: 'bind', source: '/a,b', target: '/h', hostPaths: ['/a,b'] }],
  ['"type=bind","src=/","dst=/h"', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'] }],
  // Only the first CSV record counts; empty lines before it are skipped.
  ['type=volume,dst=/x\ntype=bind,src=/,dst=/h', { type: 'volume', source: '', target: '/x', hostPaths: [] }],
  ['\ntype=bind,src=/,dst=/h', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'] }],
  // `.`-relative sources become absolute, `~` does not.
  ['type=bind,src=.,dst=/h', { type: 'bind', source: CWD, target: '/h', hostPaths: [CWD] }],
  ['type=bind,src=..,dst=/h', { type: 'bind', source: '/home/ai-worker/work', target: '/h', hostPaths: ['/home/ai-worker/work'] }],
  ['type=bind,src=./a/../..,dst=/h', { type: 'bind', source: '/home/ai-worker/work', target: '/h', hostPaths: ['/home/ai-worker/work'] }],
  // Default type is volume; a named volume is no host path.
  ['src=/,dst=/h', { type: 'volume', source: '/', target: '/h', hostPaths: [] }],
  ['source=data,target=/data', { type: 'volume', source: 'data', target: '/data', hostPaths: [] }],
  ['type=tmpfs,dst=/t,tmpfs-size=1m', { type: 'tmpfs', source: '', target: '/t', hostPaths: [] }],
  ['type=image,src=alpine,dst=/img', { type: 'image', source: 'alpine', target: '/img', hostPaths: [] }],
  // The local driver's bind trick.
  ['type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc', { type: 'volume', source: 'v', target: '/h', hostPaths: ['/etc'], hostPathOptions: [] }],
  ['dst=/h,volume-opt=device=/etc,volume-opt=o=rbind', { type: 'volume', source: '', target: '/h', hostPaths: ['/etc'], hostPathOptions: [] }],
  ['dst=/h,"volume-opt=o=bind,rshared",volume-opt=device=/srv', { type: 'volume', source: '', target: '/h', hostPaths: ['/srv'], hostPathOptions: ['rshared'] }],
  // Local-driver options that mount something other than a checkable host path (local-volume.ts).
  ['dst=/h,volume-opt=DEVICE=/etc,volume-opt=device=/home', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: { rule: 'volume-options', why: expect.stringContaining('"DEVICE" is not one the local driver takes') } }],
  ['dst=/h,volume-opt=type=ext4,volume-opt=device=/dev/sda1', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: { rule: 'volume-options', why: expect.stringContaining('"/dev/sda1" as ext4') } }],
  ['dst=/h,volume-opt=type=proc,volume-opt=device=/w/dev', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: { rule: 'volume-options', why: expect.stringContaining('as proc') } }],
  ['dst=/h,volume-opt=type=overlay,volume-opt=device=x,"volume-opt=o=lowerdir=/etc:/w"', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: { rule: 'volume-options', why: expect.stringContaining('overlay-mount host directories') } }],
  ['dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=etc', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: { rule: 'bind-mount', why: expect.stringContaining('relative path "etc"') } }],
  ['dst=/h,volume-opt=device=', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: { rule: 'volume-options', why: expect.any(String) } }],
  // Read-only as mount(8) reads o: case-sensitive, the last of ro/rw wins.
  ['dst=/h,volume-opt=type=none,volume-opt=device=/w,"volume-opt=o=bind,ro,rw"', { type: 'volume', source: '', target: '/h', hostPaths: ['/w'], hostPathOptions: [] }],
  ['dst=/h,volume-opt=type=none,volume-opt=device=/w,"volume-opt=o=bind,RO"', { type: 'volume', source: '', target: '/h', hostPaths: ['/w'], hostPathOptions: [] }],
  ['dst=/h,volume-opt=type=none,volume-opt=device=/w,"volume-opt=o=bind, ro"', { type: 'volume', source: '', target: '/h', hostPaths: ['/w'], hostPathOptions: [] }],
  ['dst=/h,volume-opt=type=none,volume-opt=device=/w,"volume-opt=o=bind,rw,ro"', { type: 'volume', source: '', target: '/h', hostPaths: ['/w'], hostPathOptions: ['ro'] }],
  ['dst=/h,volume-opt=type=tmpfs,volume-opt=o=size=1m', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeProblem: undefined }],
  // A volume plugin gets its options unjudged: the decision refuses the plugin itself.
  ['dst=/h,volume-driver=nfsplug,volume-opt=device=/etc', { type: 'volume', source: '', target: '/h', hostPaths: [], volumeDriver: 'nfsplug', volumeProblem: undefined }],
  ['type=bind,src=/,dst=/h,bind-propagation=RSHARED', { type: 'bind', source: '/', target: '/h', hostPaths: ['/'], hostPathOptions: ['rshared'] }],
];

describe('parseMountSpec (--mount)', () => {
  it.each(rows)('%j', (value, e) => {
    const r = parseMountSpec(value, CWD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect({ type: r.mount.type, source: r.mount.source, target: r.mount.target, hostPaths: r.mount.hostPaths }).toEqual({
      type: e.type,
      source: e.source,
      target: e.target,
      hostPaths: e.hostPaths,
    });
    if (e.hostPathOptions) expect(r.mount.hostPathOptions).toEqual(e.hostPathOptions);
    if ('volumeProblem' in e) expect(r.mount.volumeProblem).toEqual(e.volumeProblem);
    if ('volumeDriver' in e) expect(r.mount.volumeDriver).toEqual(e.volumeDriver);
    if (e.readOnly !== undefined) expect(r.mount.readOnly).toBe(e.readOnly);
  });

  it.each([
    '',
    'type=bind,src=/',
    'type=bind,src="/",dst=/h',
    'type=bind,"src=/,dst=/h',
    'type=bind,src=/,dst=/h,bogus=1',
    'type=bind,src=/,dst=/h,justaword',
    'type=bind,src=/,dst=/h,ro=yes',
    'type=volume,src=v,dst=/h,bind-propagation=rshared',
    'type=bind,src=/,dst=/h,volume-opt=o=bind',
    'type=tmpfs,dst=/h,volume-driver=local',
    'type=bind,src=relative,dst=/h',
    'type=bind,src=~/x,dst=/h',
    'type=bind,dst=/h',
    'type=npipe,src=/x,dst=/h',
    'type=cluster,src=x,dst=/h',
    'type=,dst=/h',
    'type=bind,src=/,dst=/h,bind-recursive=readonly',
  ])('%j is an error', (value) => {
    expect(parseMountSpec(value, CWD).ok).toBe(false);
  });
});
