// Every .nix file parses (nix-instantiate --parse: Debian's nix-bin, no nixpkgs needed), and the
// Nix packaging names no download address but GitHub's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run, which } from './nix-helpers.js';

function walk(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const f = path.join(dir, name);
    return statSync(f).isDirectory() ? walk(f, keep) : keep(f) ? [f] : [];
  });
}

const nixFiles = ['flake.nix', ...walk(path.join(ROOT, 'nix'), (f) => f.endsWith('.nix')).map((f) => path.relative(ROOT, f))];
const instantiate = which('nix-instantiate');

describe('Nix syntax', () => {
  it('finds the packaging files', () => {
    expect(nixFiles).toEqual(expect.arrayContaining(['flake.nix', 'nix/package.nix', 'nix/module.nix', 'nix/tests/vm.nix']));
  });

  for (const f of nixFiles) {
    it.skipIf(!instantiate)(`${f} parses${instantiate ? '' : ' (skipped: no nix-instantiate; Debian: apt-get install nix-bin)'}`, () => {
      const r = run('nix-instantiate', ['--parse', f]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }
});

describe('download addresses', () => {
  const files = [
    ...nixFiles,
    'nix/deps.json',
    ...readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.startsWith('nix-')).map((f) => `scripts/${f}`),
  ];
  it('the Nix packaging fetches from GitHub only', () => {
    for (const f of files) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/\b(?:https?|git|ssh):\/\/[^\s"')]+/g)) {
        expect(m[0], `${f}: ${m[0]}`).toMatch(/^https:\/\/github\.com\//);
      }
      for (const m of text.matchAll(/\burl\s*=\s*"([^"]*)"/g)) {
        expect(m[1], `${f}: url = ${m[1]}`).toMatch(/^(github:|https:\/\/github\.com\/)/);
      }
    }
  });
});
