import { bunFiles, nodeFs } from './node-builtins.js';

// Hands the process over to the real docker with execve(2): same PID, so the exit status, signals,
// the TTY and stdin/stdout streaming are docker's own, with nothing of the guard in between.
// node:fs is loaded only to explain a failure, or when the real docker might be this very binary:
// evaluating it would cost about 0.5 ms of every docker call (bench/).

export type ExecFailure = { code: 'missing' | 'self' | 'failed'; message: string };

/**
 * What must be refused before the exec: a relative path, or the guard itself (it would exec itself
 * forever). Only a file of exactly our own size can be ourselves, so the real paths are compared
 * only then.
 */
export function checkBeforeExec(path: string): ExecFailure | undefined {
  if (!path.startsWith('/')) return { code: 'missing', message: `the real docker path fixed at build time is not absolute: "${path}"` };
  const bun = bunFiles();
  if (bun !== undefined && bun.file(path).size !== bun.file(process.execPath).size) return undefined;
  const { realpathSync } = nodeFs();
  try {
    if (realpathSync(path) === realpathSync(process.execPath)) {
      // This exact text is what scripts/build.sh looks for to refuse embedding a guard binary.
      return { code: 'self', message: 'docker-guard: refusing to exec itself: the real docker path points at this binary' };
    }
  } catch {
    // A missing file is not us; execve reports it, and explainExecFailure says why.
  }
  return undefined;
}

/** Why the exec of the real docker failed, in words (after the fact, so it may load node:fs). */
export function explainExecFailure(path: string, failure: ExecFailure): ExecFailure {
  const { accessSync, constants } = nodeFs();
  try {
    accessSync(path, constants.X_OK);
  } catch (e) {
    return { code: 'missing', message: `the real docker ${path} is missing or not executable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return failure;
}

/**
 * Replaces this process with `path`. Returns only on failure. argv[0] is always `docker`, as a
 * shell would have given the real binary.
 */
export function execReal(path: string, args: readonly string[], env: Record<string, string | undefined>, forceFfi: boolean): ExecFailure {
  // Bun ignores SIGPIPE and SIGXFSZ, and an ignored disposition survives execve: the real docker
  // would then die of EPIPE with status 1 instead of SIGPIPE (141 in a shell) in `docker … | head`.
  // A handled signal is reset to the default by execve, so a no-op handler restores both.
  process.on('SIGPIPE', () => {});
  process.on('SIGXFSZ', () => {});
  const argv = ['docker', ...args];
  try {
    const execve = (process as unknown as { execve?: (p: string, a: string[], e: Record<string, string>) => never }).execve;
    if (typeof execve === 'function' && !forceFfi) {
      // process.env as it is: copying it costs time in proportion to its size (npm's is large).
      execve.call(process, path, argv, env as Record<string, string>);
    } else {
      ffiExecve(path, argv, env);
    }
  } catch (e) {
    // The warning Bun queues for process.execve is never printed: the caller exits synchronously.
    return { code: 'failed', message: `cannot run the real docker ${path}: ${(e as Error).message}` };
  }
  return { code: 'failed', message: `cannot run the real docker ${path}: execve returned` };
}

/**
 * bun < 1.4 (nixpkgs' 1.3.x) has no process.execve. libc's execve through bun:ffi works, but Bun's
 * own descriptors would leak into docker: mark everything above stderr close-on-exec first.
 */
function ffiExecve(path: string, argv: readonly string[], env: Record<string, string | undefined>): void {
  // Loaded lazily: bun:ffi exists only in the compiled binary, and only this path needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ffi = require('bun:ffi') as typeof import('bun:ffi');
  const { dlopen, FFIType, ptr } = ffi;
  const libc = dlopen('libc.so.6', {
    execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
    close_range: { args: [FFIType.u32, FFIType.u32, FFIType.i32], returns: FFIType.i32 },
  });
  const CLOSE_RANGE_CLOEXEC = 4;
  if (libc.symbols.close_range(3, 0xffffffff, CLOSE_RANGE_CLOEXEC) !== 0) {
    throw new Error('close_range(CLOSE_RANGE_CLOEXEC) failed: refusing to leak descriptors into docker');
  }
  const keep: Buffer[] = [];
  type Pointer = ReturnType<typeof ptr>;
  const cstr = (s: string): Pointer => {
    const b = Buffer.from(`${s}\0`, 'utf8');
    keep.push(b);
    return ptr(b);
  };
  const array = (items: readonly string[]): Pointer => {
    const a = new BigUint64Array(items.length + 1);
    items.forEach((s, i) => (a[i] = BigInt(cstr(s))));
    a[items.length] = 0n;
    keep.push(Buffer.from(a.buffer));
    return ptr(a);
  };
  const envList = Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  libc.symbols.execve(cstr(path), array(argv), array(envList));
  throw new Error('execve failed');
}
