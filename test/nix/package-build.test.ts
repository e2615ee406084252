// nix/package.nix's build steps outside Nix: its source fileset, node_modules laid out from the
// dependency trees by scripts/nix-build.sh (no package manager), the same scripts/build.sh
// arguments, then its install check (scripts/nix-install-check.sh). Nix itself cannot build
// here (no nixpkgs, no network); a command line broken in either script fails here.
import { copyFileSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLikeNix, depTrees, DEPS, removeTempDirs, type NixStyleBuild, ROOT, run, tempDir, VERSION, which } from './nix-helpers.js';

afterAll(removeTempDirs);

const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

describe('nix/deps.json', () => {
  it('lists exactly the dependencies of package.json, at their versions', () => {
    expect(Object.keys(DEPS).sort()).toEqual(Object.keys(PKG.dependencies).sort());
    for (const [name, spec] of Object.entries(DEPS)) {
      expect(spec.tag, name).toBe(`v${PKG.dependencies[name]}`);
      expect(spec.hash, name).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
      expect(spec.owner, name).toMatch(/^[A-Za-z0-9-]+$/);
      expect(spec.repo, name).toMatch(/^[A-Za-z0-9._-]+$/);
    }
  });

  const mirrors = process.env.DOCKER_GUARD_GIT_MIRRORS;
  const noMirrors = !mirrors || !which('nix') || !which('git');
  it.skipIf(noMirrors)(
    `hashes equal the NAR hashes of the GitHub tag trees${noMirrors ? ' (skipped: no DOCKER_GUARD_GIT_MIRRORS with git snapshots, or no nix)' : ''}`,
    () => {
      const r = run('bash', ['scripts/nix-dep-trees.sh', tempDir('dg-dep-hash-')]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const name of Object.keys(DEPS)) expect(r.stdout).toContain(`${name} `);
    },
  );
});

const trees = depTrees();

describe(`the package build, outside Nix; dependency trees: ${trees.origin}`, () => {
  let b: NixStyleBuild;
  beforeAll(() => {
    b = buildLikeNix(trees);
  });

  it('scripts/nix-build.sh with package.nix arguments compiles docker-guard and the docker symlink', () => {
    expect(b.build.status, `${b.origin}\n${b.build.stderr}`).toBe(0);
    expect(b.build.stdout.trim()).toBe('dist/docker-guard');
    expect(readlinkSync(path.join(b.bin, 'docker'))).toBe('docker-guard');
  });

  it('refuses to run over an existing node_modules (deps must come from nix/deps.json only)', () => {
    const r = run('bash', ['scripts/nix-build.sh', '--', '--bun', 'x'], { cwd: b.src });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('node_modules already exists');
  });

  it("package.nix's install check passes: its own --version, the baked paths, validate, a refusal", () => {
    const r = run('bash', ['scripts/nix-install-check.sh', b.bin, VERSION, b.realDocker, b.policyPath]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`nix-install-check: ok: docker-guard ${VERSION}`);
    expect(r.status).toBe(0);
  });

  it('`docker-guard --version` prints the package.json version', () => {
    const r = run(path.join(b.bin, 'docker-guard'), ['--version']);
    expect(r.stdout).toBe(`docker-guard ${VERSION}\n`);
  });

  it('the `docker` name hands an allowed command to the baked real docker', () => {
    const r = run(path.join(b.bin, 'docker'), ['--version']);
    expect(r.stdout).toBe('Docker version 0.0.0-standin --version\n');
    expect(r.status).toBe(0);
  });

  it('the install check fails for a wrong version and for other baked paths', () => {
    const check = (v: string, d: string, p: string) => run('bash', ['scripts/nix-install-check.sh', b.bin, v, d, p]);
    expect(check('9.9.9', b.realDocker, b.policyPath).status).toBe(1);
    expect(check(VERSION, '/usr/bin/docker', b.policyPath).status).toBe(1);
    expect(check(VERSION, b.realDocker, '/etc/other.json').status).toBe(1);
  });

  const strip = which('strip');
  it.skipIf(!strip)(`the install check catches a stripped binary${strip ? '' : ' (skipped: no strip)'}`, () => {
    // What nixpkgs' fixupPhase would do without dontStrip: the result is the plain bun CLI.
    const dir = tempDir('dg-stripped-');
    copyFileSync(path.join(b.bin, 'docker-guard'), path.join(dir, 'docker-guard'));
    expect(run(strip!, ['-S', path.join(dir, 'docker-guard')]).status).toBe(0);
    run('ln', ['-s', 'docker-guard', path.join(dir, 'docker')]);
    const r = run('bash', ['scripts/nix-install-check.sh', dir, VERSION, b.realDocker, b.policyPath]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FAIL');
  });

  // Last: it writes the baked policy file, which the tests above need absent.
  it.each(['README-ai-worker.md', 'README.md'])('the default policy %s spells out is the built-in default, every key written', (file) => {
    const readme = readFileSync(path.join(ROOT, file), 'utf8');
    const block = /<!-- default-policy -->\s*```json\n([\s\S]*?)\n```/.exec(readme);
    expect(block, 'no ```json block after <!-- default-policy -->').not.toBeNull();
    const effective = () => {
      const r = run(path.join(b.bin, 'docker-guard'), ['policy']);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      return JSON.parse(r.stdout.replace(/^#.*\n/gm, '')) as Record<string, unknown>;
    };
    const { restrict: builtinRestrict, ...builtin } = effective();
    expect(builtinRestrict).toEqual({ everyone: true });
    // Spelled out: no key left to its default (an omitted key would still compare equal below).
    const written = JSON.parse(block![1]!) as Record<string, unknown>;
    const keys = (o: unknown) => Object.keys(o as object).sort();
    expect(keys(written).filter((k) => k !== 'users' && k !== 'groups')).toEqual(keys(builtin));
    for (const section of ['containers', 'build']) expect(keys(written[section]), section).toEqual(keys(builtin[section]));
    mkdirSync(path.dirname(b.policyPath), { recursive: true });
    writeFileSync(b.policyPath, block![1]!);
    try {
      const { restrict, ...documented } = effective();
      expect(restrict).toEqual({ everyone: false, users: ['ai-worker'], groups: [] });
      expect(documented).toEqual(builtin);
    } finally {
      rmSync(b.policyPath);
    }
  });
});
