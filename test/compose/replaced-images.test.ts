import { describe, expect, it } from 'vitest';
import { composeRefreshesBaseImages, composeRemovedImages, composeReplacedImages, composeUnreadBuildServices } from '../../src/compose/replaced-images.js';
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

  it('pulls: every image with --pull always; otherwise every one whose pull_policy is not never or build (missing pulls a name that is gone); never an official image or a digest', () => {
    expect(names(false, 'always')).toEqual(['pull me/api:latest', 'pull me/cache:7', 'pull me/nightly', 'pull me/every', 'pull me/pinned:1', 'pull me/lazy:1', 'pull me/plain:1']);
    expect(names(false, 'by pull_policy')).toEqual(['pull me/api:latest', 'pull me/cache:7', 'pull me/nightly', 'pull me/every', 'pull me/lazy:1', 'pull me/plain:1']);
  });

  it('builds may pull and tag the base images their Dockerfiles name: --pull, build.pull, a platform', () => {
    const plain = { name: 'p', services: { app: { build: { context: '/p' } }, db: { image: 'me/db', platform: 'linux/arm64' } } };
    expect(composeRefreshesBaseImages(plain, true, false)).toBe(false);
    expect(composeRefreshesBaseImages(plain, true, true)).toBe(true);
    expect(composeRefreshesBaseImages(plain, true, false, true)).toBe(true);
    expect(composeRefreshesBaseImages(plain, false, true, true)).toBe(false);
    for (const build of [{ context: '/p', pull: true }, { context: '/p', platforms: ['linux/arm64'] }]) {
      expect(composeRefreshesBaseImages({ name: 'p', services: { app: { build } } }, true, false), JSON.stringify(build)).toBe(true);
    }
    expect(composeRefreshesBaseImages({ name: 'p', services: { app: { build: { context: '/p' }, platform: 'linux/arm64' } } }, true, false)).toBe(true);
  });

  it('services named on the command line narrow it to them and what they depend on (a red-team round found unrelated services counted)', () => {
    const m = { name: 'p', services: { app: { image: 'me/app', depends_on: { db: { condition: 'service_started' } } }, db: { image: 'me/db' }, tool: { image: 'corp/tool:1' } } };
    expect(composeReplacedImages(m, false, 'by pull_policy', ['app']).map((r) => r.image)).toEqual(['me/app', 'me/db']);
    expect(composeReplacedImages(m, false, 'by pull_policy', []).map((r) => r.image)).toEqual(['me/app', 'me/db', 'corp/tool:1']);
  });

  it('a build\'s service: contexts are built first, named or not (a red-team round: compose build app built adminsvc)', () => {
    const m = { name: 'p', services: { app: { image: 'mine:1', build: { context: '/p', additional_contexts: { base: 'service:adminsvc' } } }, adminsvc: { image: 'admin/powerful:1', build: { context: '/a' } } } };
    expect(composeReplacedImages(m, true, undefined, ['app']).map((r) => r.image)).toEqual(['mine:1', 'admin/powerful:1']);
    expect(composeUnreadBuildServices(m)).toEqual([]);
    expect(composeUnreadBuildServices({ name: 'p', services: { app: { build: { context: '/p', additional_contexts: { base: 'service:hidden', x: 'docker-image://y' } } } } })).toEqual(['hidden']);
  });

  it('down --rmi all removes every service image, local those of services without an image', () => {
    expect(composeRemovedImages(model, 'all').map((r) => r.image)).toEqual(['me/api:latest', 'demo-worker', 'demo_worker', 'demo-short', 'demo_short', 'postgres:16', 'me/cache:7', 'me/nightly', 'me/every', 'me/pinned:1', 'me/lazy:1', 'me/plain:1', 'me/d@sha256:' + 'a'.repeat(64), 'x']);
    expect(composeRemovedImages(model, 'local').map((r) => r.image)).toEqual(['demo-worker', 'demo_worker', 'demo-short', 'demo_short']);
  });

  it('a model without services, or not an object, replaces nothing', () => {
    for (const m of [undefined, null, 'x', [], {}, { services: [] }, { services: { a: null } }]) expect(composeReplacedImages(m, true, 'always')).toEqual([]);
  });
});

describe('composePulls', () => {
  it.each([
    ['pull', 'by pull_policy'], ['pull --policy always', 'always'], ['pull --policy=missing', 'always'], ['pull --policy never', undefined],
    ['up -d', 'by pull_policy'], ['up -d --pull always', 'always'], ['up --pull missing', 'always'], ['up --pull=never', undefined], ['up --pull build', undefined],
    ['create', 'by pull_policy'], ['run web', 'by pull_policy'], ['run --pull always web', 'always'],
    ['build', undefined], ['start', undefined], ['pull --help', undefined], ['up --pull daily', 'always'],
    ['scale web=2', 'by pull_policy'], ['watch', 'by pull_policy'], ['watch --no-up', undefined],
  ])('compose %s -> %s', (argv, pulls) => {
    const parsed = parseComposeArgs(argv.split(' '), { help: false });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(composePulls(parsed)).toBe(pulls);
  });
});
