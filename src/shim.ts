import { FORCE_FFI_EXEC, POLICY_PATH, REAL_DOCKER } from './build-constants.js';
import { stderrColors } from './colors.js';
import { parseArgv } from './docker/parse-argv.js';
import { checkRealDocker, execReal } from './exec.js';
import { EXIT_BAD_POLICY, EXIT_NO_DOCKER, EXIT_REFUSED } from './exit-codes.js';
import { gatherFacts } from './facts.js';
import { currentIdentity, isRestricted } from './identity.js';
import { decide } from './policy/decide.js';
import { loadPolicyFile } from './policy-file.js';
import { formatBadPolicy, formatRefusal } from './report.js';

// The `docker` the agent runs: policy, then decision, then either a refusal or execve of the real
// docker. Returns an exit code only when it did not hand over to docker.
export function runShim(argv: readonly string[], env: Record<string, string | undefined>): number {
  const colors = stderrColors(env);
  const loaded = loadPolicyFile(POLICY_PATH);
  if (!loaded.ok) {
    process.stderr.write(formatBadPolicy(loaded.source, loaded.error, colors));
    return EXIT_BAD_POLICY;
  }
  if (isRestricted(loaded.policy, currentIdentity())) {
    const inv = parseArgv(argv);
    const decision = decide(inv, loaded.policy, gatherFacts(inv, loaded.policy, process.cwd()));
    if (decision.kind === 'refused') {
      process.stderr.write(formatRefusal(argv, decision, loaded.policy, loaded.source, colors));
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
