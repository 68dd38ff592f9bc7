import { defineConfig } from 'vitest/config';

// The console in a real Chromium (playwright-core) against the real stack: one file at a time,
// since each drives several browser contexts and a service with its worker on 2 cores.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    // What a page shows after a click arrives through the API and the workflow: give it time.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
