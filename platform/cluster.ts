// The production engine on one machine: PostgreSQL (embedded, or DATABASE_URL's server) holding
// the record and Temporal's two databases; Temporal's frontend, matching, worker and history
// services as separate OS processes joined by the server's own membership (ringpop), configured
// by cluster/temporal.yaml; optionally the Web UI; then our APIs and workers. `npm run
// start:cluster` and the rehearsals (test/cluster) start it the same way.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import Long from 'long';
import type { Logger } from 'pino';
import type { TemporalConfig } from '../config/temporal.js';
import { startEmbeddedPostgres, type EmbeddedPg } from '../db/embedded.js';
import { clusterProcess, pidFile, portOpen, printed, type ClusterProcess } from './cluster-process.js';
import { clearMembership, createDatabase, setupTemporalDatabases, type PgServer } from './cluster-schema.js';
import { ensureTemporalServer, ensureTemporalUi } from './temporal-server.js';
import { bundleWorkflows } from './worker.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;

export type TemporalRole = 'frontend' | 'history' | 'matching' | 'worker';

export interface TemporalNode {
  /** e.g. history-1 */
  name: string;
  role: TemporalRole;
  grpcPort: number;
  membershipPort: number;
  metricsPort?: number;
}

export interface ClusterLayout {
  nodes: TemporalNode[];
  frontendHttpPort: number;
  uiPort?: number;
  apiPorts: number[];
  workers: number;
  /** host:port per worker for the SDK's Prometheus metrics (none when absent). */
  workerMetricsBinds?: string[];
}

/** npm run start:cluster's ports: the frontend where the dev server's is, the rest beside it. */
export function defaultLayout(historyHosts = 2, apis = 2, workers = 2): ClusterLayout {
  return {
    nodes: [
      { name: 'frontend', role: 'frontend', grpcPort: 7233, membershipPort: 6933, metricsPort: 8000 },
      ...Array.from({ length: historyHosts }, (_, i) => ({
        name: `history-${i + 1}`,
        role: 'history' as const,
        grpcPort: 7234 + 10 * i,
        membershipPort: 6934 + 10 * i,
        metricsPort: 8001 + i,
      })),
      { name: 'matching', role: 'matching', grpcPort: 7235, membershipPort: 6935, metricsPort: 8005 },
      { name: 'worker', role: 'worker', grpcPort: 7239, membershipPort: 6939, metricsPort: 8006 },
    ],
    frontendHttpPort: 7243,
    uiPort: 8233,
    apiPorts: Array.from({ length: apis }, (_, i) => 3000 + i),
    workers,
    workerMetricsBinds: Array.from({ length: workers }, (_, i) => `127.0.0.1:${9464 + i}`),
  };
}

export interface ClusterOptions {
  /** State and logs: pg/ (embedded PostgreSQL), logs/, pids.json, the workflow bundle. */
  dir: string;
  layout: ClusterLayout;
  temporal: TemporalConfig;
  /** The record's database on an existing PostgreSQL server; Temporal's two databases are created beside it. */
  databaseUrl?: string;
  /** Embedded PostgreSQL's port (when no databaseUrl). */
  pgPort: number;
  /** Environment of our APIs and workers (AUTH_SECRET, SMS_GATEWAY_URL, …). */
  serviceEnv: Record<string, string>;
  /** A prebuilt workflow bundle; otherwise bundled once into `dir`. */
  bundlePath?: string;
  /** Build (if needed) and serve the Temporal Web UI. */
  ui?: boolean;
  log: Logger;
  progress?: (line: string) => void;
}

export interface Cluster {
  frontendAddress: string;
  uiUrl?: string;
  /** The record (our database). */
  databaseUrl: string;
  pgServer: PgServer;
  /** Embedded PostgreSQL and its data directory (absent with DATABASE_URL). */
  pg?: EmbeddedPg & { dataDir: string };
  temporal: Map<string, ClusterProcess>;
  ui?: ClusterProcess;
  apis: ClusterProcess[];
  apiUrls: string[];
  workers: ClusterProcess[];
  bundlePath: string;
  logDir: string;
  /** The environment our APIs and workers run with (to start more of them). */
  serviceEnv: Record<string, string>;
  /** Another worker of ours (e.g. version N+1 during a rolling deploy); its env overrides the cluster's. */
  startWorker(name: string, env?: Record<string, string>): Promise<ClusterProcess>;
  /** Everything, in order: our processes, the UI, Temporal's services, PostgreSQL. */
  stop(): Promise<void>;
}

const RECORD_DB = 'postal_bpm';

function pgServerOf(url: string): PgServer & { database: string } {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1) || RECORD_DB,
  };
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const say = o.progress ?? ((line: string) => o.log.info(line));
  const logDir = join(o.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const pids = pidFile(join(o.dir, 'pids.json'));
  const leftovers = await pids.killLeftovers();
  if (leftovers.length) say(`stopped processes a killed run left behind: ${leftovers.join(', ')}`);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error) => o.log.warn({ err: error }, 'stopping a cluster part failed'));
  };

  try {
    const binaries = await ensureTemporalServer(say);
    // PostgreSQL: the record and Temporal's two databases on one server (one consistent backup).
    let pg: Cluster['pg'];
    let server: PgServer & { database: string };
    if (o.databaseUrl) server = pgServerOf(o.databaseUrl);
    else {
      const dataDir = join(o.dir, 'pg');
      const embedded = await startEmbeddedPostgres({ dataDir, port: o.pgPort, log: o.log });
      stops.push(() => embedded.stop());
      pg = { ...embedded, dataDir };
      server = pgServerOf(embedded.url(RECORD_DB));
    }
    await createDatabase(server, server.database);
    await setupTemporalDatabases(binaries, server, say);

    const frontend = o.layout.nodes.find((n) => n.role === 'frontend');
    if (!frontend) throw new Error('the layout has no frontend');
    const frontendAddress = `127.0.0.1:${frontend.grpcPort}`;
    const temporal = new Map<string, ClusterProcess>();
    for (const node of o.layout.nodes) {
      const p = clusterProcess({
        name: node.name,
        command: binaries.server,
        args: ['-r', root, '-c', 'cluster', '-e', 'temporal', 'start', '--service', node.role],
        cwd: root,
        env: {
          TEMPORAL_GRPC_PORT: String(node.grpcPort),
          TEMPORAL_MEMBERSHIP_PORT: String(node.membershipPort),
          TEMPORAL_METRICS_PORT: node.metricsPort ? String(node.metricsPort) : '',
          TEMPORAL_FRONTEND_ADDRESS: frontendAddress,
          TEMPORAL_FRONTEND_HTTP_PORT: String(o.layout.frontendHttpPort),
          TEMPORAL_DB_HOST: server.host,
          TEMPORAL_DB_PORT: String(server.port),
          TEMPORAL_DB_USER: server.user,
          TEMPORAL_DB_PASSWORD: server.password,
        },
        logFile: join(logDir, `temporal-${node.name}.log`),
        // The worker service serves no gRPC: it is up once it listens for its membership.
        ready: () => portOpen('127.0.0.1', node.role === 'worker' ? node.membershipPort : node.grpcPort, 60_000),
        onStart: (pid) => pids.record(node.name, pid),
      });
      temporal.set(node.name, p);
    }
    stops.push(() => Promise.all([...temporal.values()].map((p) => p.stop())).then(() => undefined));
    say(`starting Temporal: ${o.layout.nodes.map((n) => `${n.name} :${n.grpcPort}`).join(', ')}`);
    // Members find each other through the heartbeats they write to `cluster_membership`. Started
    // all at once on an empty or stale table, each can bootstrap a ring of its own and wait for
    // minutes; so the frontend starts alone on a table without the dead members of an earlier
    // run (none of ours runs now), and the others join it.
    await clearMembership(server);
    await temporal.get(frontend.name)!.start();
    const connection = await connectWhenServing(frontendAddress, 120_000);
    await connection.close();
    await Promise.all([...temporal.values()].filter((p) => !p.running()).map((p) => p.start()));
    await registerNamespace(frontendAddress, o.temporal, say);

    let ui: ClusterProcess | undefined;
    let uiUrl: string | undefined;
    if (o.ui && o.layout.uiPort) {
      const uiPort = o.layout.uiPort;
      ui = clusterProcess({
        name: 'ui',
        command: await ensureTemporalUi(say),
        args: ['-r', root, '-c', 'cluster', '-e', 'ui', 'start'],
        cwd: root,
        env: { TEMPORAL_UI_PORT: String(uiPort), TEMPORAL_FRONTEND_ADDRESS: frontendAddress },
        logFile: join(logDir, 'ui.log'),
        ready: () => portOpen('127.0.0.1', uiPort, 30_000),
        onStart: (pid) => pids.record('ui', pid),
      });
      stops.push(() => ui!.stop());
      await ui.start();
      uiUrl = `http://127.0.0.1:${uiPort}`;
    }

    let bundlePath = o.bundlePath;
    if (!bundlePath) {
      bundlePath = join(o.dir, 'workflow-bundle.js');
      const { code } = await bundleWorkflows(quietBundler);
      writeFileSync(bundlePath, code);
    }
    const databaseUrl = `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${server.database}`;
    const baseEnv = {
      NODE_ENV: 'development',
      // A rehearsal on this machine's loopback against the cluster's database: local mode by choice.
      LOCAL_MODE: 'true',
      // One cookie key for every API (each would otherwise generate its own); o.serviceEnv may give it.
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATA_DIR: join(o.dir, 'data'),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: frontendAddress,
      WORKFLOW_BUNDLE: bundlePath,
      ...(uiUrl ? { TEMPORAL_UI_URL: uiUrl } : {}),
      ...o.serviceEnv,
    };
    const ours = (name: string, kind: 'api' | 'worker', env: Record<string, string>) =>
      clusterProcess({
        name,
        command: process.execPath,
        args: ['--import', 'tsx', `scripts/start-${kind}.ts`],
        cwd: root,
        env: { ...baseEnv, ...env },
        logFile: join(logDir, `${name}.log`),
        ready: (_, output) => printed(output, kind === 'api' ? '"msg":"API listening"' : '"msg":"worker running"', 120_000),
        onStart: (pid) => pids.record(name, pid),
      });
    const workers: ClusterProcess[] = [];
    const apis = o.layout.apiPorts.map((port, i) => ours(`api-${i + 1}`, 'api', { PORT: String(port) }));
    stops.push(() => Promise.all(workers.map((p) => p.stop())).then(() => undefined));
    stops.push(() => Promise.all(apis.map((p) => p.stop())).then(() => undefined));
    const startWorker = async (name: string, env: Record<string, string> = {}) => {
      const w = ours(name, 'worker', env);
      workers.push(w);
      await w.start();
      return w;
    };
    // The first worker migrates the record's schema before the others start (they would wait on its lock).
    say(`starting ${o.layout.workers} workers and ${apis.length} APIs`);
    const metrics = o.layout.workerMetricsBinds ?? [];
    await startWorker('worker-1', metrics[0] ? { WORKER_METRICS_BIND: metrics[0] } : {});
    await Promise.all([
      ...Array.from({ length: o.layout.workers - 1 }, (_, i) => startWorker(`worker-${i + 2}`, metrics[i + 1] ? { WORKER_METRICS_BIND: metrics[i + 1]! } : {})),
      ...apis.map((a) => a.start()),
    ]);

    return {
      frontendAddress,
      uiUrl,
      databaseUrl,
      pgServer: server,
      pg,
      temporal,
      ui,
      apis,
      apiUrls: o.layout.apiPorts.map((p) => `http://127.0.0.1:${p}`),
      workers,
      bundlePath,
      logDir,
      serviceEnv: baseEnv,
      startWorker,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

const quietBundler = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

/** The namespace and our search attributes (temporal.yaml), registered once; a restart finds them. */
async function registerNamespace(address: string, config: TemporalConfig, say: (line: string) => void): Promise<void> {
  const connection = await connectWhenServing(address, 90_000);
  try {
    const namespace = config.namespace;
    const known = await connection.workflowService.describeNamespace({ namespace }).then(
      () => true,
      () => false,
    );
    if (!known) {
      say(`registering namespace ${namespace}`);
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(7 * 86_400) } });
    }
    // A new namespace reaches the services' caches within seconds (describe reads the database; this does not).
    let existing: proto.temporal.api.operatorservice.v1.IListSearchAttributesResponse = {};
    await until(
      async () => {
        existing = await connection.operatorService.listSearchAttributes({ namespace });
        return true;
      },
      60_000,
      'the namespace to be served',
    );
    const missing = Object.entries(config.searchAttributes).filter(([name]) => !(name in (existing.customAttributes ?? {})));
    if (missing.length) {
      say(`registering search attributes ${missing.map(([n]) => n).join(', ')}`);
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(
          missing.map(([name, type]) => [
            name,
            IndexedValueType[`INDEXED_VALUE_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as 'INDEXED_VALUE_TYPE_KEYWORD'],
          ]),
        ),
      });
    }
    // Our queries name them: wait until visibility accepts them.
    const probe = Object.keys(config.searchAttributes)
      .map((name) => `${name} = 'probe'`)
      .join(' AND ');
    if (probe)
      await until(() => connection.workflowService.countWorkflowExecutions({ namespace, query: probe }).then(() => true), 90_000, 'the search attributes');
  } finally {
    await connection.close();
  }
}

async function connectWhenServing(address: string, timeoutMs: number): Promise<Connection> {
  let connection: Connection | undefined;
  await until(
    async () => {
      connection ??= await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.getSystemInfo({});
      return true;
    },
    timeoutMs,
    `the Temporal frontend at ${address}`,
  );
  return connection!;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`waited ${timeoutMs} ms for ${what}: ${String(last)}`);
}
