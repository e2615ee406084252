import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyRequest } from '../../src/container/container-request.js';
import { parseArgv } from '../../src/docker/parse-argv.js';
import { gatherFacts } from '../../src/facts.js';
import { decide } from '../../src/policy/decide.js';
import type { Decision, Facts, ProjectContainer } from '../../src/policy/decision.js';
import type { Policy } from '../../src/policy/policy.js';
import { DEFAULT_ALLOW } from '../../src/policy/default-policy.js';
import { policyOf } from '../support/policy-of.js';

// A policy that allows `exec` and `cp` (and `attach`) does not thereby allow what `docker exec`
// refuses under it: `--privileged`, or working inside a container the caller could not create.
// compose's ways to the same things are judged the same way.

const split = (s: string): string[] => s.split(' ');
const EXTRAS = ['exec', 'cp', 'attach'];
const withExec = (containers: object = {}): Policy => policyOf({ allow: [...DEFAULT_ALLOW, ...EXTRAS], refuse: {}, containers });

const container = (name: string, service: string, request: Parameters<typeof emptyRequest>[0] = {}): ProjectContainer =>
  ({ name, service, mounts: [], inspected: { name, volumes: [], request: emptyRequest(request) } });
const bindsRoot = { hostPaths: [{ source: '/', target: '/host', options: [], origin: 'its bind of /' }] };
/** An administrator's project: its `db` container binds the host's `/`; `web` is plain. */
const ADMIN: Facts['projectContainers'] = { ok: true, project: 'adminproj', containers: [container('adminproj-web-1', 'web'), container('adminproj-db-1', 'db', bindsRoot)] };

function at(argv: string, policy: Policy, extra: Partial<Facts> = {}): Decision {
  return decide(parseArgv(split(argv)), policy, { cwd: '/w', realpaths: { '/': '/' }, redirectable: { '/': null }, ...extra });
}

describe('compose exec --privileged needs containers.privileged, as `docker exec --privileged` does', () => {
  it.each(['compose exec --privileged web sh', 'compose -p adminproj exec --privileged=true -u 0 web id', 'compose exec -d --privileged=1 web sh'])('%s is refused', (argv) => {
    const d = at(argv, withExec(), { projectContainers: ADMIN });
    expect(d).toMatchObject({ kind: 'refused', command: 'compose exec', rule: 'privileged' });
    expect(d.kind === 'refused' && d.reason).toContain('(policy: containers.privileged)');
  });

  it('is refused before the daemon is asked anything (no facts at all)', () => {
    expect(at('compose exec --privileged web sh', withExec())).toMatchObject({ kind: 'refused', rule: 'privileged' });
  });

  it.each([
    ['compose exec --privileged=false web sh', withExec()],
    // After the service the words are the command's (exec does not intersperse flags).
    ['compose exec web sh -c --privileged', withExec()],
    ['compose exec --privileged web sh', withExec({ privileged: true })],
  ])('%s is allowed', (argv, policy) => {
    expect(at(argv, policy, { projectContainers: { ok: true, project: 'p', containers: [container('p-web-1', 'web')] } })).toMatchObject({ kind: 'allowed' });
  });

  it('compose run has no --privileged flag: compose would reject it, and so does the guard', () => {
    expect(at('compose run --privileged web sh', withExec())).toMatchObject({ kind: 'refused', rule: 'malformed-argv' });
  });
});

describe('a privileged post_start/pre_stop hook (or watch exec) needs containers.privileged, once exec is allowed', () => {
  const hook = (privileged: boolean) => ({ command: ['sh', '-c', 'id'], user: 'root', privileged });
  const modelWith = (service: object): unknown => ({ name: 'p', services: { web: { image: 'busybox', command: null, entrypoint: null, ...service } } });
  const up = (model: unknown, policy: Policy, argv = 'compose up -d'): Decision =>
    at(argv, policy, { composeModel: { ok: true, model }, volumes: {}, networks: {}, projectContainers: { ok: true, project: 'p', containers: [] }, targetContainers: { ok: true, containers: [] } });

  it.each([
    ['post_start', { post_start: [hook(true)] }],
    ['pre_stop', { pre_stop: [hook(true)] }],
    // Every hook runs, not only the first.
    ['the second post_start', { post_start: [hook(false), hook(true)] }],
  ])('%s with privileged: true is refused', (_name, service) => {
    const d = up(modelWith(service), withExec());
    expect(d).toMatchObject({ kind: 'refused', rule: 'privileged' });
    expect(d.kind === 'refused' && d.reason).toMatch(/(post_start|pre_stop)\[\d\] makes compose run `sh -c id` with --privileged .*\(policy: containers\.privileged\)$/);
    expect(up(modelWith(service), withExec({ privileged: true }))).toMatchObject({ kind: 'allowed' });
  });

  it('hooks without privileged pass once exec is allowed, and need exec otherwise', () => {
    const model = modelWith({ post_start: [hook(false)], pre_stop: [hook(false)] });
    expect(up(model, withExec())).toMatchObject({ kind: 'allowed' });
    expect(up(model, policyOf({ allow: DEFAULT_ALLOW }))).toMatchObject({ kind: 'refused', rule: 'compose-hook' });
  });

  it('a develop.watch exec with privileged: true is refused', () => {
    const model = modelWith({ develop: { watch: [{ path: '/w/src', action: 'sync+exec', target: '/src', exec: hook(true) }] } });
    const d = up(model, withExec(), 'compose watch');
    expect(d).toMatchObject({ kind: 'refused', rule: 'privileged', reason: expect.stringContaining('develop.watch[0] (sync+exec of /w/src) makes compose watch mode run `sh -c id` with --privileged') });
    expect(up(model, withExec({ privileged: true }), 'compose watch')).toMatchObject({ kind: 'allowed' });
  });
});

describe('compose exec, cp and attach into a project container the caller could not create are refused', () => {
  it.each([
    ['compose -p adminproj exec db sh', 'compose exec'],
    ['compose exec --index 1 db sh -c id', 'compose exec'],
    ['compose -p adminproj attach db', 'compose attach'],
    ['compose cp ./payload db:/host/tmp/x', 'compose cp'],
    ['compose cp -a db:/host/etc/shadow .', 'compose cp'],
    // No service in either argument (compose would fail): every container of the project is judged.
    ['compose cp ./a ./b', 'compose cp'],
  ])('%s', (argv, command) => {
    const d = at(argv, withExec(), { projectContainers: ADMIN });
    expect(d).toMatchObject({ kind: 'refused', command, rule: 'powerful-container' });
    expect(d.kind === 'refused' && d.reason).toContain(`\`${command}\` works inside the container adminproj-db-1 (service db) of project adminproj, one the policy would not let the caller create (its bind of /`);
  });

  it.each(['compose -p adminproj exec web sh', 'compose attach web', 'compose cp ./payload web:/tmp/x', 'compose cp web:/etc/hosts -'])('%s: only the named service\'s containers are judged', (argv) => {
    expect(at(argv, withExec(), { projectContainers: ADMIN })).toMatchObject({ kind: 'allowed' });
  });

  it('without the daemon\'s answer the command is refused (a second pass asks), and an unreadable answer is refused', () => {
    for (const argv of ['compose exec web sh', 'compose cp web:/x .', 'compose attach web']) {
      expect(at(argv, withExec()), argv).toMatchObject({ kind: 'refused', rule: 'container-unread' });
      const d = at(argv, withExec(), { projectContainers: { ok: false, error: 'listing containers failed' } });
      expect(d, argv).toMatchObject({ kind: 'refused', rule: 'compose-containers', reason: expect.stringContaining('listing containers failed') });
    }
  });

  it('--help runs nothing and is not judged', () => {
    expect(at('compose exec --help db sh', withExec())).toMatchObject({ kind: 'allowed' });
  });
});

describe('gatherFacts: the project exec, cp and attach work in is the one compose finds', () => {
  let dir: string;
  let fake: string;
  const calls = (): string[] => {
    try {
      return readFileSync(path.join(dir, 'calls'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dg-compose-exec-'));
    fake = path.join(dir, 'docker');
    // A real docker that answers `compose config` with a model named `frommodel`, and lists no containers.
    writeFileSync(fake, [
      '#!/bin/sh',
      `echo "$*" >> ${dir}/calls`,
      'case " $* " in *" config --format json "*) echo \'{"name":"frommodel","services":{}}\'; exit 0 ;; esac',
      'exit 0',
    ].join('\n'));
    chmodSync(fake, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['compose -p named exec web sh', {}, 'named', false],
    ['compose exec web sh', { COMPOSE_PROJECT_NAME: 'fromenv' }, 'fromenv', false],
    ['compose -p named cp web:/x .', { COMPOSE_PROJECT_NAME: 'fromenv' }, 'named', false],
    ['compose attach web', {}, 'frommodel', true],
  ])('%s %j -> project %s', (argv, env, project, readsModel) => {
    rmSync(path.join(dir, 'calls'), { force: true });
    const facts = gatherFacts(parseArgv(split(argv)), { cwd: dir, env, realDocker: fake });
    expect(facts.projectContainers).toEqual({ ok: true, project, containers: [] });
    expect(calls().some((c) => c.includes('config --format json'))).toBe(readsModel);
    expect(calls().some((c) => c.includes(`label=com.docker.compose.project=${project}`))).toBe(true);
  });

  it('a name compose would not take is an unreadable answer; nothing is asked without the real docker', () => {
    expect(gatherFacts(parseArgv(split('compose -p Admin/x exec web sh')), { cwd: dir, env: {}, realDocker: fake }).projectContainers).toMatchObject({ ok: false });
    expect(gatherFacts(parseArgv(split('compose exec web sh')), { cwd: dir, env: {} }).projectContainers).toBeUndefined();
  });
});
