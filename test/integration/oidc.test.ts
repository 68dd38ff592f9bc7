// Single sign-on end to end against a real OpenID provider (oidc-provider, a certified
// implementation) on loopback, with the service in production mode: sign in through the IdP's
// own pages, use the session on /v1, CSRF on writes, sign out (here and at the IdP), and a
// deactivated person refused on their next call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import type { Server } from 'node:http';
import { users } from '../../db/schema.js';
import { freePort } from '../../platform/ports.js';
import { CookieClient } from '../helpers/cookie-client.js';
import { startTestService, type TestService } from '../helpers/service.js';

let s: TestService;
let idp: Server;
let api: string;
let issuer: string;

// The IdP's accounts: username → claims. The directory matches people by preferred_username.
const ACCOUNTS: Record<string, { name: string }> = { 'zhang.wei': { name: '张伟' }, 'li.na': { name: '李娜' }, stranger: { name: '陌生人' } };

beforeAll(async () => {
  const [idpPort, apiPort] = [await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${idpPort}`;
  api = `http://127.0.0.1:${apiPort}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: 'postal-bpm', client_secret: 'a-client-secret', redirect_uris: [`${api}/auth/callback`], post_logout_redirect_uris: [`${api}/login`] },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: async (_ctx, sub) =>
      ACCOUNTS[sub] ? { accountId: sub, claims: async () => ({ sub, preferred_username: sub, name: ACCOUNTS[sub]!.name }) } : undefined,
    cookies: { keys: ['test-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
  idp = provider.listen(idpPort);
  s = await startTestService({
    worker: false,
    listen: { host: '127.0.0.1', port: apiPort },
    env: {
      NODE_ENV: 'production',
      METRICS_TOKEN: 'm'.repeat(32),
      PUBLIC_URL: api,
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: 'postal-bpm',
      OIDC_CLIENT_SECRET: 'a-client-secret',
    },
  });
  // Production seeds nobody: the directory has whom the admin put there.
  await s.db.db
    .insert(users)
    .values([
      { id: 'E1001', login: 'zhang.wei', name: '张伟', org: 'province', roles: ['reviewer'] },
      { id: 'E1002', login: 'li.na', name: '李娜', org: 'jinan', roles: ['office'] },
    ])
    .onConflictDoNothing();
}, 120_000);
afterAll(async () => {
  await s?.stop();
  idp?.close();
});

/** Signs in through the IdP's login and consent pages; returns the browser and where it landed. */
async function signIn(username: string, browser = new CookieClient()) {
  let page = await browser.follow(`${api}/auth/login?returnTo=/work/review`, {}, (url) => url.startsWith(`${api}/`) && !url.startsWith(`${api}/auth/`));
  if (page.url.startsWith(issuer)) page = await browser.submit(page, { prompt: 'login', login: username, password: 'any' });
  if (page.url.startsWith(issuer) && page.response.status === 200) page = await browser.submit(page, { prompt: 'consent' });
  return { browser, landed: page };
}

async function me(browser: CookieClient) {
  const res = await browser.send(`${api}/v1/me`);
  return { status: res.status, body: (await res.json()) as { csrfToken: string; [field: string]: unknown } };
}

describe('single sign-on (OpenID Connect, authorization code + PKCE)', () => {
  it('in production there is no local sign-in page', async () => {
    expect(await (await fetch(`${api}/auth/options`)).json()).toEqual({ local: false, oidc: true });
    expect((await fetch(`${api}/auth/local/people`)).status).toBe(404);
    expect(
      (await fetch(`${api}/auth/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"E1001"}' })).status,
    ).toBe(404);
  });

  it('the login redirect carries PKCE (S256), state and nonce', async () => {
    const res = await new CookieClient().send(`${api}/auth/login`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(p)).toBeTruthy();
    expect(to.searchParams.get('redirect_uri')).toBe(`${api}/auth/callback`);
  });

  it('sign in → session; /v1 with the cookie; a write without CSRF is 403; sign out → 401 and the IdP session ends too', async () => {
    const { browser, landed } = await signIn('zhang.wei');
    expect(landed.url).toBe(`${api}/work/review`);
    const who = await me(browser);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ id: 'E1001', name: '张伟', org: 'province', role: 'reviewer', via: 'session' });
    expect((await browser.send(`${api}/v1/applications`)).status).toBe(200);

    const write = (csrf?: string) =>
      browser.send(`${api}/v1/escalations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        body: JSON.stringify({ subjectType: 'application', subjectId: '00000000-0000-4000-8000-000000000000', reason: 'x' }),
      });
    const refused = await write();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CSRF_TOKEN_INVALID');
    // With the token the request passes the CSRF check and reaches the rules (no such subject: 404).
    expect((await write(who.body.csrfToken)).status).toBe(404);

    const out = await browser.send(`${api}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': who.body.csrfToken } });
    expect(out.status).toBe(200);
    const { redirectTo } = (await out.json()) as { redirectTo: string };
    expect(redirectTo.startsWith(`${issuer}/session/end`)).toBe(true);
    expect(new URL(redirectTo).searchParams.get('id_token_hint')).toBeTruthy();
    expect((await me(browser)).status).toBe(401);

    // At the IdP: confirm the logout; it sends the browser back to our sign-in page.
    const confirm = await browser.follow(redirectTo);
    const back = await browser.submit(confirm, { logout: 'yes' });
    expect(back.url).toBe(`${api}/login`);
    // The IdP session is gone: signing in again asks for the login once more.
    const again = await browser.follow(`${api}/auth/login`, {}, (url) => url.startsWith(`${api}/`) && !url.startsWith(`${api}/auth/`));
    expect(again.url).toMatch(new RegExp(`^${issuer}/interaction/`));
    expect(await again.response.text()).toContain('name="login"');
  });

  it('a deactivated person is 401 on their next call', async () => {
    const { browser } = await signIn('li.na');
    expect((await me(browser)).body).toMatchObject({ id: 'E1002', role: 'office', org: 'jinan' });
    const { eq } = await import('drizzle-orm');
    await s.db.db.update(users).set({ active: false }).where(eq(users.id, 'E1002'));
    expect((await me(browser)).status).toBe(401);
    // …and cannot sign in again.
    const { landed } = await signIn('li.na', new CookieClient());
    expect(landed.url).toBe(`${api}/login?error=unknown_user`);
  });

  it('someone the IdP knows but the directory does not is not signed in', async () => {
    const { browser, landed } = await signIn('stranger');
    expect(landed.url).toBe(`${api}/login?error=unknown_user`);
    expect((await me(browser)).status).toBe(401);
  });

  it('a callback without the pending login (expired, or forged) does not sign anyone in', async () => {
    const res = await new CookieClient().send(`${api}/auth/callback?code=abc&state=xyz`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?error=expired');
  });
});
