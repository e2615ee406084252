import { shortestSpelling } from './docker/command-tree.js';
import type { Refusal } from './policy/decision.js';
import type { Policy, PolicySource } from './policy/policy.js';
import { insteadOf, isCallersMistake } from './refusal-hints.js';

// Decision -> the text on stderr. Pure; colours are passed in so tests stay colour-free. The argv
// is the agent's text and may hold escape sequences that would redraw the terminal ("…allowed"):
// every control character is shown escaped.

export interface Colors {
  red(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export const NO_COLORS: Colors = { red: (s) => s, bold: (s) => s, dim: (s) => s };

/** Shell-like quoting of one argument, control characters escaped. */
export function quoteArg(arg: string): string {
  const escaped = escapeControls(arg);
  if (escaped !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `'${escaped.replace(/'/g, `'\\''`)}'`;
}

export function escapeControls(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function describeSource(source: PolicySource): string {
  return source.fromFile ? source.path : `${source.path} (absent: the built-in default policy applies)`;
}

export function formatRefusal(
  argv: readonly string[],
  decision: Refusal,
  policy: Policy | undefined,
  source: PolicySource,
  c: Colors,
): string {
  const typed = ['docker', ...argv].map(quoteArg).join(' ');
  const lines = [
    `${c.red(c.bold('docker-guard: refused:'))} ${typed}`,
    `  command: ${escapeControls(decision.command)}`,
    `  rule:    ${decision.rule}`,
    `  why:     ${escapeControls(decision.reason)}`,
    `  policy:  ${describeSource(source)}`,
  ];
  const instead = insteadOf(decision);
  if (instead !== undefined) lines.push(`  instead: ${instead}`);
  if (policy) lines.push(c.dim(`  allowed: ${policy.allow.map(shortestSpelling).join(', ')}`));
  lines.push(c.dim(isCallersMistake(decision.rule) ? '  Nothing was run.' : '  Nothing was run. Ask the host\'s administrator if this command is needed.'));
  return `${lines.join('\n')}\n`;
}

export function formatBadPolicy(source: PolicySource, error: string, c: Colors): string {
  return [
    `${c.red(c.bold('docker-guard: the policy file cannot be used, so every docker command is refused:'))}`,
    `  policy:  ${source.path}`,
    `  error:   ${escapeControls(error)}`,
    '  Fix or remove the file (absent = the built-in default policy). Nothing was run.',
    '',
  ].join('\n');
}
