import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerStandIn } from '../support/docker-stand-in.js';
import { readVolumeFacts } from '../../src/volume-facts-reader.js';

// The daemon's answers to `volume inspect`, played by a stand-in for the real docker that prints
// what the test gives it (the real daemon's answers are exercised in daemon.e2e).
const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-volfacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const standIn = (stdout: string, stderr: string, code: number): string => dockerStandIn(dir, stdout, stderr, code);

const vol = (name: string): string => JSON.stringify({ Name: name, Driver: 'local', Options: {}, Labels: {} });

describe('readVolumeFacts (red-team round 22)', () => {
  it('a volume found, and one the daemon says is missing, in a whole error line', () => {
    const bin = standIn(`${vol('data')}\n`, 'Error response from daemon: get nosuch: no such volume\n', 1);
    const facts = readVolumeFacts(bin, [], ['data', 'nosuch'], dir, {}, 'not users');
    expect(facts['data']).toMatchObject({ exists: true, driver: 'local', usedBy: 'not asked' });
    expect(facts['nosuch']).toEqual({ exists: false });
  });

  it('a name whose error text another name carries is not taken for missing', () => {
    // `get /: no such volume` inside the decoy's own error line
    const bin = standIn('', 'Error response from daemon: get get x: no such volume y: no such volume\n', 1);
    expect(readVolumeFacts(bin, [], ['x', 'get x: no such volume y'], dir, {}, 'not users')).toEqual({});
  });

  it('a name the client would join into another path is not asked about: no fact', () => {
    const bin = standIn(`${vol('')}\n`, '', 0);
    expect(readVolumeFacts(bin, [], ['/', '/etc', '..', 'a/b'], dir, {}, 'not users')).toEqual({});
    expect(() => readFileSync(`${bin}.argv`, 'utf8')).toThrow();
  });

  it('an answer about a volume not asked for: none of the answer is trusted', () => {
    const bin = standIn(`${vol('data')}\n${vol('etc')}\n`, '', 0);
    expect(readVolumeFacts(bin, [], ['data'], dir, {}, 'not users')).toEqual({});
  });
});
