// Modules only some commands need. Every module evaluated before the exec is start-up time on
// every docker call (about 0.5 ms for these, bench/), so the compiled binary loads them on first
// use: Bun bundles each require() below and evaluates the module only when it is called. Under
// vitest (ESM, no require of TypeScript) test/setup/lazy.ts provides the same modules statically.
/* eslint-disable @typescript-eslint/no-require-imports */

export const lazy = {
  loadPolicy: () => require('./policy/load-policy.js') as typeof import('./policy/load-policy.js'),
  leafFlags: () => require('./docker/leaf-flags.js') as typeof import('./docker/leaf-flags.js'),
  runArgs: () => require('./container/run-args.js') as typeof import('./container/run-args.js'),
  containerRules: () => require('./policy/container-rules.js') as typeof import('./policy/container-rules.js'),
  decideCompose: () => require('./policy/decide-compose.js') as typeof import('./policy/decide-compose.js'),
  composeFlags: () => require('./compose/compose-flags.js') as typeof import('./compose/compose-flags.js'),
  composeArgv: () => require('./compose/compose-argv.js') as typeof import('./compose/compose-argv.js'),
  composeCapabilities: () => require('./compose/compose-capabilities.js') as typeof import('./compose/compose-capabilities.js'),
  composeModelRules: () => require('./compose/model-rules.js') as typeof import('./compose/model-rules.js'),
  composeModelReader: () => require('./compose-model-reader.js') as typeof import('./compose-model-reader.js'),
  composeInheritedMounts: () => require('./compose/inherited-mounts.js') as typeof import('./compose/inherited-mounts.js'),
  composeReplacedImages: () => require('./compose/replaced-images.js') as typeof import('./compose/replaced-images.js'),
  composeContainersReader: () => require('./compose-containers-reader.js') as typeof import('./compose-containers-reader.js'),
  containerListing: () => require('./container-listing.js') as typeof import('./container-listing.js'),
  inspectedContainer: () => require('./container/inspected-container.js') as typeof import('./container/inspected-container.js'),
  builtinChecks: () => require('./policy/builtin-checks.js') as typeof import('./policy/builtin-checks.js'),
  containerTargets: () => require('./policy/container-targets.js') as typeof import('./policy/container-targets.js'),
  buildEnvironment: () => require('./build-environment.js') as typeof import('./build-environment.js'),
  mountSafety: () => require('./mount-safety.js') as typeof import('./mount-safety.js'),
  volumeRules: () => require('./policy/volume-rules.js') as typeof import('./policy/volume-rules.js'),
  volumeFactsReader: () => require('./volume-facts-reader.js') as typeof import('./volume-facts-reader.js'),
  networkFactsReader: () => require('./network-facts-reader.js') as typeof import('./network-facts-reader.js'),
  daemonEndpoint: () => require('./daemon-endpoint.js') as typeof import('./daemon-endpoint.js'),
};
