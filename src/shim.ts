import { FORCE_FFI_EXEC, POLICY_PATH, REAL_DOCKER } from './build-constants.js';
import { checkBeforeExec, execReal, explainExecFailure } from './exec.js';
import { notUtf8Refusal } from './argv-encoding.js';
import { EXIT_BAD_POLICY, EXIT_NO_DOCKER, EXIT_REFUSED } from './exit-codes.js';
import { currentIdentity, isRestricted } from './identity.js';
import type { Refusal } from './policy/decision.js';
import type { Policy, PolicySource } from './policy/policy.js';
import { loadPolicyFile } from './policy-file.js';

// The `docker` the agent runs: policy, then decision, then either a refusal or execve of the real
// docker. Returns an exit code only when it did not hand over to docker. The scanner and the
// decision are loaded only for a restricted caller, the report only when something is printed.
export function runShim(argv: readonly string[], env: Record<string, string | undefined>): number {
  const loaded = loadPolicyFile(POLICY_PATH);
  if (!loaded.ok) {
    const { formatBadPolicy } = require('./report.js') as typeof import('./report.js');
    process.stderr.write(formatBadPolicy(loaded.source, loaded.error, colors(env)));
    return EXIT_BAD_POLICY;
  }
  const mangled = notUtf8Refusal(argv);
  if (mangled) return refuse(argv, mangled, loaded.policy, loaded.source, env);
  if (isRestricted(loaded.policy, currentIdentity())) {
    const { parseArgv, parseOptionsFrom } = require('./docker/parse-argv.js') as typeof import('./docker/parse-argv.js');
    const { decideWithFacts } = require('./decide-with-facts.js') as typeof import('./decide-with-facts.js');
    const inv = parseArgv(argv, parseOptionsFrom(env));
    const decision = decideWithFacts(inv, loaded.policy, { cwd: process.cwd(), env, realDocker: REAL_DOCKER });
    if (decision.kind === 'refused') return refuse(argv, decision, loaded.policy, loaded.source, env);
  }
  const problem = checkBeforeExec(REAL_DOCKER);
  if (problem) {
    process.stderr.write(`docker-guard: ${problem.message.replace(/^docker-guard: /, '')}\n`);
    return EXIT_NO_DOCKER;
  }
  const failure = explainExecFailure(REAL_DOCKER, execReal(REAL_DOCKER, argv, env, FORCE_FFI_EXEC));
  process.stderr.write(`docker-guard: ${failure.message}\n`);
  return EXIT_NO_DOCKER;
}

function refuse(argv: readonly string[], decision: Refusal, policy: Policy, source: PolicySource, env: Record<string, string | undefined>): number {
  const { formatRefusal } = require('./report.js') as typeof import('./report.js');
  process.stderr.write(formatRefusal(argv, decision, policy, source, colors(env)));
  return EXIT_REFUSED;
}

function colors(env: Record<string, string | undefined>): import('./report.js').Colors {
  return (require('./colors.js') as typeof import('./colors.js')).stderrColors(env);
}
