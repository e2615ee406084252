import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A stand-in for the real docker in `dir` that records its argv in `<file>.argv`, prints `stdout`
 * and `stderr` and exits with `code`: the daemon's answers to the guard's questions, as the test
 * gives them (the real daemon's answers are exercised in the e2e tests). Returns its path.
 */
export function dockerStandIn(dir: string, stdout: string, stderr = '', code = 0): string {
  const bin = path.join(dir, `docker-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${bin}.out`, stdout);
  writeFileSync(`${bin}.err`, stderr);
  writeFileSync(bin, `#!/bin/sh\necho "$*" > "${bin}.argv"\ncat "${bin}.out"\ncat "${bin}.err" >&2\nexit ${code}\n`);
  chmodSync(bin, 0o755);
  return bin;
}
