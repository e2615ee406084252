// The first record of Go's encoding/csv Reader with its defaults (Comma ',', no Comment,
// LazyQuotes false, TrimLeadingSpace false), as docker/cli v28.2.2 uses it for `--mount`
// (opts/mount.go:26 MountOpt.Set) and the long `--network` syntax (opts/network.go:50):
// `csv.NewReader(strings.NewReader(value)).Read()`. Mirrors Go's readLine/readRecord
// (src/encoding/csv/reader.go): empty lines before the record are skipped, `\r\n` is read as `\n`,
// a trailing `\r` at the end of input is dropped, a quoted field may span lines and keeps the
// newline, `""` inside quotes is one quote, a quote inside an unquoted field or a quote that does
// not end a quoted field is an error, and everything after the first record is ignored (so
// `type=volume,dst=/x\ntype=bind,src=/` is only the volume).

export type CsvResult = { readonly ok: true; readonly fields: readonly string[] } | { readonly ok: false; readonly error: string };

export function readFirstCsvRecord(input: string): CsvResult {
  const lines = splitLines(input);
  let n = 0;
  // Skip empty lines (a line that is only its newline, or a lone `\r` at the very end).
  while (n < lines.length && (lines[n] === '\n' || lines[n] === '')) n++;
  if (n >= lines.length) return { ok: false, error: 'EOF' };
  let line = lines[n]!;
  n++;

  const fields: string[] = [];
  for (;;) {
    if (line.length === 0 || line[0] !== '"') {
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : stripNL(line);
      if (field.includes('"')) return { ok: false, error: 'bare " in non-quoted-field' };
      fields.push(field);
      if (i >= 0) {
        line = line.slice(i + 1);
        continue;
      }
      return { ok: true, fields };
    }
    // Quoted field.
    line = line.slice(1);
    let buf = '';
    for (;;) {
      const i = line.indexOf('"');
      if (i >= 0) {
        buf += line.slice(0, i);
        line = line.slice(i + 1);
        if (line[0] === '"') {
          buf += '"';
          line = line.slice(1);
        } else if (line[0] === ',') {
          line = line.slice(1);
          fields.push(buf);
          break;
        } else if (line === '' || line === '\n') {
          fields.push(buf);
          return { ok: true, fields };
        } else {
          return { ok: false, error: 'extraneous or missing " in quoted-field' };
        }
      } else if (line.length > 0) {
        // The quoted field continues on the next line (the newline is part of the value).
        buf += line;
        if (n >= lines.length) return { ok: false, error: 'extraneous or missing " in quoted-field' };
        line = lines[n]!;
        n++;
      } else {
        return { ok: false, error: 'extraneous or missing " in quoted-field' };
      }
    }
  }
}

/** Go's readLine over the whole input: each line keeps its `\n`; `\r\n` becomes `\n`; a final
 *  line without `\n` loses one trailing `\r`. */
function splitLines(input: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < input.length) {
    const nl = input.indexOf('\n', start);
    let line: string;
    if (nl < 0) {
      line = input.slice(start);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = input.length;
    } else {
      line = input.slice(start, nl + 1);
      start = nl + 1;
      if (line.length >= 2 && line[line.length - 2] === '\r') line = line.slice(0, -2) + '\n';
    }
    out.push(line);
  }
  return out;
}

function stripNL(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}
