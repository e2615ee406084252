import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStep, STEP_EXEC, STEPS } from '../../bench/investigate-steps.js';

// `npm run bench -- --investigate` patches copies of the sources at these anchors. A source edit
// once moved an anchor and the investigation stopped for everyone until it was run again; this
// makes CI notice instead.
const ROOT = join(import.meta.dirname, '..', '..');

describe('bench --investigate steps', () => {
  it.each(STEPS.map((s) => [s.label, s] as const))('%s: the anchor is in the sources exactly once', (_label, step) => {
    const patched = applyStep(readFileSync(join(ROOT, step.file), 'utf8'), step);
    if (!patched.ok) throw new Error(patched.why);
    const at = patched.text.indexOf(STEP_EXEC);
    const anchorAt = patched.text.indexOf(step.anchor);
    expect(at).toBeGreaterThan(-1);
    // after: the exec follows the anchor directly; before: the anchor follows the exec's line
    expect(step.after ? at === anchorAt + step.anchor.length : anchorAt === at + STEP_EXEC.length + 1).toBe(true);
  });

  it('refuses an anchor that is missing or occurs twice, saying which', () => {
    const step = STEPS[0]!;
    const missing = applyStep('nothing here', step);
    expect(missing).toEqual({ ok: false, why: expect.stringContaining('occurs 0 times in src/main.ts') });
    const twice = applyStep(`${step.anchor}${step.anchor}`, step);
    expect(twice).toEqual({ ok: false, why: expect.stringContaining('occurs 2 times') });
  });
});
