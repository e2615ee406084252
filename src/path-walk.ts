import type { Stats } from 'node:fs';
import { nodeFs, nodePath } from './node-builtins.js';

// A path resolved the way the kernel resolves it, one lookup at a time: each symlink is followed
// where it is met and `..` applies after it (realpath answers only where the walk ends, which
// hides the directories passed on the way). I/O: the edge.

export interface Lookup {
  /** The directory the name is looked up in (already free of symlinks). */
  readonly dir: string;
  /** dir + the name. */
  readonly next: string;
  /** lstat of `next`; undefined when it does not exist. */
  readonly entry: Stats | undefined;
}

/**
 * Calls `visit` for each lookup resolving the absolute `path` makes and returns its first answer
 * that is not undefined. Stops (undefined) after a missing entry; answers 'unresolved' after 40
 * symlinks, a link that cannot be read, or an entry that cannot be looked at (EACCES).
 */
export function walkLookups<T>(path: string, visit: (lookup: Lookup) => T | undefined): T | 'unresolved' | undefined {
  const { posix } = nodePath();
  const { lstatSync, readlinkSync } = nodeFs();
  const pending = path.split('/').filter((c) => c !== '' && c !== '.');
  let dir = '/';
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      dir = posix.dirname(dir);
      continue;
    }
    const next = posix.join(dir, part);
    let entry: Stats | undefined;
    try {
      entry = lstatSync(next);
    } catch (e) {
      if (!isMissing(e)) return 'unresolved';
      entry = undefined;
    }
    const answer = visit({ dir, next, entry });
    if (answer !== undefined) return answer;
    if (entry === undefined) return undefined;
    if (!entry.isSymbolicLink()) {
      dir = next;
      continue;
    }
    if (++hops > 40) return 'unresolved';
    let link: string;
    try {
      link = readlinkSync(next);
    } catch {
      return 'unresolved';
    }
    pending.unshift(...link.split('/').filter((c) => c !== '' && c !== '.'));
    if (link.startsWith('/')) dir = '/';
  }
  return undefined;
}

/** A lookup that failed because the name is not there. Any other failure (EACCES: a directory the
 *  caller may not search) hides what is there, which the daemon, as root, would follow. */
export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
