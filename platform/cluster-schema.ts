// Temporal's two databases (`temporal`, `temporal_visibility`) on the cluster's PostgreSQL,
// created and migrated with Temporal's own SQL tool from the versioned schema in the Go module
// cache. Idempotent: a database that exists is kept, `update-schema` applies only newer versions.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { TemporalServerBinaries } from './temporal-server.js';

export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const TEMPORAL_DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;

export async function setupTemporalDatabases(
  binaries: Pick<TemporalServerBinaries, 'sqlTool' | 'schemaDir'>,
  server: PgServer,
  say: (line: string) => void,
): Promise<void> {
  for (const [schema, database] of Object.entries(TEMPORAL_DATABASES)) {
    const fresh = await ensureDatabase(server, database);
    const tool = (...args: string[]) => runSqlTool(binaries.sqlTool, server, database, args);
    // setup-schema creates the version tables (a fresh database only); update-schema brings it to the newest version.
    if (fresh) await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '-d', join(binaries.schemaDir, schema, 'versioned'));
    say(`${database}: schema ${fresh ? 'created' : 'up to date'} (${await schemaVersion(server, database)})`);
  }
}

/** Creates the database unless it exists with Temporal's version table; true if the schema must be set up. */
async function ensureDatabase(server: PgServer, database: string): Promise<boolean> {
  await createDatabase(server, database);
  return (await schemaVersion(server, database)) === undefined;
}

export async function createDatabase(server: PgServer, database: string): Promise<void> {
  const admin = new pg.Client({ ...server, database: 'postgres' });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [database])).rowCount! > 0;
    if (!exists) await admin.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

async function schemaVersion(server: PgServer, database: string): Promise<string | undefined> {
  const client = new pg.Client({ ...server, database });
  await client.connect();
  try {
    const table = await client.query(`select to_regclass('schema_version') as t`);
    if (!table.rows[0].t) return undefined;
    return (await client.query('select curr_version from schema_version')).rows[0]?.curr_version;
  } finally {
    await client.end();
  }
}

function runSqlTool(sqlTool: string, server: PgServer, database: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(sqlTool, args, {
      env: {
        ...process.env,
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: server.host,
        SQL_PORT: String(server.port),
        SQL_USER: server.user,
        SQL_PASSWORD: server.password,
        SQL_DATABASE: database,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`temporal-sql-tool ${args.join(' ')} on ${database} failed (${code}):\n${output.slice(-2000)}`)),
    );
  });
}

/** Forgets every member (only while no Temporal process of the cluster runs): a clean ring to join. */
export async function clearMembership(server: PgServer): Promise<void> {
  const client = new pg.Client({ ...server, database: TEMPORAL_DATABASES.temporal });
  await client.connect();
  try {
    await client.query('delete from cluster_membership');
  } finally {
    await client.end();
  }
}
