// The runtime's own file access. Node's node:fs and node:path are loaded on first use: in the
// compiled binary evaluating them costs about 0.5 ms, paid by every docker call that loads them
// (bench/), so the common path (no policy file; ps, logs, run without binds) asks Bun's native
// stat instead (src/read-text-file.ts, src/exec.ts). Unlike src/lazy.ts this needs no test double:
// require() of a Node built-in works under vitest too, where there is no Bun and bunFiles() is
// undefined.
/* eslint-disable @typescript-eslint/no-require-imports */

export const nodeFs = (): typeof import('node:fs') => require('node:fs') as typeof import('node:fs');
export const nodePath = (): typeof import('node:path') => require('node:path') as typeof import('node:path');

export interface BunFiles {
  mmap(path: string): Uint8Array;
  file(path: string): { readonly size: number; readonly lastModified: number };
}

export const bunFiles = (): BunFiles | undefined => (globalThis as { Bun?: BunFiles }).Bun;
