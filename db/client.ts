import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function connectDb(url: string, options: { max?: number; applicationName?: string } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'postal-bpm',
    connectionTimeoutMillis: 5_000,
    // Keep one slow query from holding a connection forever.
    statement_timeout: 30_000,
  });
  // A client losing its server (Postgres restarted or stopping) must not crash the process: the
  // query in flight still fails (and its activity retries, or the API answers 503).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzle(pool, { schema }) as Db;
  return { db, pool, close: () => pool.end() };
}
