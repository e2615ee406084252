import { bunFiles, nodeFs } from './node-builtins.js';

// Reads a small text file (the policy, /etc/passwd, /etc/group) with node:fs, opened read-only.
// Not with Bun.mmap: bun opens the file O_RDWR to map it (checked with strace, bun 1.4.4), which
// fails for a caller who may not write the file (EACCES: the agent reading the root-owned policy or
// /etc/passwd) and on a read-only filesystem (EROFS: NixOS's /etc/static lives in the store), and
// as root opens the policy for writing. Evaluating node:fs costs about 0.5 ms of each call
// (bench/), so a file that certainly does not exist (the usual policy file) is answered without it.

export type TextFileRead = { ok: true; text: string } | { ok: false; code: string };

/** `fatal`: bytes that are not UTF-8 make the read fail (code EILSEQ) instead of becoming U+FFFD. */
export function readTextFile(path: string, fatal: boolean): TextFileRead {
  if (certainlyAbsent(path)) return { ok: false, code: 'ENOENT' };
  let bytes: Uint8Array;
  try {
    bytes = nodeFs().readFileSync(path);
  } catch (e) {
    return { ok: false, code: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal }).decode(bytes) };
  } catch {
    return { ok: false, code: 'EILSEQ' };
  }
}

/**
 * True only when Bun shows that nothing exists at `path`. Its stat answers size 0 for a missing
 * file, and also for an empty or unreachable one; only then is mmap's error asked, and only ENOENT
 * counts (no file to open: the open mode does not matter). mmap opens O_RDWR, so it is never tried
 * on a file the stat saw content in: at worst an empty file, or one created between the two calls,
 * is opened (never written), and node:fs then reads it. Anything unexpected (no Bun, another
 * answer, a throw) means "not shown absent": node:fs reads the file and reports its own error.
 */
function certainlyAbsent(path: string): boolean {
  const bun = bunFiles();
  if (bun === undefined) return false;
  let size: number;
  try {
    size = bun.file(path).size;
  } catch {
    return false;
  }
  if (size !== 0) return false;
  try {
    bun.mmap(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
  return false;
}
