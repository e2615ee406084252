import { nodePath } from '../node-builtins.js';
import { parseGoBool } from '../docker/pflag.js';
import { readFirstCsvRecord } from './go-csv.js';
import { goToLower } from './go-strings.js';
import { localVolumeMount } from './local-volume.js';

// `--mount VALUE` as docker/cli v28.2.2 opts/mount.go:25 MountOpt.Set parses it: one CSV record
// (Go encoding/csv, see go-csv.ts); each field `key=value` with the key lower-cased (`readonly`,
// `ro`, `volume-nocopy`, `bind-nonrecursive` may be bare); later keys override earlier ones; the
// type defaults to `volume` and its value is lower-cased; a `src` starting with `.` (and not
// absolute) becomes filepath.Abs(src); `~` is not expanded; `volume-opt` is repeatable `k=v`
// (the local driver's `type=none,o=bind,device=/path` mounts a host path); unknown keys,
// `volume-*`/`bind-*`/`image-*`/`tmpfs-*` options on another type, a missing target are errors.
//
// Stricter than docker (these only refuse what the daemon would reject or cannot be judged):
// a type other than bind, volume, tmpfs, image; a bind whose source is not absolute. Local-driver
// volume options are judged by local-volume.ts, as compose's driver_opts are.

export interface ParsedMount {
  readonly type: string;
  /** As docker sends it (a leading `.` made absolute). Empty = none (an anonymous volume). */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** bind-propagation, lower case. */
  readonly propagation?: string;
  readonly volumeDriver?: string;
  /** volume-opt entries (driver options), keys as given. */
  readonly volumeOptions: Readonly<Record<string, string>>;
  /** Host paths the container would see: the bind source, or the local driver's bind `device`. */
  readonly hostPaths: readonly string[];
  /** Mount options relevant to the host path, lower case: `ro`, the propagation, the driver's `o` list. */
  readonly hostPathOptions: readonly string[];
  /** Local-driver options that mount something other than a checkable host path (src/container/local-volume.ts). */
  readonly volumeProblem?: { readonly why: string; readonly rule: string };
  /** volume-label values (`key=value`), the labels of the volume docker creates. */
  readonly volumeLabels: readonly string[];
}

export type MountSpecResult = { readonly ok: true; readonly mount: ParsedMount } | { readonly ok: false; readonly error: string };

const BARE_KEYS = new Set(['readonly', 'ro', 'volume-nocopy', 'bind-nonrecursive']);
const KNOWN_TYPES = new Set(['bind', 'volume', 'tmpfs', 'image']);

export function parseMountSpec(value: string, cwd: string): MountSpecResult {
  const csv = readFirstCsvRecord(value);
  if (!csv.ok) return { ok: false, error: `invalid --mount ${JSON.stringify(value)}: ${csv.error}` };
  const fail = (why: string): MountSpecResult => ({ ok: false, error: `invalid --mount ${JSON.stringify(value)}: ${why}` });

  let type = 'volume';
  let source = '';
  let target = '';
  let readOnly = false;
  let propagation: string | undefined;
  let volumeDriver: string | undefined;
  const volumeLabels: string[] = [];
  const volumeOptions: Record<string, string> = Object.create(null) as Record<string, string>;
  let hasVolumeOptions = false;
  let hasBindOptions = false;
  let hasImageOptions = false;
  let hasTmpfsOptions = false;
  let bindRecursive: string | undefined;

  for (const field of csv.fields) {
    const eq = field.indexOf('=');
    const key = goToLower(eq < 0 ? field : field.slice(0, eq));
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (!BARE_KEYS.has(key)) return fail(`invalid field '${field}' must be a key=value pair`);
      if (key === 'readonly' || key === 'ro') readOnly = true;
      else if (key === 'volume-nocopy') hasVolumeOptions = true;
      else hasBindOptions = true;
      continue;
    }
    switch (key) {
      case 'type':
        type = goToLower(val);
        break;
      case 'source':
      case 'src':
        source = val;
        if (!val.startsWith('/') && val.startsWith('.')) {
          if (!cwd.startsWith('/')) return fail(`cannot make ${val} absolute: the working directory is not known`);
          source = nodePath().posix.resolve(cwd, val);
        }
        break;
      case 'target':
      case 'dst':
      case 'destination':
        target = val;
        break;
      case 'readonly':
      case 'ro': {
        const b = parseGoBool(val);
        if (b === undefined) return fail(`invalid value for ${key}: ${val}`);
        readOnly = b;
        break;
      }
      case 'consistency':
        break;
      case 'bind-propagation':
        hasBindOptions = true;
        propagation = goToLower(val);
        break;
      case 'bind-nonrecursive':
        hasBindOptions = true;
        if (parseGoBool(val) === undefined) return fail(`invalid value for ${key}: ${val}`);
        break;
      case 'bind-recursive':
        hasBindOptions = true;
        if (!['enabled', 'disabled', 'writable', 'readonly'].includes(val)) return fail(`invalid value for ${key}: ${val}`);
        bindRecursive = val;
        break;
      case 'volume-subpath':
        hasVolumeOptions = true;
        break;
      case 'volume-label':
        hasVolumeOptions = true;
        volumeLabels.push(val);
        break;
      case 'volume-nocopy':
        hasVolumeOptions = true;
        if (parseGoBool(val) === undefined) return fail(`invalid value for volume-nocopy: ${val}`);
        break;
      case 'volume-driver':
        hasVolumeOptions = true;
        volumeDriver = val;
        break;
      case 'volume-opt': {
        hasVolumeOptions = true;
        const k = val.indexOf('=') < 0 ? val : val.slice(0, val.indexOf('='));
        const v = val.indexOf('=') < 0 ? '' : val.slice(val.indexOf('=') + 1);
        if (k !== '') volumeOptions[k] = v;
        break;
      }
      case 'image-subpath':
        hasImageOptions = true;
        break;
      case 'tmpfs-size':
      case 'tmpfs-mode':
        hasTmpfsOptions = true;
        break;
      default:
        return fail(`unexpected key '${key}' in '${field}'`);
    }
  }

  if (type === '') return fail('type is required');
  if (target === '') return fail('target is required');
  if (hasVolumeOptions && type !== 'volume') return fail(`cannot mix 'volume-*' options with mount type '${type}'`);
  if (hasImageOptions && type !== 'image') return fail(`cannot mix 'image-*' options with mount type '${type}'`);
  if (hasBindOptions && type !== 'bind') return fail(`cannot mix 'bind-*' options with mount type '${type}'`);
  if (hasTmpfsOptions && type !== 'tmpfs') return fail(`cannot mix 'tmpfs-*' options with mount type '${type}'`);
  if ((bindRecursive === 'writable' || bindRecursive === 'readonly') && !readOnly) {
    return fail(`option 'bind-recursive=${bindRecursive}' requires 'readonly' to be specified in conjunction`);
  }
  if (bindRecursive === 'readonly' && propagation !== 'rprivate') {
    return fail(`option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction`);
  }
  if (!KNOWN_TYPES.has(type)) return fail(`mount type '${type}' is not supported by docker-guard`);

  const options: string[] = [];
  if (readOnly) options.push('ro');
  if (propagation !== undefined) options.push(propagation);
  const hostPaths: string[] = [];
  let volumeProblem: ParsedMount['volumeProblem'];

  if (type === 'bind') {
    if (!source.startsWith('/')) return fail(`a bind mount needs an absolute source, got '${source}'`);
    hostPaths.push(source);
  } else if (type === 'volume' && (volumeDriver === undefined || volumeDriver === '' || volumeDriver === 'local')) {
    // Another driver is a volume plugin, refused (or allowed) as such by the decision.
    const local = localVolumeMount(new Map(Object.entries(volumeOptions)));
    if (local.kind === 'bind') {
      hostPaths.push(local.device);
      options.push(...local.options);
    } else if (local.kind === 'refused') {
      volumeProblem = { why: local.why, rule: local.bindRule ? 'bind-mount' : 'volume-options' };
    }
  }

  const mount: ParsedMount = {
    type,
    source,
    target,
    readOnly,
    volumeOptions,
    hostPathOptions: options,
    ...(propagation !== undefined ? { propagation } : {}),
    ...(volumeDriver !== undefined ? { volumeDriver } : {}),
    hostPaths,
    ...(volumeProblem !== undefined ? { volumeProblem } : {}),
    volumeLabels,
  };
  return { ok: true, mount };
}
