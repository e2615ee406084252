import { nodePath } from '../node-builtins.js';

// What the daemon's `local` volume driver does with its options (moby volume/local: it accepts
// `type`, `o`, `device`, `size` and runs mount(device, <volume dir>, type, o) as root). Shared by
// `run --mount type=volume,volume-opt=…` and compose's top-level `volumes.*.driver_opts`: the same
// options mean the same mount whichever way they were typed.

export type LocalVolumeMount =
  | { readonly kind: 'none' }
  /** `o` with bind/rbind (or `type=none`): `device` is a host path seen by every user of the volume. */
  | { readonly kind: 'bind'; readonly device: string; readonly options: readonly string[] }
  /** Any other mount of a host device, an overlay of host directories, a kernel or network file system. */
  | { readonly kind: 'refused'; readonly why: string; readonly bindRule?: true };

const KNOWN_KEYS = new Set(['type', 'o', 'device', 'size']);

/** The names the local driver takes (moby names.RestrictedNameChars). */
export function isVolumeName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name);
}

export function localVolumeMount(opts: ReadonlyMap<string, string>): LocalVolumeMount {
  if (opts.size === 0) return { kind: 'none' };
  for (const key of opts.keys()) {
    if (!KNOWN_KEYS.has(key)) return { kind: 'refused', why: `the option ${JSON.stringify(key)} is not one the local driver takes (type, o, device, size)` };
  }
  const type = (opts.get('type') ?? '').trim().toLowerCase();
  // Lower-cased to recognise bind, overlay and propagation words whatever their case (stricter);
  // read-only is read as mount(8) does, case-sensitively, the last of ro/rw winning (`RO` is not).
  // Words compared as the daemon's mount code does: split at commas, not trimmed (` ro` is data).
  const exact = (opts.get('o') ?? '').split(',');
  const o = exact.map((x) => x.trim().toLowerCase()).filter((x) => x !== '');
  const lastRoRw = exact.filter((x) => x === 'ro' || x === 'rw').at(-1);
  const device = opts.get('device');
  // MS_BIND makes mount(2) ignore the file system type: any type with o=bind is a bind.
  if (o.includes('bind') || o.includes('rbind') || type === 'none') {
    if (device === undefined || device === '') return { kind: 'refused', why: 'bind-mount without a device, so docker-guard cannot tell what is mounted' };
    if (!device.startsWith('/')) {
      return { kind: 'refused', why: `bind-mount the relative path ${JSON.stringify(device)}, which the daemon resolves against its own working directory`, bindRule: true };
    }
    const options = o.filter((x) => x !== 'bind' && x !== 'rbind' && x !== 'ro' && x !== 'rw');
    return { kind: 'bind', device: nodePath().posix.normalize(device), options: lastRoRw === 'ro' ? [...options, 'ro'] : options };
  }
  if (o.some((x) => /^(lowerdir|upperdir|workdir)=/.test(x))) return { kind: 'refused', why: `overlay-mount host directories (o=${opts.get('o')})` };
  if (device !== undefined && !(type === 'tmpfs' && (device === '' || device === 'tmpfs'))) {
    return { kind: 'refused', why: `mount ${JSON.stringify(device)}${type ? ` as ${type}` : ''} (a host device, a kernel file system such as proc, or a remote share) as root` };
  }
  if (type !== '' && type !== 'tmpfs') return { kind: 'refused', why: `mount a file system of type ${type}; only tmpfs volumes and binds may be set up with driver options` };
  return { kind: 'none' };
}
