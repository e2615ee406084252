// `docker compose run -v SPEC`: compose appends `format.ParseVolume(spec)` (compose-go v2.6.4
// format/volume.go) to the service's volumes AFTER the project was loaded (cmd/compose/run.go
// runOptions.apply), so compose-go's path resolution never sees it. pkg/compose/create.go
// buildMount then makes a relative bind source absolute with filepath.Abs, i.e. against the
// compose process's working directory (the caller's), not the project directory.
//
// This differs from `docker run -v` (src/container/volume-spec.ts) on purpose:
// * a source is a bind when it starts with `.`, `/`, `~`, `\\` or a drive letter + `:` (docker:
//   only `/` after making `.`-paths absolute; `~/x` is a volume name there);
// * `~` is NOT expanded (ParseVolume keeps `~/x`; filepath.Abs gives `<cwd>/~/x`);
// * a spec of 1-2 bytes or with a single section is an anonymous volume; an empty section or a
//   4th section is an error; unknown options in the 3rd section are ignored.

export type ComposeVolume =
  | { readonly kind: 'anonymous'; readonly target: string }
  | {
      readonly kind: 'bind' | 'volume';
      /** bind: the source as written (resolve it with composeBindSource); volume: its name. */
      readonly source: string;
      readonly target: string;
      readonly readOnly: boolean;
      /** [r]shared/[r]slave/[r]private, z/Z, nocopy, as given. */
      readonly options: readonly string[];
    };

export type ComposeVolumeParse = { readonly ok: true; readonly volume: ComposeVolume } | { readonly ok: false; readonly error: string };

const BIND_OPTIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave', 'z', 'Z']);
const LETTER = /^\p{L}$/u;

export function parseComposeVolume(spec: string): ComposeVolumeParse {
  const bytes = new TextEncoder().encode(spec).length;
  if (bytes === 0) return { ok: false, error: 'invalid empty volume spec' };
  if (bytes <= 2) return { ok: true, volume: { kind: 'anonymous', target: spec } };

  let source: string | undefined;
  let target: string | undefined;
  let readOnly = false;
  const options: string[] = [];
  let buffer: string[] = [];
  const chars = [...spec, END];
  for (const char of chars) {
    if (char === ':' && buffer.length === 1 && LETTER.test(buffer[0]!)) {
      buffer.push(char); // a Windows drive letter stays in its section
      continue;
    }
    if (char !== ':' && char !== END) {
      buffer.push(char);
      continue;
    }
    const section = buffer.join('');
    buffer = [];
    if (section === '') return { ok: false, error: `invalid spec: ${spec}: empty section between colons` };
    if (source === undefined && char === END) {
      target = section; // anonymous volume
      continue;
    }
    if (source === undefined) {
      source = section;
      continue;
    }
    if (target === undefined) {
      target = section;
      continue;
    }
    if (char === ':') return { ok: false, error: `invalid spec: ${spec}: too many colons` };
    for (const option of section.split(',')) {
      if (option === 'ro') readOnly = true;
      else if (option === 'rw') readOnly = false;
      else if (option === 'nocopy' || BIND_OPTIONS.has(option)) options.push(option);
    }
  }
  if (source === undefined || source === '') return { ok: true, volume: { kind: 'anonymous', target: target ?? '' } };
  return { ok: true, volume: { kind: isFilePath(source) ? 'bind' : 'volume', source, target: target ?? '', readOnly, options } };
}

/** A sentinel no argv string contains (Go's endOfSpec is rune 0; argv cannot hold NUL). */
const END = '\u0000';

/** compose-go format/volume.go isFilePath. */
function isFilePath(source: string): boolean {
  const first = source[0];
  if (first === '.' || first === '/' || first === '~') return true;
  if (source.startsWith('\\\\')) return true;
  const [firstRune, ...rest] = [...source];
  if (rest.length === 0) return false;
  // Go indexes the byte after the first rune; for ':' (ASCII) the byte and the rune agree.
  return firstRune !== undefined && LETTER.test(firstRune) && rest[0] === ':';
}
