import { vi } from 'vitest';

// src/lazy.ts loads modules with require(), which Bun's bundler resolves in the compiled binary
// but Node's ESM test runner cannot (TypeScript sources). The same modules, imported statically;
// the compiled binary's own lazy loading is exercised by the e2e tests.
vi.mock('../../src/lazy.js', async () => {
  const [loadPolicy, leafFlags, runArgs, containerRules, decideCompose, composeArgv, composeCapabilities, composeModelRules, composeModelReader] = await Promise.all([
    import('../../src/policy/load-policy.js'),
    import('../../src/docker/leaf-flags.js'),
    import('../../src/container/run-args.js'),
    import('../../src/policy/container-rules.js'),
    import('../../src/policy/decide-compose.js'),
    import('../../src/compose/compose-argv.js'),
    import('../../src/compose/compose-capabilities.js'),
    import('../../src/compose/model-rules.js'),
    import('../../src/compose-model-reader.js'),
  ]);
  return {
    lazy: {
      loadPolicy: () => loadPolicy,
      leafFlags: () => leafFlags,
      runArgs: () => runArgs,
      containerRules: () => containerRules,
      decideCompose: () => decideCompose,
      composeArgv: () => composeArgv,
      composeCapabilities: () => composeCapabilities,
      composeModelRules: () => composeModelRules,
      composeModelReader: () => composeModelReader,
    },
  };
});
