import { buildRoot, packTree } from './docker/command-tree.js';
import { computeDefaultPolicy } from './policy/load-policy.js';

// Run by scripts/build.sh with bun: prints the data the compiled binary embeds (build-constants.ts
// PRECOMPUTED), computed by the same code the tests run, as three lines, each the value of one
// `bun build --define`: the tree's root level (JSON text), its subtrees (an object of JSON texts),
// the built-in policy (JSON text, parsed only when a call runs without a policy file).
const tree = packTree(buildRoot());
process.stdout.write(`${JSON.stringify(tree.root)}\n${JSON.stringify(tree.subtrees)}\n${JSON.stringify(JSON.stringify(computeDefaultPolicy()))}\n`);
