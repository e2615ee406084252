import { bunFiles, nodeFs } from './node-builtins.js';

// Reads a small text file (the policy, /etc/passwd, /etc/group) on every docker call. In the
// compiled binary this goes through Bun.mmap, which is native: loading node:fs instead would cost
// about 0.5 ms of each call (bench/). Under Node (vitest) there is no Bun and node:fs reads it.

export type TextFileRead = { ok: true; text: string } | { ok: false; code: string };

/** `fatal`: bytes that are not UTF-8 make the read fail (code EILSEQ) instead of becoming U+FFFD. */
export function readTextFile(path: string, fatal: boolean): TextFileRead {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(path);
  } catch (e) {
    return { ok: false, code: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal }).decode(bytes) };
  } catch {
    return { ok: false, code: 'EILSEQ' };
  }
}

function readBytes(path: string): Uint8Array {
  const bun = bunFiles();
  if (bun === undefined) return nodeFs().readFileSync(path);
  try {
    return bun.mmap(path);
  } catch (e) {
    // mmap(2) cannot map an empty file (EINVAL); an empty regular file reads as "".
    if ((e as NodeJS.ErrnoException).code === 'EINVAL' && bun.file(path).size === 0) return new Uint8Array(0);
    throw e;
  }
}
