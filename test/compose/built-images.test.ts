import { describe, expect, it } from 'vitest';
import { composeBuiltImages } from '../../src/compose/built-images.js';

// The image names compose gives what it builds (v2.36.2 api.GetImageNameOrDefault, build.tags).
describe('composeBuiltImages', () => {
  it('names the image of every service that builds: its `image`, else <project>-<service> (or _), and its build tags', () => {
    const model = {
      name: 'demo',
      services: {
        api: { image: 'demo-api:latest', build: { context: '/p/api', tags: ['registry.example/api:1', ''] } },
        worker: { build: { context: '/p/worker' } },
        short: { build: '/p/short' },
        db: { image: 'postgres:16' },
        nulled: { image: 'x', build: null },
      },
    };
    expect(composeBuiltImages(model)).toEqual([
      { image: 'demo-api:latest', service: 'api' }, { image: 'registry.example/api:1', service: 'api' },
      { image: 'demo-worker', service: 'worker' }, { image: 'demo_worker', service: 'worker' },
      { image: 'demo-short', service: 'short' }, { image: 'demo_short', service: 'short' },
    ]);
  });

  it('a model without services, or not an object, builds nothing', () => {
    for (const m of [undefined, null, 'x', [], {}, { services: [] }, { services: { a: null } }]) expect(composeBuiltImages(m)).toEqual([]);
  });
});
