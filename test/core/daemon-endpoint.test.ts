import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configContextProblem, homeDockerDir } from '../../src/daemon-endpoint.js';

// The context config.json picks, read as docker reads it (the check as a whole runs for callers
// other than root: daemon.e2e runs it as nobody).
const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-endpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const configDir = (text: string | undefined): string => {
  const d = mkdtempSync(path.join(dir, 'cfg-'));
  if (text !== undefined) writeFileSync(path.join(d, 'config.json'), text);
  return d;
};

describe('configContextProblem (red-team round 24)', () => {
  it.each([
    '{"currentContext":"evil"}', '{"CURRENTCONTEXT":"evil"}', '{"currentContext":"default\\u0022x"}', '{"currentContext":"default","CurrentContext":"evil"}',
    '{"currentContext":7}', 'not json', '{"currentContext":"evil"', 
  ])('%s: a problem', (text) => {
    expect(configContextProblem({ DOCKER_CONFIG: configDir(text) })).toBeDefined();
  });

  it.each(['{}', '{"currentContext":""}', '{"currentContext":"default"}', '{"currentContext":null}', '[]', '{"auths":{"currentContext":"x"}}'])('%s: none', (text) => {
    expect(configContextProblem({ DOCKER_CONFIG: configDir(text) })).toBeUndefined();
  });

  it('no config.json: none; a FIFO or a directory in its place: a problem, without waiting for a writer', () => {
    expect(configContextProblem({ DOCKER_CONFIG: configDir(undefined) })).toBeUndefined();
    const fifo = configDir(undefined);
    execFileSync('mkfifo', [path.join(fifo, 'config.json')]);
    expect(configContextProblem({ DOCKER_CONFIG: fifo })).toMatch(/not a regular file/);
    const asDir = configDir(undefined);
    mkdirSync(path.join(asDir, 'config.json'));
    expect(configContextProblem({ DOCKER_CONFIG: asDir })).toMatch(/not a regular file/);
  });

  it('without HOME, docker finds its configuration in the home directory the user database gives', () => {
    expect(homeDockerDir({ HOME: '' })).toBe(path.join(os.userInfo().homedir, '.docker'));
    expect(homeDockerDir({})).toBe(path.join(os.userInfo().homedir, '.docker'));
    expect(homeDockerDir({ HOME: '/h' })).toBe('/h/.docker');
  });
});
