// Wiring: infrastructure (Temporal, Postgres) → migrations → worker and/or API. Used by the start
// scripts and the integration tests alike, so tests run the same assembly users run.
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { connectDb, type DbHandle } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { runMigrations } from '../db/migrate.js';
import { seedReferenceData } from '../db/seed.js';
import { seedLocalPeople } from '../db/people.js';
import { createOidc } from '../api/auth/oidc.js';
import { buildApp } from '../api/app.js';
import type { AuthSettings, ServiceContext } from '../api/context.js';
import { runPendingStartSweeper } from '../api/services/pending-starts.js';
import { bulkActivities } from '../api/services/bulk.js';
import { httpSmsSender, logSmsSender, type SmsSender } from '../activities/sms.js';
import type { CasePolicy } from '../domain/policy.js';
import { casePolicyOf } from '../config/policy.js';
import { countTransition, registry } from './metrics.js';
import { startDevServer } from './dev-server.js';
import { authSecret } from './secret.js';
import { ensureTemporalCli } from './temporal-cli.js';
import { createWorker, workflowSource } from './worker.js';

export interface Infrastructure {
  temporalAddress: string;
  databaseUrl: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Local mode starts what is not configured: the Temporal dev server and an embedded PostgreSQL. */
export async function startInfrastructure(config: AppConfig, log: Logger): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = config.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.env.EMBEDDED_PG_PORT, log });
      stops.push(() => pg.stop());
      await pg.createDatabase('postal_bpm');
      databaseUrl = pg.url('postal_bpm');
    }
    let temporalAddress = config.temporal.address ?? undefined;
    let uiUrl: string | undefined;
    if (!temporalAddress) {
      const binary = await ensureTemporalCli(config.temporal.devServer.cliVersion, (line) => log.info(line));
      const server = await startDevServer({ binary, config: config.temporal, dbFile: join(config.dataDir, 'temporal.db'), log });
      stops.push(() => server.stop());
      temporalAddress = server.address;
      uiUrl = server.uiUrl;
    }
    return { temporalAddress, databaseUrl, uiUrl, stop: () => stopAll(stops) };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}

async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}

export function smsSender(config: AppConfig, log: Logger): SmsSender {
  return config.env.SMS_GATEWAY_URL ? httpSmsSender(config.env.SMS_GATEWAY_URL) : logSmsSender(log.child({ component: 'sms' }));
}

export interface ServiceParts {
  api: boolean;
  worker: boolean;
  /** Overrides for tests: a prebuilt bundle, a task queue, a fake-free but custom SMS sender. */
  bundlePath?: string;
  taskQueue?: string;
  sms?: SmsSender;
  policy?: CasePolicy;
  listen?: { host: string; port: number };
  /** The Temporal Web UI, linked from the console. */
  temporalUiUrl?: string;
  /** A worker's SDK metrics endpoint, served with the API's own at /metrics. */
  workerMetricsUrl?: string;
}

export interface RunningService {
  app?: FastifyInstance;
  worker?: Worker;
  db: DbHandle;
  client: Client;
  url?: string;
  stop(): Promise<void>;
}

export async function startService(
  config: AppConfig,
  infra: { temporalAddress: string; databaseUrl: string },
  log: Logger,
  parts: ServiceParts,
): Promise<RunningService> {
  const db = connectDb(infra.databaseUrl, { max: 20 });
  await runMigrations(db.pool);
  await seedReferenceData(db.db);
  const production = config.env.NODE_ENV === 'production';
  if (!production) await seedLocalPeople(db.db);
  const taskQueue = parts.taskQueue ?? config.temporal.taskQueue;
  const endpoint = config.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // Loaded only with an endpoint: without one, no tracing code runs in this process.
  const tracing = endpoint ? (await import('./tracing.js')).startTracing({ endpoint, serviceName: config.env.OTEL_SERVICE_NAME }) : undefined;
  const connection = await Connection.connect({ address: infra.temporalAddress, tls: config.temporal.tls || undefined });
  const client = new Client({ connection, namespace: config.temporal.namespace, interceptors: tracing?.client });
  const policy = parts.policy ?? casePolicyOf(config.policy);
  const ctx: ServiceContext = { db: db.db, temporal: client, taskQueue, policy, attachments: config.policy.attachments, log, onRecorded: countTransition };

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  if (parts.worker) {
    nativeConnection = await NativeConnection.connect({ address: infra.temporalAddress, tls: config.temporal.tls || undefined });
    worker = await createWorker({
      connection: nativeConnection,
      config: config.temporal,
      taskQueue,
      bundlePath: parts.bundlePath,
      tracing: tracing?.worker,
      serviceActivities: bulkActivities({ ...ctx, log: log.child({ component: 'bulk' }) }),
      deps: {
        db: db.db,
        log: log.child({ component: 'activities' }),
        sms: parts.sms ?? smsSender(config, log),
        client,
        taskQueue,
        onRecorded: countTransition,
        workflows: workflowSource(parts.bundlePath),
      },
    });
    workerRun = worker.run();
    workerRun.catch((error) => log.error({ err: error }, 'worker stopped with an error'));
  }

  let app: FastifyInstance | undefined;
  let url: string | undefined;
  let stopSweeper: (() => void) | undefined;
  if (parts.api) {
    const publicUrl = config.env.PUBLIC_URL ?? `http://${parts.listen?.host ?? '127.0.0.1'}:${parts.listen?.port ?? config.env.PORT}`;
    const e = config.env;
    const oidc =
      e.OIDC_ISSUER_URL && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? createOidc({
            issuer: e.OIDC_ISSUER_URL,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            scopes: e.OIDC_SCOPES,
            redirectUri: new URL('/auth/callback', publicUrl).href,
            postLogoutRedirectUri: new URL('/login', publicUrl).href,
            userClaim: e.OIDC_USER_CLAIM,
            orgClaim: e.OIDC_ORG_CLAIM,
            rolesClaim: e.OIDC_ROLES_CLAIM,
          })
        : undefined;
    const auth: AuthSettings = {
      sessions: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, maxMs: e.SESSION_MAX_HOURS * 3_600_000 },
      oidc,
      localSignIn: !production && !oidc,
      production,
      publicUrl,
      temporalUiUrl: parts.temporalUiUrl ?? e.TEMPORAL_UI_URL,
    };
    app = await buildApp({
      ctx,
      logger: log,
      authSecret: authSecret(config.env, config.dataDir),
      auth,
      metrics: registry,
      bodyLimit: config.env.BODY_LIMIT_BYTES,
      rateLimitPerMinute: config.env.RATE_LIMIT_PER_MINUTE,
      workerMetricsUrl: parts.workerMetricsUrl,
      tracing: tracing?.requests,
    });
    if (parts.listen) url = await app.listen(parts.listen);
    else await app.ready();
    stopSweeper = runPendingStartSweeper(ctx);
  }

  return {
    app,
    worker,
    db,
    client,
    url,
    async stop() {
      stopSweeper?.();
      await app?.close();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun?.catch(() => undefined);
      await nativeConnection?.close();
      await connection.close();
      await db.close();
      await tracing?.flush();
    },
  };
}
