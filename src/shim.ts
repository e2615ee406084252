import { FORCE_FFI_EXEC, POLICY_PATH, REAL_DOCKER } from './build-constants.js';
import { stderrColors } from './colors.js';
import { parseArgv } from './docker/parse-argv.js';
import { checkRealDocker, execReal } from './exec.js';
import { EXIT_BAD_POLICY, EXIT_NO_DOCKER, EXIT_REFUSED } from './exit-codes.js';
import { gatherFacts } from './facts.js';
import { currentIdentity, isRestricted } from './identity.js';
import { decide } from './policy/decide.js';
import { refused } from './policy/decision.js';
import { loadPolicyFile } from './policy-file.js';
import { formatBadPolicy, formatRefusal } from './report.js';

// The `docker` the agent runs: policy, then decision, then either a refusal or execve of the real
// docker. Returns an exit code only when it did not hand over to docker.
export function runShim(argv: readonly string[], env: Record<string, string | undefined>): number {
  const loaded = loadPolicyFile(POLICY_PATH);
  if (!loaded.ok) {
    process.stderr.write(formatBadPolicy(loaded.source, loaded.error, stderrColors(env)));
    return EXIT_BAD_POLICY;
  }
  // Bun decodes argv as UTF-8 and turns invalid bytes into U+FFFD: forwarding would hand docker
  // other bytes than the ones typed, so such argv is refused for everyone.
  const mangled = argv.find((a) => a.includes('\uFFFD'));
  if (mangled !== undefined) {
    const decision = refused(argv.join(' '), 'malformed-argv', `the argument ${JSON.stringify(mangled)} is not valid UTF-8; the guard could not forward its exact bytes`);
    process.stderr.write(formatRefusal(argv, decision, loaded.policy, loaded.source, stderrColors(env)));
    return EXIT_REFUSED;
  }
  if (isRestricted(loaded.policy, currentIdentity())) {
    const inv = parseArgv(argv);
    const decision = decide(inv, loaded.policy, gatherFacts(inv, { cwd: process.cwd(), env }));
    if (decision.kind === 'refused') {
      process.stderr.write(formatRefusal(argv, decision, loaded.policy, loaded.source, stderrColors(env)));
      return EXIT_REFUSED;
    }
  }
  const problem = checkRealDocker(REAL_DOCKER);
  if (problem) {
    process.stderr.write(`docker-guard: ${problem.message.replace(/^docker-guard: /, '')}\n`);
    return EXIT_NO_DOCKER;
  }
  const failure = execReal(REAL_DOCKER, argv, env, FORCE_FFI_EXEC);
  process.stderr.write(`docker-guard: ${failure.message}\n`);
  return EXIT_NO_DOCKER;
}
