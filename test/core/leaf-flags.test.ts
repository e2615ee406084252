import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILD_FLAGS, CONTAINER_PRUNE_FLAGS, PULL_FLAGS, RESTART_FLAGS, RM_FLAGS, RMI_FLAGS, START_FLAGS, SYSTEM_PRUNE_FLAGS } from '../../src/docker/leaf-flags.js';
import type { FlagTable } from '../../src/docker/pflag.js';
import { dockerHelp, flagsFromHelp, HELP_DOCKER, type FlagRow } from '../support/flag-help.js';

// The leaf flag tables the decision reads (back doors through flags) against the real client's
// own usage text: a flag the table lacks would make the guard misread the argv after it.

const rows = (table: FlagTable): FlagRow[] =>
  table.filter((f) => f.long !== 'help').map((f) => ({ long: f.long, short: f.short ?? '', takesValue: f.takesValue })).sort((a, b) => a.long.localeCompare(b.long));

describe.skipIf(!existsSync(HELP_DOCKER))('leaf flag tables match `docker … --help` of the 28.2.2 binary', () => {
  it.each([
    [['start'], START_FLAGS],
    [['rm'], RM_FLAGS],
    [['pull'], PULL_FLAGS],
    [['system', 'prune'], SYSTEM_PRUNE_FLAGS],
    [['rmi'], RMI_FLAGS],
  ] as const)('docker %j', (words, table) => {
    const fromHelp = flagsFromHelp(dockerHelp(words));
    expect(fromHelp.length).toBeGreaterThan(2);
    expect(rows(table)).toEqual(fromHelp);
  });

  // The tables of the commands that act on existing containers (powerful-container): two flags each.
  it.each([
    [['container', 'prune'], CONTAINER_PRUNE_FLAGS],
    // restart's --time is hidden (deprecated, cli/command/container/restart.go) and so not in its help
    [['restart'], RESTART_FLAGS.filter((f) => f.long !== 'time')],
  ] as const)('docker %j', (words, table) => {
    const fromHelp = flagsFromHelp(dockerHelp(words));
    expect(fromHelp.length).toBe(2);
    expect(rows(table)).toEqual(fromHelp);
  });

  it('docker build (the legacy builder, buildx being absent) is a subset of the union table', () => {
    const fromHelp = flagsFromHelp(dockerHelp(['build'], { DOCKER_BUILDKIT: '0' }));
    expect(fromHelp.length).toBeGreaterThan(20);
    const table = rows(BUILD_FLAGS);
    for (const row of fromHelp) expect(table, row.long).toContainEqual(row);
  });
});
