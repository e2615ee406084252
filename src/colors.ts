import { isatty } from 'node:tty';
import { NO_COLORS, type Colors } from './report.js';

/**
 * Colours only when stderr is a terminal and NO_COLOR is unset (https://no-color.org). Called
 * only when there is something to print: touching process.stderr or loading picocolors (which
 * reads process.stdout.isTTY) makes Bun build its stream objects, about 2 ms on every forward.
 */
export function stderrColors(env: Record<string, string | undefined>): Colors {
  const enabled = isatty(2) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  if (!enabled) return NO_COLORS;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pc = (require('picocolors') as typeof import('picocolors')).createColors(true);
  return { red: pc.red, bold: pc.bold, dim: pc.dim };
}
