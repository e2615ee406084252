import { nodePath } from '../node-builtins.js';
import { goToLower } from './go-strings.js';

// `-v/--volume SPEC` as docker/cli v28.2.2 turns it into the request, then as the daemon reads it.
//
// Client (cli/command/container/opts.go:366-394, cli/compose/loader/volume.go ParseVolume):
//   ParseVolume splits on `:` (a one-letter drive `X:` stays in the section), errors on an empty
//   spec, an empty section or a 4th section; a spec of 1-2 bytes or a single section is an
//   anonymous volume (Config.Volumes, never a host path). Otherwise the spec goes verbatim into
//   HostConfig.Binds, except that a source (text before the first `:`) starting with `.` and not
//   absolute is replaced by filepath.Abs(source): `.`, `./x`, `..`, `.hidden` become absolute
//   against the working directory. `~` is not expanded.
// Daemon (moby volume/mounts/linux_parser.go ParseMountRaw): SplitN(bind, ":", 4); the source is a
//   host path iff path.IsAbs(source), otherwise a volume name; a 3rd section is the comma-separated
//   mode (ro, rw, z, Z, [r]shared, [r]slave, [r]private, nocopy, …).

export type VolumeSpec =
  | { readonly kind: 'anonymous'; readonly target: string }
  | {
      readonly kind: 'bind' | 'named';
      /** bind: the absolute host path; named: the volume name. */
      readonly source: string;
      readonly target: string;
      /** The mode section split on commas, lower case. */
      readonly options: readonly string[];
      /** The HostConfig.Binds entry as docker sends it. */
      readonly bind: string;
    };

export type VolumeSpecResult = { readonly ok: true; readonly volume: VolumeSpec } | { readonly ok: false; readonly error: string };

export function parseVolumeSpec(spec: string, cwd: string): VolumeSpecResult {
  const client = parseVolumeLikeCli(spec);
  if (!client.ok) return client;
  if (client.source === undefined) return { ok: true, volume: { kind: 'anonymous', target: client.target } };

  let bind = spec;
  if (client.isFilePath) {
    const colon = spec.indexOf(':');
    if (colon >= 0) {
      let hostPart = spec.slice(0, colon);
      if (!hostPart.startsWith('/') && hostPart.startsWith('.')) {
        if (!cwd.startsWith('/')) return { ok: false, error: `cannot make ${hostPart} absolute: the working directory is not known` };
        hostPart = nodePath().posix.resolve(cwd, hostPart);
      }
      bind = hostPart + spec.slice(colon);
    }
  }

  // The daemon's reading of the Binds entry.
  const parts = splitN(bind, ':', 4);
  if (parts[0] === '' || parts.length > 3) return { ok: false, error: `invalid volume specification: '${bind}'` };
  const source = parts[0]!;
  const target = parts[1] ?? '';
  const options = parts[2] === undefined ? [] : parts[2].split(',').map((o) => goToLower(o));
  const kind = source.startsWith('/') ? 'bind' : 'named';
  return { ok: true, volume: { kind, source, target, options, bind } };
}

interface CliVolume {
  readonly ok: true;
  /** undefined = anonymous volume. */
  readonly source?: string;
  readonly target: string;
  /** ParseVolume's isFilePath(source): the type is `bind` and the `.` expansion applies. */
  readonly isFilePath: boolean;
}

/** cli/compose/loader/volume.go ParseVolume, as far as it decides anonymous / Binds and errors. */
function parseVolumeLikeCli(spec: string): CliVolume | { readonly ok: false; readonly error: string } {
  const bytes = new TextEncoder().encode(spec).length;
  if (bytes === 0) return { ok: false, error: 'invalid empty volume spec' };
  if (bytes <= 2) return { ok: true, target: spec, isFilePath: false };

  let source: string | undefined;
  let target: string | undefined;
  let buffer: string[] = [];
  const END = null;
  const chars: (string | null)[] = [...spec, END];
  for (const char of chars) {
    if (char === ':' && buffer.length === 1 && /^\p{L}$/u.test(buffer[0]!)) {
      buffer.push(char); // a Windows drive letter
      continue;
    }
    if (char !== ':' && char !== END) {
      buffer.push(char);
      continue;
    }
    const text = buffer.join('');
    if (buffer.length === 0) return { ok: false, error: `invalid spec: ${spec}: empty section between colons` };
    if (source === undefined && char === END) target = text;
    else if (source === undefined) source = text;
    else if (target === undefined) target = text;
    else if (char === ':') return { ok: false, error: `invalid spec: ${spec}: too many colons` };
    // else: the mode section; ParseVolume ignores unknown options.
    buffer = [];
  }
  if (source === undefined) return { ok: true, target: target ?? '', isFilePath: false };
  return { ok: true, source, target: target ?? '', isFilePath: isFilePath(source) };
}

/** loader/volume.go isFilePath. */
function isFilePath(source: string): boolean {
  const first = source[0];
  if (first === '.' || first === '/' || first === '~') return true;
  const runes = [...source];
  if (runes.length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return runes[1] === ':' && /^\p{L}$/u.test(runes[0]!);
}

/** Go strings.SplitN(s, sep, n) for n > 0. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}
