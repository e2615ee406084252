// Go's strings.ToLower, which maps each code point on its own (unicode.ToLower, simple case
// mapping). JavaScript's toLowerCase differs: U+0130 (İ) becomes `i̇` (two code points) instead of
// `i`, and Σ depends on its position. docker lower-cases --network fields and --mount keys/types
// with Go's rules, so `name=contaİner:x` is `container:x` to docker and must be to us.
export function goToLower(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\u0130') {
      out += 'i';
      continue;
    }
    const lower = ch.toLowerCase();
    out += [...lower].length === 1 ? lower : ch;
  }
  return out;
}

// Go's unicode.IsSpace set (White_Space): unlike JavaScript's trim it includes U+0085 (NEL) and
// excludes U+FEFF, so `name=host\u0085` is the network `host` to docker.
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'gu');

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}
