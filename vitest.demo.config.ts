import { defineConfig } from 'vitest/config';

// The seed-shaped demo (1,248 cases through the API) on a fresh stack of its own, after the rest.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    include: ['test/demo/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
