import { describe, expect, it } from 'vitest';
import { checkInheritedMounts, inheritedMountSources } from '../../src/compose/inherited-mounts.js';
import { emptyRequest } from '../../src/container/container-request.js';
import { defaultPolicy } from '../../src/policy/load-policy.js';
import type { Facts, ProjectContainer, ProjectContainersFact } from '../../src/policy/decision.js';

// compose v2.36.2 pkg/compose/create.go buildContainerMountOptions: a replaced container's mounts
// go into its replacement at the targets of anonymous volumes (and of its image's VOLUMEs).
const rules = defaultPolicy().containers;
const allowedNothing = (): boolean => false;
const project = (...containers: ProjectContainer[]): ProjectContainersFact => ({ ok: true, project: 'adminproj', containers });
const proxy = (...mounts: ProjectContainer['mounts']): ProjectContainer => ({ name: 'adminproj-proxy-1', service: 'proxy', mounts, inspected: { name: 'adminproj-proxy-1', volumes: [], request: emptyRequest({}) } });
const facts: Facts = { cwd: '/home/ai-worker/work', realpaths: {}, volumes: { data: { exists: true, usedBy: [], driver: 'local', options: {}, labels: {} }, c0ffee: { exists: true, usedBy: [], driver: 'local', options: {}, labels: {} } } };
const rule = (fact: ProjectContainersFact, f: Facts = facts): string => checkInheritedMounts(fact, rules, f, allowedNothing)?.rule ?? 'ok';

describe('mounts compose carries over from the containers it replaces', () => {
  it('a bind of the docker socket or of / in an existing container of the project refuses, read-only too', () => {
    expect(rule(project(proxy({ type: 'bind', source: '/var/run/docker.sock', destination: '/var/run/docker.sock', rw: true })))).toBe('docker-socket');
    expect(rule(project(proxy({ type: 'bind', source: '/', destination: '/host', rw: false })))).toBe('bind-mount');
    const why = checkInheritedMounts(project(proxy({ type: 'bind', source: '/', destination: '/host', rw: false })), rules, facts, allowedNothing)?.reason ?? '';
    expect(why).toContain('the existing container adminproj-proxy-1 (service proxy) of project adminproj, whose bind mount of / at /host compose carries over');
  });

  it('named and anonymous volumes are judged as volumes; tmpfs and image mounts carry nothing of the host', () => {
    expect(rule(project(proxy({ type: 'volume', source: 'data', destination: '/d', rw: true }, { type: 'volume', source: 'c0ffee', destination: '/var/lib/x', rw: true })))).toBe('ok');
    expect(rule(project(proxy({ type: 'tmpfs', source: '', destination: '/t', rw: true }, { type: 'image', source: 'img', destination: '/i', rw: false })))).toBe('ok');
    // a volume the daemon was not asked about (or could not answer for) is not guessed
    expect(rule(project(proxy({ type: 'volume', source: 'unasked', destination: '/d', rw: true })))).toBe('volume-unread');
    expect(rule(project(), facts)).toBe('ok');
  });

  it('a mount type docker-guard does not know, or an answer that could not be read, refuses', () => {
    expect(rule(project(proxy({ type: 'npipe', source: 'x', destination: '/p', rw: true })))).toBe('compose-containers');
    expect(rule({ ok: false, error: 'listing failed' })).toBe('compose-containers');
  });

  it('the edge is asked for the real paths of bind sources and the facts of volumes', () => {
    const fact = project(proxy({ type: 'bind', source: '/srv/a', destination: '/a', rw: true }, { type: 'volume', source: 'data', destination: '/d', rw: true }, { type: 'tmpfs', source: '', destination: '/t', rw: true }));
    expect(inheritedMountSources(fact)).toEqual({ hostPaths: ['/srv/a'], volumeNames: ['data'] });
    expect(inheritedMountSources({ ok: false, error: 'x' })).toEqual({ hostPaths: [], volumeNames: [] });
  });
});
