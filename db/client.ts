import { createHash } from 'node:crypto';
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
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    prepareOncePerConnection(client);
  });
  const db = drizzle(pool, { schema }) as Db;
  return { db, pool, close: () => pool.end() };
}

/**
 * Put in a statement's text (a comment) to keep it unprepared: planned for its own parameters each
 * time. After five executions PostgreSQL may keep a prepared statement's generic plan, made without
 * the values; search's best plan depends on the words (a department's rare word: 29 ms with the
 * generic plan at 1,000,000 documents, 4 ms with its own).
 */
export const CUSTOM_PLAN = '/* custom plan */';

/**
 * Names every parameterised statement after its text, so each connection parses it once and then
 * only binds and executes it (node-postgres prepares named statements per connection), but for
 * those marked CUSTOM_PLAN. The service's statements are a fixed set (drizzle builds the same text
 * for the same query).
 */
function prepareOncePerConnection(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `q${createHash('sha1').update(text).digest('base64url')}`;
      names.set(text, name);
    }
    return name;
  };
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    const params = values ?? (config as { values?: unknown } | undefined)?.values;
    // Only statements with parameters: a parameterless text may hold several statements (migrations).
    if (config && typeof config === 'object' && 'text' in config && !(config as { name?: string }).name && Array.isArray(params) && params.length > 0) {
      const text = (config as { text: string }).text;
      if (!text.includes(CUSTOM_PLAN)) config = { ...config, name: nameOf(text) };
    }
    return query(config, values, callback);
  };
}
