import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface GuardBuild {
  dir: string;
  docker: string;
  admin: string;
}

/** Compiles the real binary with scripts/build.sh, exactly as a user would. */
export function buildGuard(dir: string, opts: { realDocker: string; policyPath: string; forceFfiExec?: boolean; bun?: string }): GuardBuild {
  mkdirSync(dir, { recursive: true });
  const args = [path.join(ROOT, 'scripts/build.sh'), '--real-docker', opts.realDocker, '--policy-path', opts.policyPath, '--out', dir];
  if (opts.forceFfiExec) args.push('--force-ffi-exec');
  if (opts.bun) args.push('--bun', opts.bun);
  execFileSync('bash', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return { dir, docker: path.join(dir, 'docker'), admin: path.join(dir, 'docker-guard') };
}
