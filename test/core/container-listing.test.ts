import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containersCreatedFrom, imageTags, inspectContainers, inspectNamedContainers } from '../../src/container-listing.js';
import { normalisedImageName, replaceableByPull } from '../../src/docker/image-reference.js';

// Which existing containers a `build -t NAME` or `rmi NAME` reaches: by the name each was created
// from, or, for a hex word, by its image's id.
const adminc = { Name: '/adminc', Image: 'sha256:fa15a22bd6d2' + 'e'.repeat(52), Config: { Image: 'bb:latest' } };
const web = { Name: '/web', Image: 'sha256:0123456789ab' + 'f'.repeat(52), Config: { Image: 'docker.io/me/web' } };
const names = (words: string[]): string[] => {
  const r = containersCreatedFrom({ ok: true, containers: [adminc, web] }, words, normalisedImageName);
  return r.ok ? r.containers.map((c) => (c as { Name: string }).Name) : [r.error];
};

describe('containers created from an image word', () => {
  it('by the name they were created from, in any spelling of it', () => {
    expect(names(['bb'])).toEqual(['/adminc']);
    expect(names(['docker.io/library/bb:latest'])).toEqual(['/adminc']);
    expect(names(['me/web:latest'])).toEqual(['/web']);
    expect(names(['bb:1', 'other'])).toEqual([]);
    // docker shortens docker.io/x and index.docker.io/… (a red-team round built and pulled through them)
    expect(names(['docker.io/bb'])).toEqual(['/adminc']);
    expect(names(['index.docker.io/library/bb:latest'])).toEqual(['/adminc']);
    expect(names(['index.docker.io/me/web'])).toEqual(['/web']);
  });

  it('with alsoAny, every container made from a name it accepts (a build that may pull any base image)', () => {
    const r = containersCreatedFrom({ ok: true, containers: [adminc, web] }, [], normalisedImageName, replaceableByPull);
    expect(r.ok && r.containers.map((c) => (c as { Name: string }).Name)).toEqual(['/web']);
  });

  it('by the id of their image, also a prefix and with blanks docker trims (a red-team round: rmi <id>)', () => {
    expect(names(['fa15a22bd6d2'])).toEqual(['/adminc']);
    expect(names(['sha256:fa15'])).toEqual(['/adminc']);
    expect(names([' fa15 '])).toEqual(['/adminc']);
    expect(names(['0123'])).toEqual(['/web']);
  });

  it('a container whose description has no name is kept, to be judged', () => {
    const r = containersCreatedFrom({ ok: true, containers: [{ Name: '/odd', Config: {} }] }, ['x'], normalisedImageName);
    expect(r.ok && r.containers).toHaveLength(1);
  });
});

// The daemon's answers are checked, not trusted: an answer that leaves a container undescribed,
// or describes another one, is an error (a red-team round fed the guard such answers through a
// stand-in for the real docker, and the command was forwarded).
describe('what the daemon answers about containers', () => {
  const idA = 'a'.repeat(64);
  const idB = 'b'.repeat(64);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-listing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A stand-in for the real docker: prints LS for `container ls`, INSPECT for `container inspect`. */
  const fake = (ls: string, inspect: string, inspectStatus = 0, stderr = ''): string => {
    const file = path.join(dir, `docker-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, `#!/bin/sh\ncase "$2" in\n  ls) printf '%s' '${ls}' ;;\n  inspect) printf '%s' '${inspect}'; printf '%s' '${stderr}' >&2; exit ${inspectStatus} ;;\nesac\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const json = (id: string, name: string): string => JSON.stringify({ Id: id, Name: `/${name}` });

  it('imageTags: the names of the images asked for; a missing one only when every error line says so for a word asked (red-team round 23)', () => {
    // `image inspect` is the second command word here: the stand-in answers it in its inspect branch
    const tags = (stdout: string, status: number, stderr: string) => imageTags(fake('', stdout, status, stderr), [], ['abcdef0123', 'deadbeef'], dir, {});
    expect(tags('["x:1","y:2"]\nnull\n', 0, '')).toEqual({ ok: true, tags: ['x:1', 'y:2'] });
    expect(tags('["x:1"]\n', 1, 'Error response from daemon: no such image: deadbeef: No such image: deadbeef:latest\n')).toEqual({ ok: true, tags: ['x:1'] });
    expect(tags('', 1, 'Error response from daemon: No such image: abcdef0123\nError response from daemon: No such image: deadbeef\n')).toEqual({ ok: true, tags: [] });
    for (const stderr of ['Error response from daemon: permission denied\n', 'Error response from daemon: no such image: deadbeef0: x\n', 'warning: no such image: deadbeef\n',
      'Error response from daemon: no such image: deadbeef\nCannot connect to the Docker daemon\n']) {
      expect(tags('["x:1"]\n', 1, stderr).ok, stderr).toBe(false);
    }
  });

  it('inspectNamedContainers: each word answered by a container it designates, or by No such container', () => {
    const ok = inspectNamedContainers(fake('', `${json(idA, 'adminc')}\n`), [], ['adminc'], dir, {});
    expect(ok.ok).toBe(true);
    expect(inspectNamedContainers(fake('', `${json(idA, 'adminc')}\n`, 1, 'Error: No such container: gone\n'), [], ['adminc', 'gone'], dir, {}).ok).toBe(true);
    expect(inspectNamedContainers(fake('', `${json(idA, 'x')}\n`), [], ['aaaa'], dir, {}).ok).toBe(true); // an id prefix
    expect(inspectNamedContainers(fake('', `${json(idA, 'adminc')}\n`), [], ['/adminc'], dir, {}).ok).toBe(true); // the daemon finds `/name` too
    for (const [inspect, status, stderr] of [['', 0, ''], ['', 0, 'Error: weird\n'], [`${json(idB, 'harmless')}\n`, 0, ''], ['{}\n', 0, '']] as const) {
      const r = inspectNamedContainers(fake('', inspect, status, stderr), [], ['adminc'], dir, {});
      expect(r.ok, JSON.stringify([inspect, stderr])).toBe(false);
    }
  });

  it('inspectContainers: exactly the listed containers described', () => {
    expect(inspectContainers(fake(`${idA}\n`, `${json(idA, 'p')}\n`), [], [], dir, {}).ok).toBe(true);
    expect(inspectContainers(fake(`${idA}\n`, `${json(idB, 'harmless')}\n`), [], [], dir, {}).ok).toBe(false);
    expect(inspectContainers(fake(`${idA}\n`, `{"__proto__":{},"Id":"a"}\n`), [], [], dir, {}).ok).toBe(false);
  });
});
