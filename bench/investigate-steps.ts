// The steps of `npm run bench -- --investigate`: where the shim's time goes. Each step is a build of
// the shim from a copy of src/ with an exec of /bin/true inserted at a fixed anchor, so the build
// stops right after (or before) that step; bench.ts times the builds side by side with the floor
// and counts their instructions. Kept apart from bench.ts so that a test can check every anchor
// against the sources: an anchor that no longer matches stops the bench (it must not measure
// something else), and the test makes CI say so instead of the next person who investigates.

export interface InvestigateStep {
  readonly label: string;
  /** Source file, relative to the repository root. */
  readonly file: string;
  /** Text that occurs exactly once in `file`. */
  readonly anchor: string;
  /** Insert the exec after the anchor (the step is included), or before it. */
  readonly after: boolean;
}

export const STEP_EXEC =
  "process.on('SIGPIPE', () => {}); process.on('SIGXFSZ', () => {}); (process as unknown as { execve: (p: string, a: string[], e: NodeJS.ProcessEnv) => never }).execve('/bin/true', ['docker', ...process.argv.slice(2)], process.env);";

const SCAN = '    const inv = parseArgv(argv, parseOptionsFrom(env));\n';

export const STEPS: readonly InvestigateStep[] = [
  { label: "the bundle's top level (every module's functions created)", file: 'src/main.ts', anchor: 'function main(): number {\n', after: false },
  { label: "the shim's own modules evaluated", file: 'src/shim.ts', anchor: 'export function runShim(argv: readonly string[], env: Record<string, string | undefined>): number {\n', after: true },
  { label: 'the policy read', file: 'src/shim.ts', anchor: '  const loaded = loadPolicyFile(POLICY_PATH);\n', after: true },
  { label: 'the scanner and the decision loaded', file: 'src/shim.ts', anchor: SCAN, after: false },
  { label: 'argv scanned', file: 'src/shim.ts', anchor: SCAN, after: true },
  { label: 'decided', file: 'src/shim.ts', anchor: "    if (decision.kind === 'refused')", after: false },
];

/** The source with the step's exec inserted, or why it cannot be (the anchor is not there exactly once). */
export function applyStep(source: string, step: InvestigateStep): { ok: true; text: string } | { ok: false; why: string } {
  const parts = source.split(step.anchor);
  if (parts.length !== 2) {
    return { ok: false, why: `step "${step.label}": the anchor ${JSON.stringify(step.anchor)} occurs ${parts.length - 1} times in ${step.file}, not once; update STEPS in bench/investigate-steps.ts` };
  }
  return { ok: true, text: source.replace(step.anchor, step.after ? `${step.anchor}${STEP_EXEC}\n` : `${STEP_EXEC}\n${step.anchor}`) };
}
