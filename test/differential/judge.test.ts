// The differential harness must be able to fail: the classifier and the judge on synthetic input.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/docker/invocation.js';
import type { RecordedRequest } from '../support/recorder.js';
import { classify, classifyCalls, usagePath, type Observation, type Outcome } from './classify.js';
import { judge, judgeRandom } from './judge.js';

const req = (method: string, path: string, query: Record<string, string> = {}): RecordedRequest => ({ method, path, query, rawBody: '' });
const ping = req('HEAD', '/_ping');
const common = { argv: [], globals: [], dashDashBeforeCommand: false } as const;
const builtin = (command: string, more: { help?: boolean; group?: boolean } = {}): Invocation => ({
  ...common, kind: 'builtin', command, words: command.split(' '), args: [], help: more.help ?? false, group: more.group ?? false,
});
const plugin = (name: string): Invocation => ({ ...common, kind: 'plugin', name, args: [], viaHelp: false });
const malformed: Invocation = { ...common, kind: 'malformed', error: 'x' };
const op = (o: string): Outcome => ({ kind: 'op', op: o, calls: [] });

describe('classifyCalls', () => {
  it('ignores pings and weak lookups', () => {
    expect(classifyCalls([ping, req('GET', '/containers/c/json'), req('POST', '/containers/c/exec')])).toMatchObject({ op: 'container exec' });
    expect(classifyCalls([ping, req('POST', '/containers/c/wait'), req('GET', '/containers/c/json'), req('POST', '/containers/c/attach')])).toMatchObject({ op: 'container attach' });
    expect(classifyCalls([ping, req('GET', '/containers/c/json')])).toMatchObject({ op: 'container inspect' });
    expect(classifyCalls([ping])).toBeUndefined();
  });
  it('tells run from create and system prune from container prune', () => {
    expect(classifyCalls([req('POST', '/containers/create')])).toMatchObject({ op: 'container create' });
    expect(classifyCalls([req('POST', '/containers/create'), req('POST', '/containers/x/attach')])).toMatchObject({ op: 'container run' });
    expect(classifyCalls([req('POST', '/containers/prune')])).toMatchObject({ op: 'container prune' });
    expect(classifyCalls([req('POST', '/containers/prune'), req('POST', '/networks/prune')])).toMatchObject({ op: 'system prune' });
  });
  it('tells pull from import by the query, and refuses to guess', () => {
    expect(classifyCalls([req('POST', '/images/create', { fromImage: 'x' })])).toMatchObject({ op: 'image pull' });
    expect(classifyCalls([req('POST', '/images/create', { fromSrc: '-' })])).toMatchObject({ op: 'image import' });
    expect(classifyCalls([req('GET', '/nonsense')])).toMatchObject({ kind: 'unclassified' });
    expect(classifyCalls([req('DELETE', '/containers/c'), req('DELETE', '/images/x')])).toMatchObject({ kind: 'unclassified' });
  });
});

describe('classifyCalls on paths Go cleaned', () => {
  it('reads an empty or slashed id in the middle of a path, and a DELETE without one', () => {
    expect(classifyCalls([req('POST', '/containers/start')])).toMatchObject({ op: 'container start' }); // `start .`
    expect(classifyCalls([req('POST', '/containers/:/h/stop')])).toMatchObject({ op: 'container stop' });
    expect(classifyCalls([req('GET', '/images/history')])).toMatchObject({ op: 'image history' }); // `history ''`
    expect(classifyCalls([req('DELETE', '/containers')])).toMatchObject({ op: 'container rm' }); // `rm ''`
    expect(classifyCalls([req('DELETE', '/containers/:/h')])).toMatchObject({ op: 'container rm' });
  });
  it('names the volume deletion of rm -v', () => {
    expect(classifyCalls([req('DELETE', '/containers/c', { v: '1' })])).toEqual({ kind: 'op', op: 'container rm', calls: ['DELETE /containers/c'], also: ['volume rm'] });
    expect(classifyCalls([req('DELETE', '/containers/c')])).toEqual({ kind: 'op', op: 'container rm', calls: ['DELETE /containers/c'] });
  });
  it('does not loosen an id at the end of a GET: the collection is another command', () => {
    expect(classifyCalls([req('GET', '/services')])).toMatchObject({ op: 'service ls' });
    expect(classifyCalls([req('GET', '/services', { filters: '{"label":{"com.docker.stack.namespace=s":true}}' })])).toMatchObject({ op: 'stack services' });
    expect(classifyCalls([req('GET', '/networks')])).toMatchObject({ op: 'network ls' });
  });
});

describe('classify', () => {
  const obs = (o: Partial<Observation>): Observation => ({ argv: [], code: 0, stdout: '', stderr: '', requests: [], plugins: [], ...o });
  it('reads help, version, refusals', () => {
    expect(classify(obs({ stdout: '\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n' }))).toEqual({ kind: 'help', path: 'exec' });
    expect(classify(obs({ stderr: 'Usage:  docker [OPTIONS] COMMAND\n' }))).toEqual({ kind: 'help', path: '' });
    expect(classify(obs({ stdout: 'Docker version 28.2.2, build e6534b4\n' }))).toEqual({ kind: 'version' });
    expect(classify(obs({ code: 125, stderr: "unknown flag: --x\n\nUsage:  docker ps [OPTIONS]\n" }))).toMatchObject({ kind: 'rejected', command: 'ps' });
    expect(classify(obs({ code: 1, stderr: 'docker: unknown command: docker container ex\n\nUsage:  docker container\n' }))).toEqual({
      kind: 'rejected', code: 1, message: 'docker: unknown command: docker container ex',
    });
    expect(classify(obs({ plugins: [{ name: 'foo', argv: ['foo'] }] }))).toEqual({ kind: 'plugin', name: 'foo', argv: ['foo'] });
  });
  it('parses usage lines', () => {
    expect(usagePath('Usage:  docker container ls [OPTIONS]')).toBe('container ls');
    expect(usagePath('no usage here')).toBeUndefined();
  });
});

describe('judge', () => {
  it('accepts agreement', () => {
    expect(judge(op('container exec'), builtin('container exec'))).toBeUndefined();
    expect(judge(op('image inspect'), builtin('inspect'))).toBeUndefined();
    expect(judge({ kind: 'plugin', name: 'compose', argv: [] }, plugin('compose'))).toBeUndefined();
    expect(judge({ kind: 'help', path: 'exec' }, builtin('container exec', { help: true }))).toBeUndefined();
    expect(judge({ kind: 'rejected', code: 1, message: 'x' }, malformed)).toBeUndefined();
  });
  it('flags a different operation, a missed operation, a wrong plugin', () => {
    expect(judge(op('container exec'), builtin('container ls'))).toBeDefined();
    expect(judge(op('container exec'), builtin('container exec', { help: true }))).toBeDefined();
    expect(judge(op('container exec'), malformed)).toBeDefined();
    expect(judge(op('container exec'), plugin('exec'))).toBeDefined();
    expect(judge(op('container ls'), builtin('inspect'))).toBeDefined();
    expect(judge({ kind: 'plugin', name: 'help', argv: [] }, plugin('compose'))).toBeDefined();
    expect(judge({ kind: 'plugin', name: 'ls', argv: [] }, builtin('container ls', { help: true }))).toBeDefined();
  });
  it('flags an operation named where docker did nothing', () => {
    expect(judge({ kind: 'rejected', code: 1, message: 'Unable to parse logging level: D' }, builtin('container exec'))).toBeDefined();
    expect(judge({ kind: 'rejected', code: 1, message: 'unknown command' }, plugin('foo'))).toBeDefined();
    expect(judge({ kind: 'version' }, builtin('container ls'))).toBeDefined();
    expect(judge({ kind: 'help', path: 'exec' }, builtin('container ls'))).toBeDefined();
    expect(judge({ kind: 'rejected', code: 125, command: 'ps', message: 'unknown flag' }, builtin('container exec'))).toBeDefined();
  });
  it('never accepts an unclassified observation', () => {
    expect(judge({ kind: 'unclassified', detail: 'x' }, builtin('container ls'))).toBeDefined();
  });
});

describe('judgeRandom', () => {
  it('asks the same as judge wherever docker acted', () => {
    expect(judgeRandom(op('container exec'), builtin('container ls'))).toBeDefined();
    expect(judgeRandom(op('container exec'), plugin('exec'))).toBeDefined();
    expect(judgeRandom({ kind: 'plugin', name: 'foo', argv: [] }, builtin('container ls'))).toBeDefined();
    expect(judgeRandom({ kind: 'local' }, builtin('container ls', { help: true }))).toBeDefined();
    expect(judgeRandom({ kind: 'unclassified', detail: 'x' }, builtin('container ls'))).toBeDefined();
  });
  it('accepts any answer where docker only printed, and malformed (the guard refuses it)', () => {
    expect(judgeRandom({ kind: 'rejected', code: 1, message: 'you must provide one or more flags' }, builtin('container update'))).toBeUndefined();
    expect(judgeRandom({ kind: 'rejected', code: 1, message: 'x' }, plugin('foo'))).toBeUndefined();
    expect(judgeRandom({ kind: 'help', path: 'rm' }, plugin('remove'))).toBeUndefined();
    expect(judgeRandom({ kind: 'plugin', name: 'up', argv: [] }, malformed)).toBeUndefined();
  });
});
