import { describe, expect, it } from 'vitest';
import { containersCreatedFrom } from '../../src/container-listing.js';
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
