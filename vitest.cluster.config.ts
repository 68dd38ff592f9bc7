import { defineConfig } from 'vitest/config';

// The production rehearsals (test/cluster): each file starts a Temporal cluster of its own
// (platform/cluster.ts), one file at a time. Not part of npm test: the README says how long each takes.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
