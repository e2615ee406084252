// The compiled binary does not run the sources as vitest does: it unpacks the command tree and the
// built-in policy embedded at build time (src/precompute.ts), loads modules lazily (src/lazy.ts)
// and reads files through Bun (src/read-text-file.ts). Every argv of the differential table, which
// test/differential checks against the real docker, must get the same canonical command and the
// same decision from the binary (`docker-guard check`) as from the sources.
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedCommand } from '../../src/admin-cli.js';
import { decideWithFacts, UNREAD_RULES } from '../../src/decide-with-facts.js';
import { parseArgv, parseOptionsFrom } from '../../src/docker/parse-argv.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { CASES, type Case } from '../differential/cases.js';
import { substitute } from '../differential/placeholders.js';
import { randomCases } from '../differential/random-cases.js';
import { buildGuard, type GuardBuild } from './build-guard.js';

let tmp = '';
let guard: GuardBuild;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'dg-agree-'));
  guard = buildGuard(path.join(tmp, 'bin'), { realDocker: '/bin/true', policyPath: path.join(tmp, 'absent-policy.json') });
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The table's placeholders name sockets and config dirs of its own bench; any fixed text will do.
const argvOf = (argv: readonly string[]): string[] =>
  substitute(argv, { REC: 'unix:///tmp/dg-rec.sock', REC2: 'unix:///tmp/dg-rec2.sock', BAD: 'tcp://127.0.0.1:1', CFG2: '/tmp/dg-cfg2' });

/** The table, then 300 of the random differential test's argv (their environment too). */
const ALL: readonly Case[] = [...CASES, ...randomCases(20261126, 300)];

describe('the compiled binary decides as the sources do', () => {
  it.each(ALL.map((k, i) => [`#${String(i + 1).padStart(3, '0')} ${k.env ? `${Object.entries(k.env).map(([n, v]) => `${n}=${v}`).join(' ')} ` : ''}docker ${argvOf(k.argv).join(' ')}`, argvOf(k.argv), k.env ?? {}] as const))('%s', (_title, argv, env) => {
    const inv = parseArgv(argv, parseOptionsFrom(env));
    const decision = decideWithFacts(inv, defaultPolicy(), { cwd: tmp, env });
    const r = spawnSync(guard.admin, ['check', '--', ...argv], { cwd: tmp, env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`\ncommand:  ${checkedCommand(inv)}\n`);
    // check without --ask-docker: what needs the daemon's answer is not a refusal (75)
    expect(r.status).toBe(decision.kind === 'allowed' ? 0 : UNREAD_RULES.has(decision.rule) ? 75 : 77);
    if (decision.kind === 'refused') expect(r.stdout).toContain(`\nrule:     ${decision.rule}\n`);
  });
});
