import { bunFiles, nodeFs } from './node-builtins.js';

// Reads a small text file (the policy, /etc/passwd, /etc/group) with node:fs, opened read-only.
// Not with Bun.mmap: bun opens the file O_RDWR to map it (checked with strace, bun 1.4.4), which
// fails for a caller who may not write the file (EACCES: the agent reading the root-owned policy or
// /etc/passwd) and on a read-only filesystem (EROFS: NixOS's /etc/static lives in the store), and
// as root opens the policy for writing. Evaluating node:fs costs about 0.5 ms of each call
// (bench/), so a file that certainly does not exist (the usual policy file) is answered without it.

/** What Bun's lastModified reads when its stat failed: not documented, read off bun 1.3.13 and
 *  1.4.4 (2^52 - 1). It only decides whether mmap is asked at all (certainlyAbsent). */
const STAT_FAILED = 2 ** 52 - 1;

export type TextFileRead = { ok: true; text: string } | { ok: false; code: string };

/** `fatal`: bytes that are not UTF-8 make the read fail (code EILSEQ) instead of becoming U+FFFD. */
export function readTextFile(path: string, fatal: boolean): TextFileRead {
  if (certainlyAbsent(path)) return { ok: false, code: 'ENOENT' };
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path);
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
 * The bytes of `path` if it is a regular file; anything else (a FIFO, a device, a directory) fails
 * with ENOTREG before a byte is read: a FIFO would hold the docker call until something writes to
 * it, a device like /dev/zero would never end. O_NONBLOCK lets the open of a FIFO return at once.
 */
function readRegularFile(path: string): Uint8Array {
  const fs = nodeFs();
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * True only when Bun shows that nothing exists at `path`. Bun's stat of the path must have failed
 * (its lastModified is then STAT_FAILED; size reads 0); mmap's error then says why, and only ENOENT
 * counts (no file to open: the open mode does not matter). mmap opens O_RDWR, so it is asked only
 * when the stat found nothing: a file that exists, even an empty one, is never opened for writing
 * (except one created between the two calls, which is opened, never written, then read by node:fs).
 * Anything unexpected (no Bun, another answer, a throw) means "not shown absent": node:fs reads
 * the file and reports its own error, so a Bun that answers differently is only slower.
 */
function certainlyAbsent(path: string): boolean {
  const bun = bunFiles();
  if (bun === undefined) return false;
  try {
    const stat = bun.file(path);
    if (stat.size !== 0 || stat.lastModified !== STAT_FAILED) return false;
  } catch {
    return false;
  }
  try {
    bun.mmap(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
  return false;
}
