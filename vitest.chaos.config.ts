import { defineConfig } from 'vitest/config';

// Fault injection on a stack of its own (test/chaos starts it): one file, scenarios in order.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/chaos/**/*.test.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
