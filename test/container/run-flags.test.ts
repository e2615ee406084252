import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlagTable } from '../../src/docker/pflag.js';
import { CREATE_FLAGS, HIDDEN_RUN_FLAGS, RUN_FLAGS } from '../../src/container/run-flags.js';
import { dockerHelp, flagsFromHelp, HELP_DOCKER as DOCKER, type FlagRow as Row } from '../support/flag-help.js';

function fromTable(table: FlagTable): Row[] {
  return table
    .filter((f) => !HIDDEN_RUN_FLAGS.has(f.long))
    .map((f) => ({ long: f.long, short: f.short ?? '', takesValue: f.takesValue }))
    .sort((a, b) => a.long.localeCompare(b.long));
}

const help = (command: 'run' | 'create'): string => dockerHelp([command]);

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
