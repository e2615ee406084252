import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlagTable } from '../../src/docker/pflag.js';
import { CREATE_FLAGS, HIDDEN_RUN_FLAGS, RUN_FLAGS } from '../../src/container/run-flags.js';

// The docker 28.2.2 client. /usr/bin/docker on this machine is a 20.10 client: do not use it.
const DOCKER = '/usr/local/bin/docker';

type Row = { long: string; short: string; takesValue: boolean };

/** Flag lines of cobra's usage: `  -v, --volume list   Bind mount…`; a bool flag has no type word. */
function flagsFromHelp(help: string): Row[] {
  const rows: Row[] = [];
  for (const line of help.split('\n')) {
    const m = /^\s+(?:-(\S), )?--([a-z0-9-]+)(?: ([a-z0-9-]+))?(?:\s{2,}|$)/.exec(line);
    if (m) rows.push({ long: m[2]!, short: m[1] ?? '', takesValue: m[3] !== undefined });
  }
  return rows.sort((a, b) => a.long.localeCompare(b.long));
}

function fromTable(table: FlagTable): Row[] {
  return table
    .filter((f) => !HIDDEN_RUN_FLAGS.has(f.long))
    .map((f) => ({ long: f.long, short: f.short ?? '', takesValue: f.takesValue }))
    .sort((a, b) => a.long.localeCompare(b.long));
}

function help(command: 'run' | 'create'): string {
  const config = mkdtempSync(join(tmpdir(), 'dg-help-'));
  try {
    return execFileSync(DOCKER, [command, '--help'], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: config, DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

describe.skipIf(!existsSync(DOCKER))('flag tables match `docker run|create --help` of the 28.2.2 binary', () => {
  it('is the 28.2.2 client', () => {
    expect(execFileSync(DOCKER, ['--version'], { encoding: 'utf8' })).toContain('28.2.2');
  });
  it.each([
    ['run', RUN_FLAGS],
    ['create', CREATE_FLAGS],
  ] as const)('docker %s', (command, table) => {
    const fromHelp = flagsFromHelp(help(command));
    expect(fromHelp.length).toBeGreaterThan(90);
    expect(fromTable(table)).toEqual(fromHelp);
  });
});

describe('flag tables', () => {
  it.each([
    ['run', RUN_FLAGS],
    ['create', CREATE_FLAGS],
  ] as const)('%s: no duplicate names or shorthands', (_, table) => {
    const longs = table.map((f) => f.long);
    const shorts = table.flatMap((f) => (f.short ? [f.short] : []));
    expect(new Set(longs).size).toBe(longs.length);
    expect(new Set(shorts).size).toBe(shorts.length);
  });

  it('the hidden aliases take values like the flags they alias', () => {
    for (const table of [RUN_FLAGS, CREATE_FLAGS]) {
      for (const name of ['net', 'net-alias', 'dns-opt']) expect(table.find((f) => f.long === name)).toEqual({ long: name, takesValue: true });
    }
  });

  it('the run/create shorthands differ from the global ones', () => {
    const short = (letter: string) => RUN_FLAGS.find((f) => f.short === letter)?.long;
    expect(short('h')).toBe('hostname');
    expect(short('c')).toBe('cpu-shares');
    expect(short('l')).toBe('label');
    expect(short('v')).toBe('volume');
    expect(short('d')).toBe('detach');
    expect(RUN_FLAGS.find((f) => f.long === 'help')).toEqual({ long: 'help', takesValue: false });
  });

  it('create has no -d/--detach, --sig-proxy, --detach-keys', () => {
    for (const name of ['detach', 'sig-proxy', 'detach-keys']) {
      expect(RUN_FLAGS.some((f) => f.long === name)).toBe(true);
      expect(CREATE_FLAGS.some((f) => f.long === name)).toBe(false);
    }
    expect(RUN_FLAGS.length - CREATE_FLAGS.length).toBe(3);
  });
});
