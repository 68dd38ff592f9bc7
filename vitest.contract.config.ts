import { defineConfig } from 'vitest/config';

// The contract test on its own stack, after the main suite: schemathesis sends thousands of requests
// and needs the two cores to itself to finish in about a minute.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    include: ['test/contract/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
