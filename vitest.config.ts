import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/lazy.ts'],
    // e2e suites start a real dockerd and compile the binary: give them room, run files one at a time
    // so two dockerds never compete for the machine's two cores.
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
