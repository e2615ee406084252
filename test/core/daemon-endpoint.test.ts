import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerStandIn } from '../support/docker-stand-in.js';
import { configContextProblem, pinnedEnvironment, resolveEndpoint } from '../../src/daemon-endpoint.js';
import { dockerConfigDir } from '../../src/docker-config-dir.js';

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
    // reached through /dev or /proc it reads differently for docker (the project's notRegular)
    const viaProc = configDir(undefined);
    symlinkSync('/proc/self/fd/0', path.join(viaProc, 'config.json'));
    expect(configContextProblem({ DOCKER_CONFIG: viaProc })).toMatch(/leads through \/proc/);
  });

  it('without HOME, docker finds its configuration in the home directory the user database gives', () => {
    expect(dockerConfigDir({ HOME: '' })).toBe(path.join(os.userInfo().homedir, '.docker'));
    expect(dockerConfigDir({})).toBe(path.join(os.userInfo().homedir, '.docker'));
    expect(dockerConfigDir({ HOME: '/h' })).toBe('/h/.docker');
    expect(dockerConfigDir({ HOME: '/h', DOCKER_CONFIG: '/c' })).toBe('/c');
  });
});

describe('resolveEndpoint: the endpoint docker itself would use, to which the questions are then pinned', () => {
  const standIn = (stdout: string, code = 0): string => dockerStandIn(dir, stdout, '', code);

  it('asks `context inspect` with the global flags, and judges the host it names as DOCKER_HOST is judged', () => {
    const tcp = standIn('{"Host":"tcp://localhost:2376","SkipTLSVerify":true}\n');
    expect(resolveEndpoint(tcp, ['--log-level=debug'], dir, {}, false).problem).toMatch(/the endpoint docker would use, tcp:\/\/localhost:2376, is not a local socket/);
    expect(readFileSync(`${tcp}.argv`, 'utf8')).toBe('--log-level=debug context inspect --format {{json .Endpoints.docker}}\n');
    expect(resolveEndpoint(standIn('{"Host":"unix://@x"}\n'), [], dir, {}, false).problem).toMatch(/is not the absolute path of a socket file/);
    expect(resolveEndpoint(standIn('{"Host":"unix:///nonexistent/docker.sock"}\n'), [], dir, {}, false).problem).toMatch(/the socket cannot be examined/);
    expect(resolveEndpoint(standIn('', 1), [], dir, {}, false).problem).toMatch(/cannot say which endpoint/);
    expect(resolveEndpoint(standIn('nonsense\n'), [], dir, {}, false).problem).toMatch(/not JSON/);
    expect(resolveEndpoint(standIn('{}\n'), [], dir, {}, false).problem).toMatch(/names no endpoint/);
    expect(resolveEndpoint(tcp, [], dir, {}, true)).toEqual({});
    // a verified socket: the questions go there, whatever config.json says next (round 27 swapped it)
    expect(resolveEndpoint(standIn('{"Host":"unix:///nonexistent-but-checked"}\n'), [], dir, {}, false).verified).toBeUndefined();
    expect(pinnedEnvironment({ DOCKER_CONTEXT: 'x', HOME: '/h' }, 'unix:///run/docker.sock')).toEqual({ DOCKER_CONTEXT: undefined, HOME: '/h', DOCKER_HOST: 'unix:///run/docker.sock' });
    expect(pinnedEnvironment({ HOME: '/h' }, undefined)).toEqual({ HOME: '/h' });
  });
});
