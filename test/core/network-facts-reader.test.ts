import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerStandIn } from '../support/docker-stand-in.js';
import { readNetworkFacts, readUserNetworks } from '../../src/network-facts-reader.js';

// The daemon's answers to `network inspect`, played by a stand-in for the real docker that prints
// what the test gives it (the real daemon's answers are exercised in daemon.e2e).
const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-netfacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const standIn = (stdout: string, stderr: string, code: number): string => dockerStandIn(dir, stdout, stderr, code);

const net = (name: string, id: string, labels: unknown): string => JSON.stringify({ Name: name, Id: id, Driver: 'bridge', Labels: labels });

describe('readNetworkFacts', () => {
  it('a network found under its exact name, with the project it was made for; one not found does not exist', () => {
    const bin = standIn(`${net('adminnet', 'a'.repeat(64), {})}\n${net('p_default', 'b'.repeat(64), { 'com.docker.compose.project': 'p' })}\n`, 'Error response from daemon: network nosuch not found\n', 1);
    expect(readNetworkFacts(bin, ['-H', 'unix:///x'], ['adminnet', 'p_default', 'nosuch'], dir, {})).toEqual({
      adminnet: { exists: true, project: '' }, p_default: { exists: true, project: 'p' }, nosuch: { exists: false },
    });
  });

  it('a name that is a network\'s whole id is that network, as compose takes it (red-team round 23)', () => {
    const id = 'e4ec3e0c'.padEnd(64, '5');
    const bin = standIn(`${net('adminproj_default', id, { 'com.docker.compose.project': 'adminproj' })}\n`, '', 0);
    expect(readNetworkFacts(bin, [], [id], dir, {})).toEqual({ [id]: { exists: true, project: 'adminproj' } });
  });

  it('a name the daemon answered with the network whose id starts with it is not a network of that name (compose creates it)', () => {
    const bin = standIn(`${net('other', 'abc'.padEnd(64, '0'), null)}\n`, '', 0);
    expect(readNetworkFacts(bin, [], ['abc'], dir, {})).toEqual({ abc: { exists: false } });
  });

  it('no fact for a name in neither answer, and none at all for an answer that is not what was asked for', () => {
    expect(readNetworkFacts(standIn('', 'Cannot connect to the Docker daemon\n', 1), [], ['n'], dir, {})).toEqual({});
    expect(readNetworkFacts(standIn(`${net('n', 'c'.repeat(64), {})}\nnot json\n`, '', 0), [], ['n'], dir, {})).toEqual({});
    expect(readNetworkFacts(standIn(`${net('n', 'c'.repeat(64), { 'com.docker.compose.project': 7 })}\n`, '', 0), [], ['n'], dir, {})).toEqual({});
    expect(readNetworkFacts(standIn(`${JSON.stringify({ Name: 'n' })}\n`, '', 0), [], ['n'], dir, {})).toEqual({});
    expect(readNetworkFacts(path.join(dir, 'missing-docker'), [], ['n'], dir, {})).toEqual({});
  });

  it('names that are Object.prototype keys are ordinary names', () => {
    const bin = standIn(`${net('constructor', 'd'.repeat(64), {})}\n`, 'Error response from daemon: network toString not found\n', 1);
    const facts = readNetworkFacts(bin, [], ['constructor', 'toString'], dir, {});
    expect(facts['constructor']).toEqual({ exists: true, project: '' });
    expect(facts['toString']).toEqual({ exists: false });
  });
});

describe('readUserNetworks', () => {
  it('the names of the user-defined networks, asked with the type filter', () => {
    const bin = standIn('"adminsecret"\n"spare"\n', '', 0);
    expect(readUserNetworks(bin, ['-H', 'unix:///x'], dir, {})).toEqual({ ok: true, names: ['adminsecret', 'spare'] });
    expect(readFileSync(`${bin}.argv`, 'utf8')).toBe('-H unix:///x network ls --filter type=custom --no-trunc --format {{json .Name}}\n');
    expect(readUserNetworks(standIn('', '', 0), [], dir, {})).toEqual({ ok: true, names: [] });
  });

  it('a failure or an answer that is not names is no answer', () => {
    expect(readUserNetworks(standIn('', 'Cannot connect to the Docker daemon\n', 1), [], dir, {})).toMatchObject({ ok: false, error: expect.stringContaining('Cannot connect') });
    expect(readUserNetworks(standIn('{"Name":"x"}\n', '', 0), [], dir, {})).toMatchObject({ ok: false });
    expect(readUserNetworks(standIn('adminsecret\n', '', 0), [], dir, {})).toMatchObject({ ok: false });
  });
});
