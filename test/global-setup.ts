// Once per test run: a real Temporal dev server (in memory), a real PostgreSQL in a temporary
// directory with a fresh database, and the workflow bundle built once for every test worker.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../platform/logger.js';
import { startEphemeralStack } from '../harness/ephemeral-stack.js';
import { quietBundlerLogger } from '../harness/quiet-bundler.js';
import { bundleWorkflows } from '../platform/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    bundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', 'test-infra');
  const [stack, bundle] = await Promise.all([
    // A low continue-as-new threshold lets a test drive a long-lived workflow into continue-as-new.
    startEphemeralStack(log, { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 150 } }),
    bundleWorkflows(quietBundlerLogger),
  ]);
  const bundlePath = join(stack.dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('temporalAddress', stack.temporalAddress);
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('bundlePath', bundlePath);
  return () => stack.stop();
}
