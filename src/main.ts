import { basename } from 'node:path';
import { runAdmin } from './admin-cli.js';
import { EXIT_INTERNAL } from './exit-codes.js';
import { runShim } from './shim.js';

// The only module that reads process.argv and exits. One binary, two names: invoked as
// `docker-guard` it is the admin CLI, under any other name (normally `docker`) it is the shim.
// In a compiled Bun binary argv[0] is "bun" and argv[1] the embedded entry; process.argv0 is the
// name it was invoked by.
function main(): number {
  const args = process.argv.slice(2);
  try {
    if (basename(process.argv0) === 'docker-guard') return runAdmin(args, process.env);
    return runShim(args, process.env);
  } catch (e) {
    // Never a stack trace for the agent, and never a forward after an unexpected failure.
    process.stderr.write(`docker-guard: internal error, nothing was run: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

process.exit(main());
