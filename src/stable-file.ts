import { statSync } from 'node:fs';
import { walkLookups } from './path-walk.js';

// A file read twice, once by docker-guard (or by its check) and once by the real command, must
// read the same both times: a regular file not reached through /dev, /proc or /sys (the check runs
// with its own stdin, the real run with the caller's: /dev/stdin, /proc/<pid>/fd/0), not a FIFO or
// a device. An edit between the two reads is a race this cannot see. I/O: the edge.

/** Why `full` (called `label` in the message) is not a file that reads the same twice, if so. */
export function notRegular(full: string, label: string): string | undefined {
  const view = throughProcessView(full);
  if (view === 'unresolved') return `${label} cannot be followed to its end (a directory on the way cannot be searched, or too many symlinks)`;
  if (view !== undefined) {
    return `${label} leads through ${view}, which reads differently in docker-guard's check and in the real run (another process, another stdin)`;
  }
  try {
    return statSync(full).isFile() ? undefined : `${label} is not a regular file`;
  } catch (e) {
    return `${label} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** Kernel file systems whose paths read differently per process or per open. */
const PROCESS_VIEWS = ['/dev', '/proc', '/sys'];

/**
 * The first path under /dev, /proc or /sys that resolving `full` passes through, if any, walked
 * as the kernel does: realpath would turn /dev/stdin straight into whatever file the check's own
 * stdin is.
 */
function throughProcessView(full: string): string | 'unresolved' | undefined {
  return walkLookups(full, ({ next }) => (PROCESS_VIEWS.some((v) => next === v || next.startsWith(v + '/')) ? next : undefined));
}
