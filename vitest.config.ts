import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Temporal native bridge crashes under worker threads: one process per test file.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['test/chaos/**', 'test/demo/**', 'test/browser/**', 'test/contract/**', 'test/cluster/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
