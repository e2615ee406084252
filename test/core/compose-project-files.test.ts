import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseComposeArgs, type ComposeInvocation } from '../../src/compose/compose-argv.js';
import { composeFilesProblem } from '../../src/compose-project-files.js';

// What compose reads twice must read the same twice: real directories, compose-go v2.6.4's rules.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-project-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'compose.yml'), 'services: {web: {image: x}}\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    if (typeof text === 'string' && text.startsWith('->')) symlinkSync(text.slice(2), path.join(dir, name));
    else writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
function inv(args: string[]): ComposeInvocation {
  const p = parseComposeArgs(args);
  if (!p.ok) throw new Error(p.error);
  return p;
}
const problem = (files: Record<string, string | Buffer>, args: string[] = ['up', '-d'], env: Record<string, string> = {}): string | undefined => {
  const dir = project(files);
  return composeFilesProblem(inv(args), dir, { PATH: '/usr/bin', ...env });
};

describe('env files compose loads, read as strictly as its parser could read them', () => {
  it.each([
    ['two statements on one line', 'A="" BUILDX_CONFIG=/tmp/x\n'],
    ['a statement right after a single-quoted value', "A='a'BUILDX_BUILDER=evil\n"],
    ['U+0085 before the =', 'BUILDX_CONFIG\u0085=/tmp/x\n'],
    ['U+0085 at the start of the line', '\u0085DOCKER_HOST=unix:///x\n'],
    ['U+0085 after the =, before a quoted value', 'A=\u0085"" BUILDX_CONFIG=/x\n'],
    ['a quoted value running over lines', 'A="one\ntwo"\n'],
    ['a key compose reads but docker-guard does not', 'KEY[1]=x\n'],
  ])('unreadable: %s', (_what, text) => {
    expect(problem({ '.env': text })).toContain('has a line docker-guard cannot read the way compose does');
  });

  it.each([
    ['comments, export, yaml style, a bare key, quotes with # and escapes, a BOM', '\uFEFF# c\nexport A=1\nB: two\nC\nD="x # not a comment"\nE=\'it\\\'s\' # c\nF=plain value # comment\n'],
    ['nothing steering', 'APP_PORT=8080\nCOMPOSE_PROJECT_NAME=demo\n'],
  ])('readable: %s', (_what, text) => {
    expect(problem({ '.env': text })).toBeUndefined();
  });

  it('a steering variable anywhere, even when a later line sets it again', () => {
    expect(problem({ '.env': 'BUILDX_CONFIG=/a\n' })).toContain('sets BUILDX_CONFIG');
    expect(problem({ '.env': 'HOME=/tmp/h\n' })).toContain('sets HOME');
    // Set in the environment already: compose keeps the environment's value.
    expect(problem({ '.env': 'DOCKER_HOST=unix:///x\n' }, ['up'], { DOCKER_HOST: 'unix:///y' })).toBeUndefined();
  });

  it('COMPOSE_FILE from an env file: every value is checked (the last one wins in compose)', () => {
    expect(problem({ '.env': 'COMPOSE_FILE=compose.yml\nCOMPOSE_FILE=compose.yml:/dev/stdin\n' })).toContain('leads through /dev');
    expect(problem({ 'a.env': 'COMPOSE_FILE=compose.yml\n', 'b.env': 'COMPOSE_FILE=compose.yml:/dev/stdin\n' }, ['--env-file', 'a.env', '--env-file', 'b.env', 'up'])).toContain('leads through /dev');
    expect(problem({ '.env': "COMPOSE_FILE='compose.yml'\n" })).toBeUndefined();
    expect(problem({ '.env': 'COMPOSE_FILE=compose.yml # main\n' })).toContain('sets COMPOSE_FILE in a form');
  });

  it('the .env beside a compose file named by COMPOSE_FILE in an env file is read too', () => {
    const files = { '.env': 'COMPOSE_FILE=sub/compose.yml\n', 'sub/compose.yml': 'services: {web: {image: x}}\n', 'sub/.env': '->/dev/stdin' };
    expect(problem(files)).toContain('leads through /dev');
    expect(problem({ ...files, 'sub/.env': 'BUILDX_BUILDER=evil\n' })).toContain('sets BUILDX_BUILDER');
  });

  it.each([
    ['include with a path', 'include:\n  - /dev/stdin\nservices: {web: {image: x}}\n', 'uses include'],
    ['include with an env_file', 'include: [{path: ./inc.yaml, env_file: /dev/stdin}]\n', 'uses include'],
    ['JSON include', '{"include": ["/dev/stdin"], "services": {}}', 'uses include'],
    ['an explicit YAML key', '? include\n: [/dev/stdin]\n', 'uses include'],
    ['an escaped key', '"\\x69nclude": [/dev/stdin]\n', 'uses an escape'],
    ['a folded key', '"inc\\\nlude": [/dev/stdin]\n', 'uses an escape'],
    ['a line fold by CR alone', '"inc\\\rlude": [/dev/stdin]\n', 'uses an escape'],
    ['a line fold by U+2028', '"inc\\\u2028lude": [/dev/stdin]\n', 'uses an escape'],
    ['a !!binary key', '!!binary aW5jbHVkZQ==:\n  - /dev/stdin\n', 'uses a YAML tag'],
    ['a tag behind a %TAG handle named like !reset', '%TAG !reset! tag:yaml.org,2002:\n---\n!reset!binary aW5jbHVkZQ==: [other.yml]\nservices: {a: {image: x}}\n', 'uses a YAML tag or directive'],
    ['a tag right after a colon in flow style, used through an alias', '{"x-a":!!binary &a aW5jbHVkZQ==, *a : [other.yml], services: {a: {image: x}}}\n', 'uses a YAML tag or directive'],
    ['UTF-16 with a BOM', Buffer.from('\uFEFFinclude:\n  - /dev/stdin\n', 'utf16le'), 'uses an encoding other than UTF-8'],
    ['extends from another file', 'services:\n  web:\n    extends:\n      file: /dev/stdin\n      service: base\n', 'uses extends with a file'],
  ])('a compose file that makes compose load more files is refused: %s', (_what, text, message) => {
    expect(problem({ 'compose.yml': text })).toContain(message);
  });

  it('compose\'s own tags and an exclamation mark in a value are fine', () => {
    expect(problem({ 'compose.yml': 'services:\n  web:\n    image: x\n    ports: !reset []\n    command: echo hi!\n' })).toBeUndefined();
  });

  it('extends within the same file, and secrets from files, are fine', () => {
    expect(problem({ 'compose.yml': 'services:\n  base: {image: x}\n  web: {extends: base}\n' })).toBeUndefined();
    expect(problem({ 'compose.yml': 'services: {web: {image: x, secrets: [s]}}\nsecrets: {s: {file: ./s.txt}}\n' })).toBeUndefined();
  });

  it('compose and env files through /dev or /proc, FIFOs aside (e2e), are refused', () => {
    expect(problem({}, ['-f', '/dev/stdin', 'up'])).toContain('leads through /dev');
    expect(problem({}, ['--env-file', '/proc/self/fd/0', 'up'])).toContain('leads through /proc');
    expect(problem({ '.env': '->/dev/stdin' })).toContain('leads through /dev');
    expect(problem({}, ['up'], { COMPOSE_FILE: 'compose.yml:/dev/fd/0' })).toContain('leads through /dev');
  });
});
