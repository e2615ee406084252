import pc from 'picocolors';
import { NO_COLORS, type Colors } from './report.js';

/** Colours only when stderr is a terminal and NO_COLOR is unset (https://no-color.org). */
export function stderrColors(env: Record<string, string | undefined>): Colors {
  const enabled = process.stderr.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  if (!enabled) return NO_COLORS;
  const c = pc.createColors(true);
  return { red: c.red, bold: c.bold, dim: c.dim };
}
