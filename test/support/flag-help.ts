import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A flag table as the real docker prints it in `docker <command> --help`, to compare the guard's
// tables with. The docker 28.2.2 client: /usr/bin/docker on this machine is a 20.10 client.
export const HELP_DOCKER = '/usr/local/bin/docker';

export type FlagRow = { long: string; short: string; takesValue: boolean };

/** Flag lines of cobra's usage: `  -v, --volume list   Bind mount…`; a bool flag has no type word. */
export function flagsFromHelp(help: string): FlagRow[] {
  const rows: FlagRow[] = [];
  for (const line of help.split('\n')) {
    const m = /^\s+(?:-(\S), )?--([a-z0-9-]+)(?: ([a-z0-9-]+))?(?:\s{2,}|$)/.exec(line);
    if (m) rows.push({ long: m[2]!, short: m[1] ?? '', takesValue: m[3] !== undefined });
  }
  return rows.sort((a, b) => a.long.localeCompare(b.long));
}

/** `docker <words…> --help` in a fresh config dir, with no daemon and no plugins. */
export function dockerHelp(words: readonly string[], env: Record<string, string> = {}): string {
  const config = mkdtempSync(join(tmpdir(), 'dg-help-'));
  try {
    return execFileSync(HELP_DOCKER, [...words, '--help'], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: config, DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///nonexistent.sock', ...env },
    });
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
