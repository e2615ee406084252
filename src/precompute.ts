import { buildRoot, packTree } from './docker/command-tree.js';
import { computeDefaultPolicy } from './policy/load-policy.js';

// Run by scripts/build.sh with bun: prints the data the compiled binary embeds (build-constants.ts
// PRECOMPUTED), computed by the same code the tests run. The built-in policy stays JSON text until a
// call runs without a policy file (load-policy.ts defaultPolicy).
process.stdout.write(JSON.stringify({ commandTree: packTree(buildRoot()), defaultPolicy: JSON.stringify(computeDefaultPolicy()) }));
