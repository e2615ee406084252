// The floor for any Bun shim: a compiled Bun program that does nothing but execve a fixed binary
// with its own arguments, the way src/exec.ts hands over (no-op SIGPIPE/SIGXFSZ handlers first, so
// the target does not inherit ignored dispositions; argv[0] "docker"). bench/bench.ts compiles it
// with the same bun and flags as scripts/build.sh, the target fixed with --define.
declare const FLOOR_TARGET: string;

process.on('SIGPIPE', () => {});
process.on('SIGXFSZ', () => {});
const execve = (process as unknown as { execve: (p: string, a: string[], e: Record<string, string | undefined>) => never }).execve;
execve.call(process, FLOOR_TARGET, ['docker', ...process.argv.slice(2)], process.env);
