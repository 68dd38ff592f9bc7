// Issue 24, item 1: the rate limit's bucket is the caller's verified identity once authenticated
// (the person, or the API key), and its address before that — never something the caller can vary
// (a junk Authorization header, another spelling of the same cookie, a freshly minted token, a
// forged X-Forwarded-For).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';

const LIMIT = 10;
/** Behind a proxy on loopback (TRUST_PROXY): X-Forwarded-For names the client. */
let proxied: TestService;
/** No proxy configured: X-Forwarded-For means nothing. */
let direct: TestService;

beforeAll(async () => {
  [proxied, direct] = await Promise.all([
    startTestService({ worker: false, env: { RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: '127.0.0.1' } }),
    startTestService({ worker: false, env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } }),
  ]);
});
afterAll(async () => {
  await Promise.all([proxied?.stop(), direct?.stop()]);
});

let clients = 0;
/** A client address of its own per test (the documentation range), as the proxy reports it. */
const client = () => ({ 'x-forwarded-for': `203.0.113.${++clients}` });
const count429 = (statuses: number[]) => statuses.filter((s) => s === 429).length;

describe('before authentication: the client address', () => {
  it('a junk Authorization header on a public route gets no bucket of its own', async () => {
    const from = client();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      const res = await proxied.request('GET', '/auth/options', { headers: { ...from, authorization: `Bearer junk-${randomUUID()}` } });
      statuses.push(res.status);
    }
    expect(count429(statuses), statuses.join(' ')).toBe(5);
  });

  it('refused credentials are counted per address too (no unlimited guessing of keys)', async () => {
    const from = client();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      const res = await proxied.request('GET', '/v1/me', { headers: { ...from, authorization: `Bearer pbk_${randomUUID()}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(count429(statuses), statuses.join(' ')).toBe(5);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not make a new client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      const res = await direct.request('GET', '/auth/options', { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
      statuses.push(res.status);
    }
    expect(count429(statuses), statuses.join(' ')).toBe(5);
  });
});

describe('after authentication: the person or the key', () => {
  it('the same session cookie spelled with percent-escapes is the same person', async () => {
    const session = await proxied.signIn('jinan-agent-2');
    const secret = /bpm_session=([^;]+)/.exec(session.cookie)![1]!;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      // Character i written as %XX: the cookie parser decodes it to the same secret.
      const spelled = `${secret.slice(0, i)}%${secret.charCodeAt(i).toString(16).toUpperCase()}${secret.slice(i + 1)}`;
      const res = await proxied.request('GET', '/v1/me', { headers: { ...client(), cookie: `bpm_session=${spelled}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(count429(statuses), statuses.join(' ')).toBe(5);
  });

  it('a fresh token for the same person does not refill the budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      // Each token differs (its own claims), but names the same person.
      const token = proxied.token('reviewer', 'province', 'reviewer-3', { n: i });
      statuses.push((await proxied.request('GET', '/v1/me', { token, headers: client() })).status);
    }
    expect(count429(statuses), statuses.join(' ')).toBe(5);
  });

  it('people behind one address each have their own budget', async () => {
    const office = client();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      statuses.push((await proxied.request('GET', '/v1/me', { token: proxied.token('office', 'jinan', 'jinan-agent-1'), headers: office })).status);
    }
    expect(count429(statuses)).toBe(2);
    // A colleague in the same office (same address) is not held back by the first one's requests.
    expect((await proxied.request('GET', '/v1/me', { token: proxied.token('office', 'jinan', 'jinan-agent-3'), headers: office })).status).toBe(200);
  });
});
