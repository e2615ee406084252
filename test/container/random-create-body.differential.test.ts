// Random differential test of `run`/`create` argv: seeded argv (random-run-argv.ts) through the
// real docker 28.2.2 CLI against the recorder. Whenever docker sends POST /containers/create,
// parseRunArgs must have read the argv (not an error, not help) and found exactly the host-power
// fields the body asks for (create-body.ts). When docker creates nothing, any answer is safe: the
// guard checks what parseRunArgs read and forwards, and docker reports its own error; or it
// refuses. The hand-made table (create-body.differential.test.ts) pins both directions.
//
//   DG_RANDOM_RUN_CASES=5000 DG_RANDOM_RUN_SEED=3 npx vitest run test/container/random-create-body.differential.test.ts
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/container/run-args.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { envNumber } from '../support/seeded.js';
import { DOCKER, dockerCreate, fromBody, fromRequest } from './create-body.js';
import { randomRunCases } from './random-run-argv.js';

const SEED = envNumber('DG_RANDOM_RUN_SEED', 20261126);
const COUNT = envNumber('DG_RANDOM_RUN_CASES', 400);
const CASES = randomRunCases(SEED, COUNT);

describe.skipIf(!existsSync(DOCKER))(`random run/create argv (seed ${SEED}, ${COUNT} cases): parseRunArgs reads what docker 28.2.2 sends`, () => {
  let recorder: Recorder;
  let work: string;
  let created = 0;

  beforeAll(async () => {
    recorder = await startRecorder();
    work = realpathSync(mkdtempSync(join(tmpdir(), 'dg-work-')));
    mkdirSync(join(work, 'sub'));
  });
  afterAll(async () => {
    await recorder?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  CASES.forEach(({ mode, argv }, i) => {
    it(`#${i} docker ${mode} ${JSON.stringify(argv)}`, async () => {
      const out = await dockerCreate(recorder, work, mode, argv);
      if (out.body === undefined) return; // nothing created: see the header
      created++;
      const parsed = parseRunArgs(argv, work, mode);
      expect(parsed.ok ? (parsed.request.help === true ? 'help' : 'read') : parsed.error, 'docker created a container').toBe('read');
      if (!parsed.ok) return;
      expect(fromRequest(parsed.request)).toEqual(fromBody(out.body, recorder.socketPath));
    });
  });

  it('is not vacuous: docker created a container in a good share of the cases', () => {
    // Runs after the cases (vitest keeps the order within a file).
    console.log(`random run/create: docker created ${created} of ${COUNT}`);
    if (COUNT >= 200) expect(created / COUNT).toBeGreaterThan(0.3);
  });
});
