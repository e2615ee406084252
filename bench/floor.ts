// The floor for any Bun shim: a compiled Bun program that does nothing but execve a fixed binary
// with its own arguments, the way src/exec.ts hands over (no-op SIGPIPE/SIGXFSZ handlers first, so
// the target does not inherit ignored dispositions; argv[0] "docker"). bench/bench.ts compiles it
// with the same bun and flags as scripts/build.sh, the target fixed with --define.
//
// FLOOR_NODE_PATH "1" adds a require('node:path') that never runs. Measured with bun 1.4.4: a
// compiled program whose bundle names a Node built-in starts about 0.3 ms sooner (about 40 fewer
// page faults in Bun's own code) than one that names none. The shim's bundle names node:fs and
// node:path (src/node-builtins.ts), so without it the floor would be slower than the shim could
// be, and the shim's own cost would look 0.3 ms smaller than it is. bench.ts measures both.
declare const FLOOR_TARGET: string;
declare const FLOOR_NODE_PATH: string;

process.on('SIGPIPE', () => {});
process.on('SIGXFSZ', () => {});
// argv is never empty: this branch is in the bundle, never run.
if (FLOOR_NODE_PATH === '1' && process.argv.length === 0) require('node:path');
const execve = (process as unknown as { execve: (p: string, a: string[], e: Record<string, string | undefined>) => never }).execve;
execve.call(process, FLOOR_TARGET, ['docker', ...process.argv.slice(2)], process.env);
