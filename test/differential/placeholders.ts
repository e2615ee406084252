/** The table's argv (test/differential/cases.ts) with `$REC` (the recorder), `$BAD` (nothing
 * listens) and `$CFG2` (a second config dir with the same stubs) substituted, inside tokens too. */
export function substitute(tokens: readonly string[], vars: Record<string, string>): string[] {
  return tokens.map((t) => t.replace(/\$(REC|BAD|CFG2)\b/g, (m, k: string) => vars[k] ?? m));
}
