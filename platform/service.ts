// Wiring: infrastructure (Temporal, Postgres) → migrations → worker and/or API. Used by the start
// scripts and the integration tests alike, so tests run the same assembly users run.
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { serviceMode } from '../config/mode.js';
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
import { startNoticeRelay, type NoticeRelay } from '../activities/notice-relay.js';
import { smtpEmailSender } from '../activities/email.js';
import type { NoticeSettings } from '../db/notices.js';
import type { CasePolicy } from '../domain/policy.js';
import { casePolicyOf } from '../config/policy.js';
import { countTransition, registry } from './metrics.js';
import { startDevServer } from './dev-server.js';
import { authSecret, cookieSecret } from './secret.js';
import { ensureMonthlyReportSchedule } from '../contract/starts.js';
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

/** How the worker writes notices and its relay sends their email and webhook copies; the start-up line says whether email is on. */
export function noticeWiring(config: AppConfig, log: Logger, taskQueue: string, publicUrl: string) {
  const e = config.env;
  const email = e.SMTP_URL ? smtpEmailSender(e.SMTP_URL, e.SMTP_FROM) : undefined;
  if (email) log.info({ channel: 'email', smtp: email.server }, `email notices on: sent through ${email.server} (SMTP_URL)`);
  else log.info({ channel: 'email', smtp: null }, 'email notices off: SMTP_URL is not set');
  const settings: NoticeSettings = {
    queue: taskQueue,
    email: Boolean(email),
    timeZone: config.policy.calendars.default?.timeZone ?? 'Asia/Shanghai',
    giveUpMs: e.DELIVERY_GIVE_UP_HOURS * 3_600_000,
    publicUrl,
  };
  const retry = { initialMs: e.DELIVERY_RETRY_INITIAL_SECONDS * 1000, maxMs: e.DELIVERY_RETRY_MAX_SECONDS * 1000 };
  return { settings, email, retry };
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
  // Decided before anything touches the database: a start that is neither production nor local writes nothing.
  const production = serviceMode(config) === 'production';
  const db = connectDb(infra.databaseUrl, { max: 20 });
  await runMigrations(db.pool);
  await seedReferenceData(db.db);
  if (!production) await seedLocalPeople(db.db);
  const taskQueue = parts.taskQueue ?? config.temporal.taskQueue;
  const endpoint = config.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // Loaded only with an endpoint: without one, no tracing code runs in this process.
  const tracing = endpoint ? (await import('./tracing.js')).startTracing({ endpoint, serviceName: config.env.OTEL_SERVICE_NAME }) : undefined;
  const connection = await Connection.connect({ address: infra.temporalAddress, tls: config.temporal.tls || undefined });
  const client = new Client({ connection, namespace: config.temporal.namespace, interceptors: tracing?.client });
  const policy = parts.policy ?? casePolicyOf(config.policy);
  const ctx: ServiceContext = {
    db: db.db,
    temporal: client,
    taskQueue,
    policy,
    attachments: config.policy.attachments,
    log,
    onRecorded: countTransition,
    emailNotices: Boolean(config.env.SMTP_URL),
  };

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let relay: NoticeRelay | undefined;
  const publicUrl = config.env.PUBLIC_URL ?? `http://${parts.listen?.host ?? '127.0.0.1'}:${parts.listen?.port ?? config.env.PORT}`;
  if (parts.worker) {
    const notices = noticeWiring(config, log, taskQueue, publicUrl);
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
        notices: notices.settings,
        policy,
      },
    });
    relay = startNoticeRelay({ db: db.db, log: log.child({ component: 'notice-relay' }), queue: taskQueue, email: notices.email, retry: notices.retry });
    workerRun = worker.run();
    workerRun.catch((error) => log.error({ err: error }, 'worker stopped with an error'));
    // The monthly performance report's schedule, kept by Temporal: made once, checked at every start.
    const timeZone = policy.calendars.default?.timeZone ?? 'Asia/Shanghai';
    await ensureMonthlyReportSchedule(client, taskQueue, timeZone).then(
      (s) => log.info({ ...s, timeZone }, 'monthly performance report schedule in place'),
      (error: unknown) => log.error({ err: error }, 'monthly performance report schedule not in place: the ops view shows it missing'),
    );
  }

  let app: FastifyInstance | undefined;
  let url: string | undefined;
  let stopSweeper: (() => void) | undefined;
  if (parts.api) {
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
      tokenMaxHours: e.TOKEN_MAX_HOURS,
      oidc,
      localSignIn: !production && !oidc,
      production,
      publicUrl,
      temporalUiUrl: parts.temporalUiUrl ?? e.TEMPORAL_UI_URL,
    };
    app = await buildApp({
      ctx,
      logger: log,
      keys: { token: authSecret(e, config.dataDir), cookie: cookieSecret(e, config.dataDir) },
      auth,
      metrics: registry,
      metricsToken: e.METRICS_TOKEN,
      bodyLimit: e.BODY_LIMIT_BYTES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      trustProxy: e.TRUST_PROXY,
      streams: {
        perPerson: e.EVENTS_MAX_PER_PERSON,
        total: e.EVENTS_MAX_TOTAL,
        maxLifeMs: e.EVENTS_MAX_LIFE_SECONDS * 1000,
        recheckMs: e.EVENTS_RECHECK_SECONDS * 1000,
      },
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
      await relay?.stop();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun?.catch(() => undefined);
      await nativeConnection?.close();
      await connection.close();
      await db.close();
      await tracing?.flush();
    },
  };
}
