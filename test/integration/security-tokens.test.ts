// Issue 24, item 5: a token must expire, within TOKEN_MAX_HOURS; in production only tokens the
// service itself issued to a session or an API key are accepted (and end with it, or when revoked),
// so holding AUTH_SECRET is not enough to be anyone; `npm run token` refuses production settings
// and keeps working locally.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { createSession } from '../../api/auth/sessions.js';
import { startTestService, type TestService } from '../helpers/service.js';

let local: TestService;
let prod: TestService;
const prodSecrets = {
  AUTH_SECRET: randomBytes(32).toString('hex'),
  COOKIE_SECRET: randomBytes(32).toString('hex'),
  METRICS_TOKEN: randomBytes(32).toString('hex'),
};

beforeAll(async () => {
  [local, prod] = await Promise.all([
    startTestService({ worker: false }),
    startTestService({
      worker: false,
      env: {
        NODE_ENV: 'production',
        ...prodSecrets,
        PUBLIC_URL: 'https://bpm.example.org',
        // Never contacted here: nobody signs in through it in this file.
        OIDC_ISSUER_URL: 'https://idp.example.org',
        OIDC_CLIENT_ID: 'postal-bpm',
        OIDC_CLIENT_SECRET: 'a-client-secret',
      },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([local?.stop(), prod?.stop()]);
});

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
/** Signs exactly these claims (an iat given is kept; none given: now). */
const signWith = (key: string, claims: Record<string, unknown>) => createSigner({ key, algorithm: 'HS256' })(claims);
const me = (s: TestService, token: string) => s.request('GET', '/v1/me', { token });

describe('every token expires, within TOKEN_MAX_HOURS (12 h)', () => {
  const claims = { sub: 'reviewer-1', org: 'province', role: 'reviewer' };

  it('refuses a token without exp', async () => {
    expect((await me(local, signWith(local.secret, { ...claims, iat: now() }))).status).toBe(401);
  });

  it('refuses a token that lives for a hundred years', async () => {
    expect((await me(local, signWith(local.secret, { ...claims, iat: now(), exp: now() + 100 * 365 * 24 * HOUR }))).status).toBe(401);
  });

  it('refuses one longer than the maximum, accepts one within it', async () => {
    expect((await me(local, signWith(local.secret, { ...claims, iat: now(), exp: now() + 13 * HOUR }))).status).toBe(401);
    expect((await me(local, signWith(local.secret, { ...claims, iat: now(), exp: now() + 11 * HOUR }))).status).toBe(200);
  });
});

describe('production accepts only tokens it issued, to a session or an API key', () => {
  let seq = 0;
  async function admin() {
    const id = `tok-admin-${Date.now().toString(36)}-${seq++}`;
    await prod.db.db.insert(users).values({ id, login: id, name: '令牌管理员', org: 'province', roles: ['admin'] });
    return id;
  }
  /** A signed-in person (as the OIDC callback would leave them): the cookies and the CSRF token. */
  async function session(userId: string) {
    const secret = await createSession(prod.db.db, { idleMs: 3_600_000, maxMs: 3_600_000 }, { userId, role: 'admin', method: 'oidc' });
    const res = await prod.app!.inject({ method: 'GET', url: '/v1/me', headers: { cookie: `bpm_session=${secret}` } });
    expect(res.statusCode).toBe(200);
    const cookie = [`bpm_session=${secret}`, ...res.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
  }

  it('a token signed with AUTH_SECRET for a real admin, but not issued, is refused', async () => {
    const id = await admin();
    const minted = signWith(prodSecrets.AUTH_SECRET, { sub: id, org: 'province', role: 'admin', iat: now(), exp: now() + HOUR });
    expect((await prod.request('GET', '/v1/users', { token: minted })).status).toBe(401);
  });

  it('a token issued to a session works until the session ends', async () => {
    const person = await session(await admin());
    const issued = await prod.request('POST', '/v1/tokens', { session: person, body: {} });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeLessThanOrEqual(12 * HOUR * 1000);
    expect((await me(prod, issued.body.token)).body).toMatchObject({ role: 'admin', via: 'token' });
    expect((await prod.request('POST', '/auth/logout', { session: person })).status).toBe(200);
    expect((await me(prod, issued.body.token)).status).toBe(401);
  });

  it('a token issued to an API key ends when the key is revoked', async () => {
    const person = await session(await admin());
    const key = await prod.request('POST', '/v1/api-keys', { session: person, body: { name: `feed ${randomUUID()}`, role: 'integration', org: 'province' } });
    expect(key.status).toBe(201);
    const issued = await prod.request('POST', '/v1/tokens', { token: key.body.key, body: { expiresInMinutes: 30 } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect((await me(prod, issued.body.token)).body).toMatchObject({ role: 'integration', via: 'token' });
    expect((await prod.request('POST', `/v1/api-keys/${key.body.id}/revoke`, { session: person })).status).toBe(200);
    expect((await me(prod, issued.body.token)).status).toBe(401);
  });

  it('an issued token can be revoked by itself, and asks for no more than the maximum life', async () => {
    const person = await session(await admin());
    expect((await prod.request('POST', '/v1/tokens', { session: person, body: { expiresInMinutes: 13 * 60 } })).status).toBe(422);
    const issued = await prod.request('POST', '/v1/tokens', { session: person, body: { expiresInMinutes: 5 } });
    expect((await me(prod, issued.body.token)).status).toBe(200);
    expect((await prod.request('POST', `/v1/tokens/${issued.body.id}/revoke`, { session: person })).status).toBe(200);
    expect((await me(prod, issued.body.token)).status).toBe(401);
  });
});

describe('npm run token', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--org', 'province', '--role', 'admin', '--user', 'admin-1'], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses production settings', () => {
    const out = run({
      NODE_ENV: 'production',
      ...prodSecrets,
      DATABASE_URL: 'postgres://db.example.org/postal_bpm',
      TEMPORAL_ADDRESS: 'temporal.example.org:7233',
      PUBLIC_URL: 'https://bpm.example.org',
      OIDC_ISSUER_URL: 'https://idp.example.org',
      OIDC_CLIENT_ID: 'postal-bpm',
      OIDC_CLIENT_SECRET: 'a-client-secret',
    });
    expect(out.stdout).toBe('');
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/production/);
  });

  it('prints a token the local stack accepts (the README’s curl session)', async () => {
    const out = run({ AUTH_SECRET: local.secret, DATA_DIR: `/tmp/postal-bpm-token-${randomUUID()}` });
    expect(out.status, out.stderr).toBe(0);
    expect((await me(local, out.stdout.trim())).body).toMatchObject({ id: 'admin-1', role: 'admin', via: 'token' });
  });
});
