// Throw-away infrastructure for tests, fixture recording and benchmarks (not for the service itself): a real Temporal dev
// server (in memory or on a SQLite file) and a real PostgreSQL in a temporary directory.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadTemporalConfig } from '../config/temporal.js';
import { startEmbeddedPostgres, type EmbeddedPg } from '../db/embedded.js';
import { startDevServer, type DevServer } from '../platform/dev-server.js';
import { findTemporalCli } from '../platform/temporal-cli.js';
import { freePort } from '../platform/ports.js';

export interface EphemeralStack {
  dir: string;
  temporalAddress: string;
  databaseUrl: string;
  server: DevServer;
  pg: EmbeddedPg;
  /** Stops the Temporal server and starts it again on the same port and SQLite file (chaos tests). */
  restartTemporal(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startEphemeralStack(
  log: Logger,
  options: { dynamicConfig?: Record<string, string | number | boolean>; temporalDbFile?: boolean; pgSettings?: Record<string, string> } = {},
): Promise<EphemeralStack> {
  const temporalConfig = loadTemporalConfig(process.env.TEMPORAL_CONFIG ?? 'temporal.yaml');
  const cli = findTemporalCli(temporalConfig.devServer.cliVersion);
  if (!cli) throw new Error('Temporal CLI not built yet: run `npx tsx scripts/ensure-temporal.ts` (npm test does it in pretest)');
  const dir = mkdtempSync(join(tmpdir(), 'postal-bpm-'));
  chmodSync(dir, 0o755); // run as root, PostgreSQL runs as the postgres user and must reach its data directory
  const temporalPort = await freePort();
  const startTemporal = () =>
    startDevServer({
      binary: cli.path,
      config: temporalConfig,
      port: temporalPort,
      headless: true,
      log,
      dynamicConfig: options.dynamicConfig,
      dbFile: options.temporalDbFile ? join(dir, 'temporal.db') : undefined,
    });
  const started = await Promise.allSettled([
    startTemporal(),
    freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port, log, settings: options.pgSettings })),
  ] as const);
  const [s, p] = started;
  if (s.status === 'rejected' || p.status === 'rejected') {
    if (s.status === 'fulfilled') await s.value.stop();
    if (p.status === 'fulfilled') await p.value.stop();
    rmSync(dir, { recursive: true, force: true });
    throw s.status === 'rejected' ? s.reason : (p as PromiseRejectedResult).reason;
  }
  const database = `bpm_${Date.now()}`;
  await p.value.createDatabase(database);
  const stack: EphemeralStack = {
    dir,
    temporalAddress: s.value.address,
    databaseUrl: p.value.url(database),
    server: s.value,
    pg: p.value,
    async restartTemporal(downMs) {
      if (!options.temporalDbFile) throw new Error('an in-memory Temporal server would lose everything on restart');
      await stack.server.stop();
      await new Promise((r) => setTimeout(r, downMs));
      stack.server = await startTemporal();
    },
    async stop() {
      await stack.server.stop();
      await p.value.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
