import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTACH_FLAGS, CP_FLAGS, EXEC_FLAGS, HELP_ONLY_FLAGS, KILL_FLAGS, UPDATE_FLAGS } from '../../src/docker/leaf-flags.js';
import type { FlagTable } from '../../src/docker/pflag.js';
import { dockerHelp, flagsFromHelp, HELP_DOCKER, type FlagRow } from '../support/flag-help.js';

// The tables of cp, exec, attach, kill, update, rename and tag (whose containers or image name
// the decision judges) against the 28.2.2 client's usage text: a flag the table lacks would make
// the guard take the word after it for a container, or miss one.

const rows = (table: FlagTable): FlagRow[] =>
  table.filter((f) => f.long !== 'help').map((f) => ({ long: f.long, short: f.short ?? '', takesValue: f.takesValue })).sort((a, b) => a.long.localeCompare(b.long));

describe.skipIf(!existsSync(HELP_DOCKER))('flag tables of the commands that act on containers match `docker … --help`', () => {
  it.each([
    [['cp'], CP_FLAGS],
    [['exec'], EXEC_FLAGS],
    [['attach'], ATTACH_FLAGS],
    [['kill'], KILL_FLAGS],
    // --kernel-memory is hidden (deprecated, cli/command/container/update.go) and so not in its help
    [['update'], UPDATE_FLAGS.filter((f) => f.long !== 'kernel-memory')],
    [['rename'], HELP_ONLY_FLAGS],
    [['tag'], HELP_ONLY_FLAGS],
  ] as const)('docker %j', (words, table) => {
    const help = dockerHelp(words);
    expect(help).toContain(`Usage:  docker ${words.join(' ')}`);
    expect(rows(table)).toEqual(flagsFromHelp(help));
  });

  it('--kernel-memory is still taken (hidden, not gone): the real client reads it before asking the daemon', () => {
    const help = dockerHelp(['update', '--kernel-memory', '1g']);
    expect(help).toContain('Usage:  docker update');
  });
});
