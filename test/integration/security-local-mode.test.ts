// Issue 24, item 6: local mode (passwordless pick-a-person sign-in, seeded people, tokens for
// people outside the directory, cookies without Secure) only when chosen (LOCAL_MODE=true) or when
// everything is on loopback with the embedded database. Anything else that is not production
// refuses to start with one line naming the setting to give, before it touches the database.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../platform/logger.js';
import { freePort } from '../../platform/ports.js';
import { startService, type RunningService } from '../../platform/service.js';
import { installRuntime } from '../../platform/worker.js';

const log = createLogger('silent', 'test');
const temporalAddress = inject('temporalAddress');
const secrets = { AUTH_SECRET: randomBytes(32).toString('hex'), COOKIE_SECRET: randomBytes(32).toString('hex') };

/** A database of its own (on the test run's PostgreSQL), so what a start wrote into it can be counted. */
async function freshDatabase(): Promise<string> {
  const url = new URL(inject('databaseUrl'));
  const name = `local_mode_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: new URL('/postgres', url).href });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return new URL(`/${name}`, url).href;
}
async function peopleIn(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query('select count(*) as n from users')).rows[0].n);
  } catch {
    return 0; // no users table: nothing was migrated or seeded
  } finally {
    await client.end();
  }
}

const started: RunningService[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});
beforeAll(() => installRuntime(log));

/** Starts the API the way the start scripts do, with `env` as the whole environment (NODE_ENV unset unless given). */
async function start(env: Record<string, string>, databaseUrl: string) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...secrets, ...env });
  const service = await startService(config, { temporalAddress, databaseUrl }, log, { api: true, worker: false });
  started.push(service);
  return service;
}
/** What a start that should be refused did instead (a service cannot be printed). */
const refusal = (env: Record<string, string>, databaseUrl: string) => start(env, databaseUrl).then(() => 'it started');

describe('NODE_ENV unset, not everything local', () => {
  it('refuses to start against a database named by DATABASE_URL, and seeds nobody into it', async () => {
    const db = await freshDatabase();
    await expect(refusal({ DATABASE_URL: db, TEMPORAL_ADDRESS: temporalAddress }, db)).rejects.toThrow(/DATABASE_URL.*(LOCAL_MODE=true|NODE_ENV=production)/);
    expect(await peopleIn(db)).toBe(0);
  });

  it('refuses to start listening beyond loopback', async () => {
    const db = await freshDatabase();
    await expect(refusal({ HOST: '0.0.0.0', TEMPORAL_ADDRESS: temporalAddress }, db)).rejects.toThrow(/HOST/);
    expect(await peopleIn(db)).toBe(0);
  });

  it('refuses a Temporal cluster or a public address that is not on loopback', async () => {
    const db = await freshDatabase();
    await expect(refusal({ TEMPORAL_ADDRESS: 'temporal.example.org:7233' }, db)).rejects.toThrow(/TEMPORAL_ADDRESS/);
    await expect(refusal({ TEMPORAL_ADDRESS: temporalAddress, PUBLIC_URL: 'https://bpm.example.org' }, db)).rejects.toThrow(/PUBLIC_URL/);
    expect(await peopleIn(db)).toBe(0);
  });

  it('npm run start:api says so in one line and exits', async () => {
    const db = await freshDatabase();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-api.ts'], {
      env: {
        PATH: process.env.PATH!,
        HOME: process.env.HOME!,
        ...secrets,
        DATABASE_URL: db,
        TEMPORAL_ADDRESS: temporalAddress,
        PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        resolve(null);
      }, 45_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, stderr).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^start-up failed: .*DATABASE_URL.*LOCAL_MODE=true/);
    expect(await peopleIn(db)).toBe(0);
  }, 60_000);
});

describe('local mode when chosen, or when everything is local', () => {
  it('LOCAL_MODE=true runs local mode against the database given', async () => {
    const db = await freshDatabase();
    const s = await start({ LOCAL_MODE: 'true', DATABASE_URL: db, TEMPORAL_ADDRESS: temporalAddress }, db);
    expect(await peopleIn(db)).toBeGreaterThan(0);
    expect((await s.app!.inject({ method: 'GET', url: '/auth/options' })).json()).toEqual({ local: true, oidc: false });
  });

  it('everything on loopback with the embedded database (no DATABASE_URL) is local mode', async () => {
    const db = await freshDatabase();
    const s = await start({ TEMPORAL_ADDRESS: temporalAddress }, db);
    expect((await s.app!.inject({ method: 'GET', url: '/auth/options' })).json()).toEqual({ local: true, oidc: false });
  });

  it('LOCAL_MODE=true with NODE_ENV=production is a contradiction', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LOCAL_MODE: 'true' })).toThrow(/LOCAL_MODE/);
  });
});
