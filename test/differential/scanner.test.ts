// Differential test: parseArgv against the real docker 28 client, argv by argv (cases.ts).
// Docker's behaviour is observed at test time (observe.ts → classify.ts); judge.ts says whether
// parseArgv agrees. A case marked `fails` is a known disagreement: its docker behaviour is still
// checked against the expectation column, and the agreement test is an `it.fails`, so a fix in
// src/ turns it red until the table is updated.
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgv, parseOptionsFrom } from '../../src/docker/parse-argv.js';
import { startRecorder } from '../support/recorder.js';
import { REAL_DOCKER_VERSION } from '../support/real-docker.js';
import { CASES, type Case } from './cases.js';
import { classify, summary, type Observation, type Outcome } from './classify.js';
import { describeInvocation, judge } from './judge.js';
import { makeWorkdir, observe, stubNames, type Bench } from './observe.js';

const shown = (argv: readonly string[]): string =>
  ['docker', ...argv.map((a) => (a === '' || /[\s'"\\]/.test(a) ? JSON.stringify(a) : a))].join(' ');

function title(k: Case, i: number): string {
  const env = Object.entries(k.env ?? {}).map(([n, v]) => `${n}=${v} `).join('');
  return `#${String(i + 1).padStart(3, '0')} ${env}${shown(k.argv)}${k.ref ? `  [${k.ref}]` : ''}`;
}

function explain(obs: Observation, out: Outcome): string {
  const calls = obs.requests.filter((q) => q.path !== '/_ping').map((q) => `${q.method} ${q.path}`);
  return [
    `argv:    ${JSON.stringify(obs.argv)}`,
    `docker:  exit ${obs.code}; ${summary(out)}`,
    `calls:   ${calls.join(', ') || '(none)'}`,
    `plugins: ${obs.plugins.map((p) => `${p.name} ${JSON.stringify(p.argv)}`).join('; ') || '(none)'}`,
    `stderr:  ${obs.stderr.trim().split('\n').slice(0, 3).join(' | ')}`,
  ].join('\n');
}

describe(`parseArgv agrees with ${REAL_DOCKER_VERSION}`, () => {
  let bench: Bench;
  const seen = new Map<number, { obs: Observation; out: Outcome }>();

  beforeAll(async () => {
    bench = { rec: await startRecorder(), workdir: makeWorkdir() };
  });
  afterAll(async () => {
    // DG_DIFF_REPORT=<file>: one line per case, what docker did and what parseArgv said.
    const report = process.env.DG_DIFF_REPORT;
    if (report) {
      const lines = [...seen.entries()]
        .sort(([a], [b]) => a - b)
        .map(([i, { obs, out }]) => [title(CASES[i]!, i), `exit ${obs.code}`, summary(out), describeInvocation(parseArgv(obs.argv, parseOptionsFrom(CASES[i]!.env ?? {})))].join('\t'));
      writeFileSync(report, `${lines.join('\n')}\n`);
    }
    await bench?.rec.stop();
    if (bench) rmSync(bench.workdir, { recursive: true, force: true });
  });

  async function run(k: Case, i: number): Promise<{ obs: Observation; out: Outcome }> {
    let r = seen.get(i);
    if (!r) {
      const obs = await observe(k, bench);
      r = { obs, out: classify(obs) };
      seen.set(i, r);
    }
    return r;
  }

  it('has a table', () => {
    expect(CASES.length).toBeGreaterThan(300);
  });

  CASES.forEach((k, i) => {
    const name = title(k, i);
    if (k.fails === undefined) {
      it(name, async () => {
        const { obs, out } = await run(k, i);
        const inv = parseArgv(obs.argv, parseOptionsFrom(k.env ?? {}));
        const verdict = judge(out, inv, stubNames(k.argv, k.stubs, k.nostub));
        expect(verdict, `${verdict}\n${explain(obs, out)}`).toBeUndefined();
        if (k.expect !== undefined) expect(summary(out), `second check (cases.ts column)\n${explain(obs, out)}`).toBe(k.expect);
      });
      return;
    }
    // A known disagreement: docker's side is pinned, the agreement is expected to fail.
    it(`${name}  (docker side)`, async () => {
      const { obs, out } = await run(k, i);
      expect(k.expect, 'a `fails` case needs the expectation column').toBeDefined();
      expect(summary(out), explain(obs, out)).toBe(k.expect);
    });
    it.fails(`${name}  KNOWN DISAGREEMENT: ${k.fails}`, async () => {
      const { obs, out } = await run(k, i);
      const verdict = judge(out, parseArgv(obs.argv, parseOptionsFrom(k.env ?? {})), stubNames(k.argv, k.stubs, k.nostub));
      expect(verdict, `${verdict}\n${explain(obs, out)}\nparseArgv: ${describeInvocation(parseArgv(obs.argv, parseOptionsFrom(k.env ?? {})))}`).toBeUndefined();
    });
  });
});
