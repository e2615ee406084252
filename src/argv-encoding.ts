import { refused, type Refusal } from './policy/decision.js';

/**
 * Bun decodes argv as UTF-8 and turns invalid bytes into U+FFFD: forwarding would hand docker
 * other bytes than the ones typed, so such argv is refused for everyone (the guard and `check` alike).
 */
export function notUtf8Refusal(argv: readonly string[]): Refusal | undefined {
  let mangled: string | undefined;
  for (const a of argv) if (a.includes('\uFFFD')) mangled ??= a; // not .find: pflag.ts findLong says why
  if (mangled === undefined) return undefined;
  return refused(argv.join(' '), 'malformed-argv', `the argument ${JSON.stringify(mangled)} is not valid UTF-8; the guard could not forward its exact bytes`);
}
