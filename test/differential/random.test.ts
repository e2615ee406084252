// Random differential test: seeded random argv (random-cases.ts) through the real docker 28
// client against the recorder, as scanner.test.ts does for the hand-made table. Wherever docker
// acted (an API call, a plugin, a client-side command), parseArgv must have named that act
// (judge.ts judgeRandom says what is not asked of random argv, and why). And the guard's decision
// under the default policy must be a refusal whenever docker did what that policy refuses (an
// operation or a plugin it does not allow): the property the guard exists for, over argv nobody
// wrote by hand.
//
//   DG_RANDOM_DIFF_CASES=20000 DG_RANDOM_DIFF_SEED=7 npx vitest run test/differential/random.test.ts
//
// A disagreement found here goes into cases.ts as a hand-made case once understood.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgv, parseOptionsFrom } from '../../src/docker/parse-argv.js';
import { commandPermission } from '../../src/policy/command-permission.js';
import { decide } from '../../src/policy/decide.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { startRecorder } from '../support/recorder.js';
import { envNumber } from '../support/seeded.js';
import { REAL_DOCKER_VERSION } from '../support/real-docker.js';
import { classify, summary, type Outcome } from './classify.js';
import { buildxRunsFor, describeInvocation, judgeRandom } from './judge.js';
import { makeWorkdir, observe, stubNames, type Bench } from './observe.js';
import { randomCases } from './random-cases.js';

const SEED = envNumber('DG_RANDOM_DIFF_SEED', 20261126);
const COUNT = envNumber('DG_RANDOM_DIFF_CASES', 800);
const CASES = randomCases(SEED, COUNT);
const POLICY = defaultPolicy();
/** No file-system facts: a bind source whose facts are missing is refused, which is not what this
 *  test looks at; a compose model with no services, so compose is judged by its argv alone. */
const FACTS = { cwd: '/nonexistent-dg', realpaths: {}, composeModel: { ok: true as const, model: { name: 'p', services: {} } } };

describe(`random argv (seed ${SEED}, ${COUNT} cases): parseArgv names what ${REAL_DOCKER_VERSION} does`, () => {
  let bench: Bench;
  const outcomes: Outcome['kind'][] = [];
  /** Cases where docker did what the default policy refuses (each checked to be refused). */
  const refusedActs = new Map<string, number>();
  /** Cases where docker reached another daemon or ran a plugin from another config dir. */
  let elsewhereChecked = 0;

  beforeAll(async () => {
    bench = { rec: await startRecorder(), rec2: await startRecorder(), workdir: makeWorkdir() };
  });
  afterAll(async () => {
    await bench?.rec.stop();
    await bench?.rec2?.stop();
    if (bench) rmSync(bench.workdir, { recursive: true, force: true });
  });

  CASES.forEach((k, i) => {
    it(`#${i} ${k.env ? 'DOCKER_HIDE_LEGACY_COMMANDS=1 ' : ''}docker ${JSON.stringify(k.argv)}`, async () => {
      const obs = await observe(k, bench);
      const out = classify(obs);
      outcomes.push(out.kind);
      const inv = parseArgv(obs.argv, parseOptionsFrom(k.env ?? {}));
      // A --config naming some other directory (`--config -`) leaves docker without the stubs.
      const config = inv.globals.filter((g) => g.name === 'config').at(-1)?.value;
      const verdict = judgeRandom(out, inv, config === undefined || config === obs.config2 ? stubNames(k.argv) : []);
      const calls = obs.requests.filter((q) => q.path !== '/_ping').map((q) => `${q.method} ${q.path}`);
      const what = `docker: exit ${obs.code}; ${summary(out)}; calls: ${calls.join(', ') || '(none)'}\nstderr: ${obs.stderr.trim().split('\n')[0]}\nparseArgv: ${describeInvocation(inv)}`;
      expect(verdict, `${verdict}\n${what}`).toBeUndefined();
      // A build forwarded to buildx is the build the guard decided on (judge.ts buildxRunsFor).
      const did = out.kind === 'op' ? out.op : out.kind === 'plugin' ? (out.name === 'buildx' && buildxRunsFor(inv) && inv.kind === 'builtin' ? inv.command : out.name) : undefined;
      // Another daemon or another config dir than the caller's own: the global flags the policy
      // does not list (-H, --context, --config) must have been refused, wherever they were typed.
      const elsewhere = [
        ...(obs.otherDaemon?.length ? [`reached another daemon (${obs.otherDaemon.map((q) => `${q.method} ${q.path}`).join(', ')})`] : []),
        ...obs.plugins.filter((p) => p.fromConfig2).map((p) => `ran the plugin ${p.name} from the --config directory`),
        ...(obs.usedConfig2 ? ['sent the --config directory\'s HttpHeaders'] : []),
      ];
      if (elsewhere.length > 0) {
        elsewhereChecked++;
        expect(decide(inv, POLICY, FACTS).kind, `docker ${elsewhere.join('; ')}\n${what}`).toBe('refused');
      }
      for (const act of did === undefined ? [] : [did, ...(out.kind === 'op' ? (out.also ?? []) : [])]) {
        if (commandPermission(act, POLICY).ok) continue;
        refusedActs.set(act, (refusedActs.get(act) ?? 0) + 1);
        expect(decide(inv, POLICY, FACTS).kind, `docker did \`${act}\`, which the default policy refuses\n${what}`).toBe('refused');
      }
    });
  });

  it('is not vacuous: docker acted in a good share of the cases, in each way', () => {
    // Runs after the cases (vitest keeps the order within a file).
    expect(outcomes.length).toBe(COUNT);
    const count = (kind: Outcome['kind']): number => outcomes.filter((o) => o === kind).length;
    const share = Object.fromEntries((['op', 'plugin', 'local', 'rejected', 'help', 'version', 'unclassified'] as const).map((k) => [k, count(k)]));
    console.log(`random argv outcomes: ${JSON.stringify(share)}; refused acts checked: ${JSON.stringify(Object.fromEntries(refusedActs))}; another daemon or config dir: ${elsewhereChecked}`);
    if (COUNT < 500) return;
    expect(elsewhereChecked / COUNT).toBeGreaterThan(0.01);
    expect([...refusedActs.values()].reduce((a, b) => a + b, 0) / COUNT).toBeGreaterThan(0.05);
    expect(count('op') / COUNT).toBeGreaterThan(0.05);
    expect(count('plugin') / COUNT).toBeGreaterThan(0.03);
    expect(count('local')).toBeGreaterThan(0);
  });
});
