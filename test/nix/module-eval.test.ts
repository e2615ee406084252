// nix/module.nix evaluated with nixpkgs' real module system (scripts/nix-eval-module.sh, checks in
// nix/tests/eval-module.nix), then its outputs fed to the real tools: the rendered policy.json to
// a docker-guard built the way package.nix builds it, the sudoers text to visudo and cvtsudoers,
// the VM test's Python to a parser.
//
// Needs a nixpkgs lib: NIXPKGS_LIB=/path/to/nixpkgs-or-nixpkgs.lib (a checkout of
// github:nix-community/nixpkgs.lib is enough). Without one every test here is reported skipped.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLikeNix, removeTempDirs, run, tempDir, which } from './nix-helpers.js';

afterAll(removeTempDirs);

interface EvalResult {
  passed: string[];
  skipped: Record<string, string>;
  policies: Record<string, string>;
  sudoers: Record<string, string>;
  sudoCommands: { full: string[] };
  vmScript: string;
}

const libDir = process.env.NIXPKGS_LIB;
const skipReason = !libDir
  ? 'no nixpkgs lib given: set NIXPKGS_LIB to a nixpkgs or nixpkgs.lib checkout'
  : !which('nix-instantiate')
    ? 'no nix-instantiate (Debian: apt-get install nix-bin)'
    : undefined;
const skipped = (why: string | undefined) => (why ? ` (skipped: ${why})` : '');

// Evaluated while collecting, so that each check the driver ran is reported by name.
let result: EvalResult | undefined;
let failure: string | undefined;
if (!skipReason) {
  const r = run('bash', ['scripts/nix-eval-module.sh', libDir!, '--json']);
  if (r.status === 0) result = JSON.parse(r.stdout) as EvalResult;
  else failure = `scripts/nix-eval-module.sh exited ${r.status}:\n${r.stderr}${r.stdout}`;
}

describe(`NixOS module evaluation with lib.evalModules${skipped(skipReason)}`, () => {
  it.skipIf(!!skipReason)('nix/tests/eval-module.nix: every check passes', () => {
    expect(failure).toBeUndefined();
    expect(result!.passed.length).toBeGreaterThan(20);
  });
  // Checked inside the driver above (it throws on any mismatch); listed here one by one.
  for (const name of result?.passed ?? []) it(`module check: ${name}`, () => {});
  for (const [name, why] of Object.entries(result?.skipped ?? {})) it.skip(`module check: ${name} (skipped: ${why})`, () => {});

  it.skipIf(!!skipReason)('the rendered policies are JSON that docker-guard validate accepts', () => {
    const b = buildLikeNix();
    expect(b.build.status, b.build.stderr).toBe(0);
    const dir = tempDir('dg-policies-');
    for (const [name, text] of Object.entries(result!.policies)) {
      expect(() => JSON.parse(text), name).not.toThrow();
      const file = path.join(dir, `${name}.json`);
      writeFileSync(file, text);
      const r = run(path.join(b.bin, 'docker-guard'), ['validate', file]);
      expect(`${r.status} ${r.stdout}${r.stderr}`, name).toBe(`0 ${file}: valid policy\n`);
    }
  });

  const visudo = which('visudo');
  const noVisudo = skipReason ?? (visudo ? undefined : 'no visudo (Debian: apt-get install sudo)');
  it.skipIf(!!noVisudo)(`the rendered sudoers text passes visudo -c${skipped(noVisudo)}`, () => {
    const dir = tempDir('dg-sudoers-');
    for (const [name, text] of Object.entries(result!.sudoers)) {
      const file = path.join(dir, name);
      writeFileSync(file, `${text}\n`);
      const r = run(visudo!, ['-c', '-f', file]);
      expect(`${r.status} ${r.stdout}${r.stderr}`, name).toBe(`0 ${file}: parsed OK\n`);
    }
  });

  const cvt = which('cvtsudoers');
  const noCvt = skipReason ?? (cvt ? undefined : 'no cvtsudoers (Debian: apt-get install sudo)');
  it.skipIf(!!noCvt)(`sudo reads back exactly the whitelisted command lines (escapes, \`""\`)${skipped(noCvt)}`, () => {
    const file = path.join(tempDir('dg-cvt-'), 'sudoers');
    writeFileSync(file, `${result!.sudoers.full}\n`);
    const r = run(cvt!, ['-f', 'json', file]);
    expect(r.status, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as { User_Specs: { Cmnd_Specs: { Commands: { command: string }[]; Options: object[] }[] }[] };
    const specs = parsed.User_Specs.flatMap((u) => u.Cmnd_Specs);
    expect(specs.flatMap((s) => s.Commands.map((c) => c.command))).toEqual(result!.sudoCommands.full);
    for (const s of specs) expect(s.Options).toEqual([{ authenticate: false }]);
  });

  const python = which('python3');
  const noPython = skipReason ?? (python ? undefined : 'no python3');
  it.skipIf(!!noPython)(`the VM test script is valid Python${skipped(noPython)}`, () => {
    const file = path.join(tempDir('dg-vm-'), 'test_script.py');
    writeFileSync(file, result!.vmScript);
    const r = run(python!, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
