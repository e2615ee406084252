import { buildRoot } from './docker/command-tree.js';
import { computeDefaultPolicy } from './policy/load-policy.js';

// Run by scripts/build.sh with bun: prints the data the compiled binary embeds (build-constants.ts
// PRECOMPUTED), computed by the same code the tests run.
process.stdout.write(JSON.stringify({ commandTree: buildRoot(), defaultPolicy: computeDefaultPolicy() }));
