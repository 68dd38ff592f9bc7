// Once per test run: a real Temporal dev server (in memory), a real PostgreSQL in a temporary
// directory with a fresh database, and the workflow bundle built once for every test worker.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { loadTemporalConfig } from '../config/temporal.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { createLogger } from '../platform/logger.js';
import { startDevServer } from '../platform/dev-server.js';
import { findTemporalCli } from '../platform/temporal-cli.js';
import { workflowsPath } from '../platform/worker.js';
import { freePort } from './helpers/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    bundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', 'test-infra');
  const temporalConfig = loadTemporalConfig('temporal.yaml');
  const cli = findTemporalCli(temporalConfig.devServer.cliVersion);
  if (!cli) throw new Error('Temporal CLI not built yet: run `npm test` (its pretest step builds it) or `npx tsx scripts/ensure-temporal.ts`');
  const dir = mkdtempSync(join(tmpdir(), 'postal-bpm-test-'));
  chmodSync(dir, 0o755); // run as root, PostgreSQL runs as the postgres user and must reach its data directory

  const started = await Promise.allSettled([
    freePort().then((port) => startDevServer({
        binary: cli.path, config: temporalConfig, port, headless: true, log,
        // Low enough that a test can drive a long-lived workflow into continue-as-new.
        dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 150 },
      })),
    freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port, log })),
    bundleWorkflowCode({ workflowsPath, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => log.error(m) } }),
  ] as const);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    for (const r of started) if (r.status === 'fulfilled' && 'stop' in r.value) await r.value.stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  const [server, pg, bundle] = started.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof startDevServer>>,
    Awaited<ReturnType<typeof startEmbeddedPostgres>>,
    Awaited<ReturnType<typeof bundleWorkflowCode>>,
  ];
  const database = `test_${Date.now()}`;
  await pg.createDatabase(database);
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  project.provide('temporalAddress', server.address);
  project.provide('databaseUrl', pg.url(database));
  project.provide('bundlePath', bundlePath);

  return async () => {
    await server.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
