// Node's node:fs and node:path, loaded on first use. In the compiled binary evaluating them costs
// about 0.5 ms, paid by every docker call that loads them (bench/), so the common path (ps, logs,
// run without binds) does without them: src/read-text-file.ts reads the policy natively. Unlike
// src/lazy.ts this needs no test double: require() of a Node built-in works under vitest too.
/* eslint-disable @typescript-eslint/no-require-imports */

export const nodeFs = (): typeof import('node:fs') => require('node:fs') as typeof import('node:fs');
export const nodePath = (): typeof import('node:path') => require('node:path') as typeof import('node:path');
