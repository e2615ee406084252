import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '../../src/admin-cli.js';
import { DEFAULT_ALLOW, DEFAULT_REFUSE } from '../../src/policy/default-policy.js';

// The admin CLI in-process: what it prints and the status it returns (main.ts exits with it).

const dir = mkdtempSync(join(tmpdir(), 'dg-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function admin(args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { status: runAdmin(args, { PATH: '/usr/bin:/bin' }), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('options minimist would misread', () => {
  it.each([
    [['check', '--__proto__=1', '--', 'ps'], '--__proto__=1'],
    [['check', '--constructor', '--', 'ps'], '--constructor'],
    [['check', '--__proto__.x=1', '--', 'ps'], '--__proto__.x=1'],
    [['check', '--_=x', '--', 'ps'], '--_=x'],
    [['--__proto__=1', 'policy'], '--__proto__=1'],
    [['--__proto__.x=1', 'policy'], '--__proto__.x=1'],
    [['--toString', 'policy'], '--toString'],
    [['--_=check'], '--_=check'],
    [['--_', 'policy'], '--_'],
    [['-x', 'policy'], '-x'],
    [['-hx'], '-hx'],
  ])('%j is a usage error naming the option (64), not an internal error or silence', (args, option) => {
    const r = admin(args);
    expect(r.status).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`unknown option ${option}`);
    expect(r.stderr).toContain("Run 'docker-guard --help' for usage.");
  });

  it('the options it has still work, in every spelling minimist gives them', () => {
    expect(admin(['--version']).stdout).toMatch(/^docker-guard /);
    expect(admin(['-v']).status).toBe(0);
    expect(admin(['-hv']).status).toBe(0);
    expect(admin(['--help=true']).stdout).toContain('Usage:');
    expect(admin(['--no-help', '--no-version', 'frob']).stderr).toContain('unknown command "frob"');
    const checked = admin(['check', '--no-ask-docker', '--', 'ps', '--__proto__=1']);
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toContain("argv:     docker ps --__proto__=1");
  });
});

describe('validate and policy: an allowance a refusal cancels', () => {
  const policy = (name: string, body: object): string => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify({ users: ['ai-worker'], ...body }));
    return p;
  };

  it('allowing exec with the built-in refuse list: valid, with a warning naming both and the fix', () => {
    const r = admin(['validate', policy('exec.json', { allow: [...DEFAULT_ALLOW, 'exec'] })]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('valid policy');
    expect(r.stderr).toBe('docker-guard: warning: allow: "container exec" is refused anyway: the built-in refuse list (used when the policy has no "refuse" key) refuses "container exec", and a refusal wins over an allowance of the same command; to allow it, give "refuse" explicitly, without "container exec"\n');
  });

  it('an explicit refuse list that names the allowed command (in another spelling): take it out of refuse', () => {
    const r = admin(['validate', policy('explicit.json', { allow: ['ps', 'container cp', 'push'], refuse: { cp: 'no copies' } })]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('docker-guard: warning: allow: "container cp" is refused anyway: refuse also lists "container cp", and a refusal wins over an allowance of the same command; to allow it, take "container cp" out of "refuse"\n');
  });

  it('no warning when the refusal is only of a part, or of a shorter prefix the allowance narrows', () => {
    const { exec: _exec, ...rest } = DEFAULT_REFUSE;
    expect(admin(['validate', policy('fixed.json', { allow: [...DEFAULT_ALLOW, 'exec'], refuse: rest })]).stderr).toBe('');
    expect(admin(['validate', policy('parts.json', { allow: ['container', 'compose up'], refuse: { 'container exec': 'no', compose: 'no' } })]).stderr).toBe('');
    expect(admin(['validate', policy('plain.json', {})]).stderr).toBe('');
  });
});
