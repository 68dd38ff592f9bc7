// `--pg-statements`: which SQL statements the timed lifecycle ran, how often per case and at what
// cost in PostgreSQL (pg_stat_statements, preloaded into the bench's embedded server).
import pg from 'pg';
import { round } from './http.js';

export const PG_STATEMENTS_SETTINGS = { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' };

async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const resetPgStatements = (databaseUrl: string) =>
  withClient(databaseUrl, async (c) => {
    await c.query('create extension if not exists pg_stat_statements');
    await c.query('select pg_stat_statements_reset()');
  });

/** The statements by total execution time: calls per case, mean ms, share of the total. */
export const topPgStatements = (databaseUrl: string, cases: number, limit = 25) =>
  withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ query: string; calls: string; total: number; mean: number }>(
      `select query, calls, total_exec_time as total, mean_exec_time as mean from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc`,
    );
    const all = rows.reduce((s, r) => s + r.total, 0);
    const calls = rows.reduce((s, r) => s + Number(r.calls), 0);
    return {
      statementsPerCase: round(calls / cases, 1),
      execMsPerCase: round(all / cases, 2),
      top: rows.slice(0, limit).map((r) => ({
        perCase: round(Number(r.calls) / cases, 2),
        meanMs: round(r.mean, 3),
        share: `${round((100 * r.total) / all, 1)}%`,
        query: r.query.replace(/\s+/g, ' ').slice(0, 140),
      })),
    };
  });
