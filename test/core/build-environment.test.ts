import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEnvironmentProblem, configProxies } from '../../src/build-environment.js';
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
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir() }, 'docker build')).toBeUndefined();
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': '{"auths":{}}' }) }, 'docker build')).toBeUndefined();
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': '{"aliases":{"builder":"buildx"}}' }) }, 'docker build')).toBeUndefined();
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(), BUILDX_BUILDER: '' }, 'docker build')).toBeUndefined();
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
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(files), ...env }, 'docker build')).toContain(text);
  });

  it('an instances folder buildx could read by name but docker-guard cannot list is refused, not taken as empty', () => {
    const dir = configDir({ 'buildx/instances/default': '{}' });
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: dir }, 'docker build')).toContain('holds buildx builder instances (default)');
    // (the unreadable folder itself, mode 0300, needs a caller that is not root: policy-access.e2e)
    const notDir = configDir({ 'buildx/instances': 'a file' });
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: notDir }, 'docker build')).toContain('buildx/instances cannot be listed (ENOTDIR)');
  });

  it('compose builds: COMPOSE_BAKE or config.json plugins.compose.build=bake run buildx bake', () => {
    for (const v of ['1', 'true', 'T', 'TRUE', 'True', 't']) {
      expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(), COMPOSE_BAKE: v }, 'compose build'), v).toContain(`COMPOSE_BAKE=${v} makes compose run the buildx plugin`);
    }
    for (const v of ['yes', '', 'on']) {
      expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(), COMPOSE_BAKE: v }, 'compose build'), v).toContain(`COMPOSE_BAKE=${JSON.stringify(v)} is neither true nor false to compose`);
    }
    for (const v of ['0', 'false', 'F', 'False', 'FALSE', 'f']) expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(), COMPOSE_BAKE: v }, 'compose build'), v).toBeUndefined();
    // docker build does not read it
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir(), COMPOSE_BAKE: '1' }, 'docker build')).toBeUndefined();
    for (const text of ['{"plugins":{"compose":{"build":"bake"}}}', '{"PLUGINS":{"compose":{"build":"\\u0062ake"}}}']) {
      expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': text }) }, 'compose build'), text).toContain('sets `plugins.compose.build: bake`');
      expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': text }) }, 'docker build')).toBeUndefined();
    }
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'config.json': '{"plugins":{"compose":{"build":"classic"}}}' }) }, 'compose build')).toBeUndefined();
  });

  it('buildx/current refuses only when it could name an instance (compose\'s own builds write one with an empty Name)', () => {
    for (const text of ['{"Key":"unix:///run/docker.sock","Name":""}', '{"Key":"x","Name":"","Global":false}', '{}']) {
      expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'buildx/current': text }) }, 'docker build'), text).toBeUndefined();
    }
    for (const text of ['{"Key":"x","Name":"evil"}', '{"NAME":"evil"}', '{"Name":"","name":"evil"}', '{"Name":null}', 'not json', '["x"]']) {
      expect(buildEnvironmentProblem({ DOCKER_CONFIG: configDir({ 'buildx/current': text }) }, 'compose build'), text).toContain('buildx/current selects a buildx builder');
    }
    const fifo = configDir({ 'buildx/instances/.keep': '' });
    rmSync(path.join(fifo, 'buildx/instances'), { recursive: true });
    execFileSync('mkfifo', [path.join(fifo, 'buildx/current')]);
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: fifo }, 'docker build')).toContain('buildx/current is not a regular file');
  });

  it('a config.json docker would read differently (a FIFO, /dev/stdin) is refused', () => {
    const dir = configDir();
    symlinkSync('/dev/stdin', path.join(dir, 'config.json'));
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: dir }, 'docker build')).toContain('leads through /dev');
    const fifo = configDir();
    execFileSync('mkfifo', [path.join(fifo, 'config.json')]);
    expect(buildEnvironmentProblem({ DOCKER_CONFIG: fifo }, 'docker build')).toContain('is not a regular file');
  });

  it('without DOCKER_CONFIG the config lives in $HOME/.docker', () => {
    const home = configDir({ '.docker/buildx/current': 'x' });
    expect(buildEnvironmentProblem({ HOME: home }, 'docker build')).toContain(path.join(home, '.docker/buildx/current'));
  });
});

describe('contentTrustOn: DOCKER_CONTENT_TRUST as docker reads it', () => {
  it.each([
    [undefined, false], ['', false], ['0', false], ['false', false], ['F', false], ['False', false],
    ['1', true], ['true', true], ['yes', true], ['off', true],
  ])('%j -> %s', (v, on) => expect(contentTrustOn(v === undefined ? {} : { DOCKER_CONTENT_TRUST: v })).toBe(on));
});

describe('configProxies: proxy build args the docker client adds from config.json (red-team round 19)', () => {
  it.each([
    '{"proxies":{"default":{"httpProxy":"http://agent-mirror:3128"}}}',
    '{"Proxies":{"default":{"noProxy":"*"}}}',
    '{"PROXIEſ":{"tcp://h":{"httpsProxy":"x"}}}',
    '{"\\u0070roxies":{"default":{"allProxy":"x"}}}',
    '{"proxies":{},"proxies":{"default":{"ftpProxy":"x"}}}',
  ])('%s: counts', (text) => {
    expect(configProxies({ DOCKER_CONFIG: configDir({ 'config.json': text }) })).toMatch(/sets `proxies`, which the docker client passes to every build as the proxy build args/);
  });

  it.each(['{}', '{"proxies":{}}', '{"proxies":null}', '{"auths":{"x":{}}}', '{"proxiesx":{"a":1}}'])('%s: no proxies', (text) => {
    expect(configProxies({ DOCKER_CONFIG: configDir({ 'config.json': text }) })).toBeUndefined();
  });

  it('no config.json, or none to read: nothing (buildEnvironmentProblem refuses what it cannot read)', () => {
    expect(configProxies({ DOCKER_CONFIG: configDir() })).toBeUndefined();
  });
});
