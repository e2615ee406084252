/** The table's argv (test/differential/cases.ts) with `$REC` (the recorder), `$BAD` (nothing
 * listens), `$CFG2` (a second config dir with the same stubs) and `$REC2` (a second recorder, when
 * the bench has one) substituted, inside tokens too. */
export function substitute(tokens: readonly string[], vars: Record<string, string>): string[] {
  return tokens.map((t) => t.replace(/\$(REC2|REC|BAD|CFG2)\b/g, (m, k: string) => vars[k] ?? m));
}
