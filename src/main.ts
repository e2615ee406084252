import { EXIT_INTERNAL } from './exit-codes.js';

// The only module that reads process.argv and exits. One binary, two names: invoked as
// `docker-guard` it is the admin CLI, under any other name (normally `docker`) it is the shim.
// In a compiled Bun binary argv[0] is "bun" and argv[1] the embedded entry; process.argv0 is the
// name it was invoked by. Each face is loaded only when it is the one invoked: every module
// evaluated before the exec is start-up time added to each docker call.
function main(): number {
  const args = process.argv.slice(2);
  try {
    const invokedAs = process.argv0.slice(process.argv0.lastIndexOf('/') + 1);
    if (invokedAs === 'docker-guard') {
      return (require('./admin-cli.js') as typeof import('./admin-cli.js')).runAdmin(args, process.env);
    }
    return (require('./shim.js') as typeof import('./shim.js')).runShim(args, process.env);
  } catch (e) {
    // Never a stack trace for the agent, and never a forward after an unexpected failure.
    process.stderr.write(`docker-guard: internal error, nothing was run: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

process.exit(main());
