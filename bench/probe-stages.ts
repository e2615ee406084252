// Investigation only (bench --investigate): where the shim's time goes, inside the process.
// Compiled like the shim, it walks the steps of src/shim.ts runShim and times each with
// performance.now() (ms since the Bun VM started); it prints `ms<TAB>stage` lines on stdout and
// execs nothing. Read it with care: a one-time cost of the runtime (the first module it loads, the
// first garbage collection) shows up in whichever step happens to trigger it, and part of it the
// floor pays too, later; the wall-time rows above are the measurement, this only points at
// suspects. Modules are loaded with require() so their evaluation is timed too, synchronously (the
// bundle keeps them in the one binary, each evaluated on its first require).
//
// The src functions are typed loosely on purpose: when their signatures change, this probe must
// not break `tsc --noEmit` for everyone; a step that throws is reported as such.
/* eslint-disable @typescript-eslint/no-require-imports */
type Fn = (...args: unknown[]) => unknown;
type Mod = Record<string, Fn>;

const marks: Array<[string, number]> = [['VM up, bundle top level (like the floor)', performance.now()]];
const mark = (stage: string): void => {
  marks.push([stage, performance.now()]);
};

const env = process.env;
const policyPath = process.argv[2] === '--policy' ? process.argv[3]! : '/nonexistent/policy.json';
const argv = process.argv.slice(process.argv[2] === '--policy' ? 4 : 2);
try {
  const policyFile = require('../src/policy-file.js') as Mod;
  mark('require policy-file.ts (policy loading, command tree)');
  const parse = require('../src/docker/parse-argv.js') as Mod;
  const decideMod = require('../src/policy/decide.js') as Mod;
  const facts = require('../src/facts.js') as Mod;
  const identity = require('../src/identity.js') as Mod;
  mark('require parse-argv, decide, facts, identity');
  const exec = require('../src/exec.js') as Mod;
  mark('require exec.ts');

  const loaded = policyFile.loadPolicyFile!(policyPath) as { ok: boolean; policy?: unknown; error?: string };
  if (!loaded.ok) throw new Error(`policy: ${loaded.error}`);
  mark(`loadPolicyFile (${policyPath.startsWith('/nonexistent') ? 'absent: the built-in default' : 'a file'})`);
  void argv.find((a) => a.includes('\uFFFD'));
  const everyone = (loaded.policy as { restrict: { everyone: boolean } }).restrict.everyone;
  const restricted = everyone || identity.isRestricted!(loaded.policy, identity.currentIdentity!());
  mark(everyone ? 'the policy restricts everyone: who is calling is not read' : 'currentIdentity (/etc/passwd, /etc/group if named)');
  if (restricted) {
    const inv = parse.parseArgv!(argv);
    mark('parseArgv');
    const f = facts.gatherFacts!(inv, { cwd: process.cwd(), env });
    mark('gatherFacts');
    const decision = decideMod.decide!(inv, loaded.policy, f) as { kind: string };
    if (decision.kind === 'refused') throw new Error('the probe argv was refused');
    mark('decide');
  } else {
    mark('not restricted: no parse, no decision');
  }
  const problem = exec.checkBeforeExec!('/bin/true') as { message: string } | undefined;
  if (problem) throw new Error(problem.message);
  mark('checkBeforeExec (the real docker is not this binary)');
  process.on('SIGPIPE', () => {});
  process.on('SIGXFSZ', () => {});
  mark('process.on SIGPIPE/SIGXFSZ');
} catch (e) {
  mark(`FAILED: ${(e as Error).message}`);
}

let prev = 0;
let out = '';
for (const [stage, t] of marks) {
  out += `${(t - prev).toFixed(3)}\t${stage}\n`;
  prev = t;
}
require('node:fs').writeSync(1, out);
