// Random differential test of `docker build` argv with the legacy builder (DOCKER_BUILDKIT=0; no
// buildx here): seeded argv through the real docker 28.2.2 client against the recorder. Whenever
// docker sends POST /build asking for the host's network, another container's network or a cgroup
// parent (the legacy builder runs each step as a container with them), the guard's decision under
// the default policy must be a refusal; and the guard must have read the value docker sent.
//
//   DG_RANDOM_BUILD_CASES=3000 DG_RANDOM_BUILD_SEED=5 npx vitest run test/differential/random-build.test.ts
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_FLAGS } from '../../src/docker/leaf-flags.js';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { allValues, lastValue, parseFlags } from '../../src/docker/pflag.js';
import { decide } from '../../src/policy/decide.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import { startRecorder } from '../support/recorder.js';
import { envNumber, lcg } from '../support/seeded.js';
import type { Case } from './cases.js';
import { makeWorkdir, observe, type Bench } from './observe.js';

const SEED = envNumber('DG_RANDOM_BUILD_SEED', 20261126);
const COUNT = envNumber('DG_RANDOM_BUILD_CASES', 200);

const NETWORKS = ['host', 'HOST', 'default', 'none', 'bridge', 'container:abc', 'ns:/proc/1/ns/net', 'mynet', ''];
const TOKENS: readonly (readonly string[])[] = [
  ['-t', 'x'], ['-tx'], ['-q'], ['-qt', 'x'], ['--no-cache'], ['--pull'], ['--rm=false'], ['--build-arg', 'A=b'],
  ['--label=a=b'], ['-f', 'Dockerfile'], ['--file=Dockerfile'], ['--platform', 'linux/amd64'], ['--target', 'x'],
  ['--cgroup-parent', '/'], ['--cgroup-parent=x'], ['--cgroup-parent='], ['--tag', '--network'], ['--label', '--cgroup-parent=/'],
  ['--'], ['-m', '64m'], ['--shm-size', '64m'], ['--add-host', 'a:1.2.3.4'],
];

function buildCases(seed: number, count: number): Case[] {
  const next = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const argv = pick(['build', 'image build', 'builder build']).split(' ');
    for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
      if (next() < 0.4) {
        const net = pick(NETWORKS);
        argv.push(...(next() < 0.5 ? ['--network', net] : [`--network=${net}`]));
      } else argv.push(...pick(TOKENS));
    }
    argv.push('.');
    if (next() < 0.1) argv.push(...pick(TOKENS));
    out.push({ argv, env: { DOCKER_BUILDKIT: '0' } });
  }
  return out;
}

describe(`random build argv, legacy builder (seed ${SEED}, ${COUNT} cases): what docker sends is what the guard refused`, () => {
  let bench: Bench;
  let sent = 0;
  let powerful = 0;
  const policy = defaultPolicy();
  const facts = { cwd: '/nonexistent-dg', realpaths: {} };

  beforeAll(async () => {
    bench = { rec: await startRecorder(), workdir: makeWorkdir() };
  });
  afterAll(async () => {
    await bench?.rec.stop();
    if (bench) rmSync(bench.workdir, { recursive: true, force: true });
  });

  buildCases(SEED, COUNT).forEach((k, i) => {
    it(`#${i} DOCKER_BUILDKIT=0 docker ${JSON.stringify(k.argv)}`, async () => {
      const obs = await observe(k, bench);
      const build = obs.requests.find((q) => q.method === 'POST' && q.path === '/build');
      if (!build) return; // docker sent nothing
      sent++;
      const network = build.query.networkmode ?? '';
      const cgroupParent = build.query.cgroupparent ?? '';
      const inv = parseArgv(obs.argv);
      expect(inv.kind === 'builtin' && inv.command, 'a build was sent').toBe('image build');
      if (inv.kind !== 'builtin') return;
      const flags = parseFlags(inv.args, BUILD_FLAGS, { interspersed: true });
      expect(flags.ok, 'docker sent a build: the guard reads its flags').toBe(true);
      if (!flags.ok) return;
      // The guard reads every --network and the last --cgroup-parent; docker sends the last of each.
      if (network !== '' && network !== 'default') expect(allValues(flags.flags, 'network')).toContain(network);
      expect(lastValue(flags.flags, 'cgroup-parent') ?? '').toBe(cgroupParent);
      const lower = network.toLowerCase();
      if (lower === 'host' || lower.startsWith('container:') || lower.startsWith('ns:') || cgroupParent !== '') {
        powerful++;
        expect(decide(inv, policy, facts).kind, `docker sent networkmode=${network} cgroupparent=${cgroupParent}`).toBe('refused');
      }
    });
  });

  it('is not vacuous: docker sent builds, some of them asking for host power', () => {
    console.log(`random build: docker sent ${sent} builds of ${COUNT}, ${powerful} asking for host power`);
    if (COUNT >= 200) {
      expect(sent / COUNT).toBeGreaterThan(0.3);
      expect(powerful / COUNT).toBeGreaterThan(0.1);
    }
  });
});
