import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEnvironmentProblem } from '../../src/build-environment.js';
import { contentTrustOn } from '../../src/facts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function configDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-buildenv-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('buildEnvironmentProblem: what picks the builder besides argv', () => {
  it('a plain config (or none) builds with the default builder', () => {
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir() })).toBeUndefined();
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': '{"auths":{}}' }) })).toBeUndefined();
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': '{"aliases":{"builder":"buildx"}}' }) })).toBeUndefined();
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(), BUILDX_BUILDER: '' })).toBeUndefined();
  });

  it.each([
    [{ BUILDX_BUILDER: 'evil' }, {}, 'BUILDX_BUILDER=evil'],
    [{ BUILDX_CONFIG: '/tmp/bx' }, {}, 'BUILDX_CONFIG=/tmp/bx'],
    [{}, { 'config.json': '{"aliases":{"builder":"compose"}}' }, 'sets an alias `builder: "compose"`'],
    [{}, { 'config.json': '{"aliases":' }, 'cannot be read as JSON'],
    // Go's encoding/json: the field in any case with Unicode folding, repeats merged or skipped.
    [{}, { 'config.json': '{"Aliases":{"builder":"evil"}}' }, 'sets an alias `builder: "evil"`'],
    [{}, { 'config.json': '{"alia\u017fes":{"builder":"x"}}' }, 'sets an alias `builder: "x"`'],
    [{}, { 'config.json': '{"aliases":{"builder":"x"},"aliases":{}}' }, 'sets an alias `builder: "x"`'],
    [{}, { 'config.json': '{"aliases":{"builder":"x"},"aliases":5}' }, 'sets an alias `builder: "x"`'],
    [{}, { 'config.json': '{"aliases":{"b\\u0075ilder":"x"}}' }, 'sets an alias `builder: "x"`'],
    [{}, { 'buildx/current': '{"Key":"x","Name":"evil"}' }, 'buildx/current selects a buildx builder'],
    [{}, { 'buildx/instances/default': '{"Name":"default","Driver":"docker-container"}' }, 'holds buildx builder instances (default)'],
  ])('%j %j', (env, files, text) => {
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(files), ...env })).toContain(text);
  });

  it('a config.json docker would read differently (a FIFO, /dev/stdin) is refused', () => {
    const dir = configDir();
    symlinkSync('/dev/stdin', path.join(dir, 'config.json'));
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: dir })).toContain('leads through /dev');
    const fifo = configDir();
    execFileSync('mkfifo', [path.join(fifo, 'config.json')]);
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: fifo })).toContain('is not a regular file');
  });

  it('without DOCKER_CONFIG the config lives in $HOME/.docker', () => {
    const home = configDir({ '.docker/buildx/current': 'x' });
    expect(buildEnvironmentProblem({ HOME: home })).toContain(path.join(home, '.docker/buildx/current'));
  });
});

describe('contentTrustOn: DOCKER_CONTENT_TRUST as docker reads it', () => {
  it.each([
    [undefined, false], ['', false], ['0', false], ['false', false], ['F', false], ['False', false],
    ['1', true], ['true', true], ['yes', true], ['off', true],
  ])('%j -> %s', (v, on) => expect(contentTrustOn(v === undefined ? {} : { DOCKER_CONTENT_TRUST: v })).toBe(on));
});
