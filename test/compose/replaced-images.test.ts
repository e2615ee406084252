import { describe, expect, it } from 'vitest';
import { composeReplacedImages } from '../../src/compose/replaced-images.js';
import { parseComposeArgs } from '../../src/compose/compose-argv.js';
import { composePulls } from '../../src/compose/compose-capabilities.js';

// The image names compose builds (v2.36.2 api.GetImageNameOrDefault, build.tags) and pulls (pull.go).
describe('composeReplacedImages', () => {
  const model = {
    name: 'demo',
    services: {
      api: { image: 'me/api:latest', build: { context: '/p/api', tags: ['registry.example/api:1', ''] } },
      worker: { build: { context: '/p/worker' } },
      short: { build: '/p/short' },
      db: { image: 'postgres:16' },
      cache: { image: 'me/cache:7', pull_policy: 'always' },
      nightly: { image: 'me/nightly', pull_policy: 'daily' },
      every: { image: 'me/every', pull_policy: 'every_12h' },
      pinned: { image: 'me/pinned:1', pull_policy: 'never' },
      lazy: { image: 'me/lazy:1', pull_policy: 'missing' },
      plain: { image: 'me/plain:1' },
      digest: { image: 'me/d@sha256:' + 'a'.repeat(64), pull_policy: 'always' },
      nulled: { image: 'x', build: null },
    },
  };
  const names = (build: boolean, pulls: Parameters<typeof composeReplacedImages>[2]) => composeReplacedImages(model, build, pulls).map((r) => `${r.how} ${r.image}`);

  it('builds: the service image, else <project>-<service> (or _), and the build tags', () => {
    expect(names(true, undefined)).toEqual([
      'build me/api:latest', 'build registry.example/api:1',
      'build demo-worker', 'build demo_worker', 'build demo-short', 'build demo_short',
    ]);
  });

  it('pulls: every image with --pull always; by compose pull unless its policy keeps a present image; by up only the refreshing policies; never an official image or a digest', () => {
    expect(names(false, 'always')).toEqual(['pull me/api:latest', 'pull me/cache:7', 'pull me/nightly', 'pull me/every', 'pull me/pinned:1', 'pull me/lazy:1', 'pull me/plain:1']);
    expect(names(false, 'compose pull')).toEqual(['pull me/api:latest', 'pull me/cache:7', 'pull me/nightly', 'pull me/every', 'pull me/plain:1']);
    expect(names(false, 'by pull_policy')).toEqual(['pull me/cache:7', 'pull me/nightly', 'pull me/every']);
  });

  it('a model without services, or not an object, replaces nothing', () => {
    for (const m of [undefined, null, 'x', [], {}, { services: [] }, { services: { a: null } }]) expect(composeReplacedImages(m, true, 'always')).toEqual([]);
  });
});

describe('composePulls', () => {
  it.each([
    ['pull', 'compose pull'], ['pull --policy always', 'always'], ['pull --policy=missing', undefined], ['pull --policy never', undefined],
    ['up -d', 'by pull_policy'], ['up -d --pull always', 'always'], ['up --pull missing', undefined], ['up --pull=never', undefined],
    ['create', 'by pull_policy'], ['run web', 'by pull_policy'], ['run --pull always web', 'always'],
    ['build', undefined], ['start', undefined], ['pull --help', undefined], ['up --pull daily', 'always'],
  ])('compose %s -> %s', (argv, pulls) => {
    const parsed = parseComposeArgs(argv.split(' '), { help: false });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(composePulls(parsed)).toBe(pulls);
  });
});
