import { vi } from 'vitest';
import type { lazy as Lazy } from '../../src/lazy.js';

// src/lazy.ts loads modules with require(), which Bun's bundler resolves in the compiled binary
// but Node's ESM test runner cannot (TypeScript sources). The same modules, imported here; the
// compiled binary's own lazy loading is exercised by the e2e tests. The mock's factory imports
// nothing itself and hands out accessors: a module it serves may import src/lazy.ts too
// (decide-compose.ts does), and a factory that awaited that module would wait for itself.
type Served = { [K in keyof typeof Lazy]: ReturnType<(typeof Lazy)[K]> };
const { modules } = vi.hoisted(() => ({ modules: {} as Partial<Record<string, unknown>> }));

vi.mock('../../src/lazy.js', () => {
  const serve = (name: string) => (): unknown => {
    const m = modules[name];
    if (m === undefined) throw new Error(`test/setup/lazy.ts: ${name} was used before the setup file loaded it`);
    return m;
  };
  // Every property is an accessor: the names are those of `served` below (typed against src/lazy.ts).
  return { lazy: new Proxy({}, { get: (_, name) => serve(String(name)) }) };
});

const served: Served = {
  loadPolicy: await import('../../src/policy/load-policy.js'),
  leafFlags: await import('../../src/docker/leaf-flags.js'),
  runArgs: await import('../../src/container/run-args.js'),
  containerRules: await import('../../src/policy/container-rules.js'),
  decideCompose: await import('../../src/policy/decide-compose.js'),
  composeFlags: await import('../../src/compose/compose-flags.js'),
  composeArgv: await import('../../src/compose/compose-argv.js'),
  composeCapabilities: await import('../../src/compose/compose-capabilities.js'),
  composeModelRules: await import('../../src/compose/model-rules.js'),
  composeReplacedImages: await import('../../src/compose/replaced-images.js'),
  composeModelReader: await import('../../src/compose-model-reader.js'),
  composeInheritedMounts: await import('../../src/compose/inherited-mounts.js'),
  composeContainersReader: await import('../../src/compose-containers-reader.js'),
  containerListing: await import('../../src/container-listing.js'),
  inspectedContainer: await import('../../src/container/inspected-container.js'),
  builtinChecks: await import('../../src/policy/builtin-checks.js'),
  containerTargets: await import('../../src/policy/container-targets.js'),
  buildEnvironment: await import('../../src/build-environment.js'),
  mountSafety: await import('../../src/mount-safety.js'),
  volumeRules: await import('../../src/policy/volume-rules.js'),
  volumeFactsReader: await import('../../src/volume-facts-reader.js'),
  networkFactsReader: await import('../../src/network-facts-reader.js'),
  daemonEndpoint: await import('../../src/daemon-endpoint.js'),
};
Object.assign(modules, served);
