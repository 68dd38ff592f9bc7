// People and systems signing in: the local pick-a-person sign-in, cookie sessions with CSRF, the
// user directory's admin endpoints and audit, API keys, and the directory's phone for return SMSes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox, sessions } from '../../db/schema.js';
import { localPeople } from '../../db/people.js';
import { httpSmsSender } from '../../activities/sms.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { applicationBody, createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/sms-gateway.js';

let s: TestService;
let gateway: TestGateway;
let admin: string;
beforeAll(async () => {
  gateway = await startGateway();
  s = await startTestService({ sms: httpSmsSender(gateway.url, 2_000) });
  admin = s.token('admin', 'province', 'admin-1');
});
afterAll(async () => {
  await s?.stop();
  await gateway?.close();
});

let seq = 0;
/** A fresh directory person for this test. */
async function newPerson(roles: string[], org = 'jinan', phone = '13911112222') {
  const id = `test-${Date.now().toString(36)}-${seq++}`;
  const res = await s.request('POST', '/v1/users', { token: admin, body: { id, name: `测试${seq}`, org, roles, phone } });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}

describe('local sign-in (outside production)', () => {
  it('lists the seeded people grouped by organisation, one click signs in, the cookie works on /v1', async () => {
    expect((await s.request('GET', '/auth/options')).body).toEqual({ local: true, oidc: false });
    const people = (await s.request('GET', '/auth/local/people')).body as { id: string; orgKind: string; roles: string[] }[];
    const listed = new Set(people.map((p) => p.id));
    expect(localPeople().filter((p) => !listed.has(p.id))).toEqual([]);
    expect(new Set(people.map((p) => p.orgKind))).toEqual(new Set(['office', 'provincial', 'department']));

    const session = await s.signIn('jinan-agent-1');
    const me = await s.request('GET', '/v1/me', { session });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: 'jinan-agent-1', org: 'jinan', role: 'office', via: 'session', name: localPeople()[0]!.name });
    expect(me.body.csrfToken).toEqual(expect.any(String));

    const setCookie = (await s.app!.inject({ method: 'POST', url: '/auth/local/sign-in', payload: { userId: 'reviewer-1' } })).headers['set-cookie'];
    expect(String(setCookie)).toMatch(/bpm_session=[^;]+;.*HttpOnly/);
    expect(String(setCookie)).toMatch(/SameSite=Lax/);
  });

  it('a write with the cookie but no CSRF token is 403; with it, it runs and the history names the person', async () => {
    const session = await s.signIn('jinan-agent-1');
    const mail = await registerMailItem(s);
    const refused = await s.request('POST', '/v1/applications', { session: { ...session, csrf: '' }, body: applicationBody(mail) });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const forged = await s.request('POST', '/v1/applications', { session: { ...session, csrf: 'x'.repeat(40) }, body: applicationBody(mail) });
    expect(forged.status).toBe(403);

    const created = await s.request('POST', '/v1/applications', { session, body: applicationBody(mail) });
    expect(created.status).toBe(201);
    const detail = await eventually(async () => {
      const res = await s.request('GET', `/v1/applications/${created.body.id}`, { session });
      return res.body.history?.length ? res.body : undefined;
    });
    expect(detail.history[0]).toMatchObject({ action: 'created', actor: { userId: 'jinan-agent-1', name: localPeople()[0]!.name, role: 'office' } });
  });

  it('a person with two roles switches between them; roles they lack are refused', async () => {
    const session = await s.signIn('supervisor-2');
    expect((await s.request('GET', '/v1/me', { session })).body).toMatchObject({ role: 'supervisor', roles: ['supervisor', 'reviewer'] });
    expect((await s.request('GET', '/v1/ops/stuck', { session })).status).toBe(403);
    const switched = await s.request('PUT', '/v1/me/role', { session, body: { role: 'reviewer' } });
    expect(switched.status).toBe(200);
    expect((await s.request('GET', '/v1/me', { session })).body.role).toBe('reviewer');
    expect((await s.request('PUT', '/v1/me/role', { session, body: { role: 'ops' } })).status).toBe(403);
    expect((await s.app!.inject({ method: 'POST', url: '/auth/local/sign-in', payload: { userId: 'supervisor-2', role: 'admin' } })).statusCode).toBe(403);
  });

  it('sign-out ends the session: the next call is 401', async () => {
    const session = await s.signIn('reviewer-2');
    const out = await s.request('POST', '/auth/logout', { session });
    expect(out.status).toBe(200);
    expect(out.body.redirectTo).toBe('/login');
    expect((await s.request('GET', '/v1/me', { session })).status).toBe(401);
  });

  it('an idle session ends after the idle limit, and at the absolute end whatever happens', async () => {
    const session = await s.signIn('reviewer-3');
    const hashes = await s.db.db.select().from(sessions).where(eq(sessions.userId, 'reviewer-3'));
    expect(hashes.length).toBeGreaterThan(0);
    await s.db.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 61 * 60_000) })
      .where(eq(sessions.userId, 'reviewer-3'));
    expect((await s.request('GET', '/v1/me', { session })).status).toBe(401);
    const fresh = await s.signIn('reviewer-3');
    await s.db.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, 'reviewer-3'));
    expect((await s.request('GET', '/v1/me', { session: fresh })).status).toBe(401);
  });
});

describe('the user directory (admin)', () => {
  it('creates, changes and deactivates people, each change audited with who made it', async () => {
    const person = await newPerson(['office']);
    expect((await s.request('POST', '/v1/users', { token: admin, body: { id: person.id, name: 'x', org: 'jinan', roles: ['office'] } })).status).toBe(409);
    expect(
      (await s.request('POST', '/v1/users', { token: admin, body: { id: 'bad id!', name: 'x', org: 'jinan', roles: ['office'] } })).body.error.details[0].field,
    ).toBe('body.id');
    expect((await s.request('POST', '/v1/users', { token: admin, body: { id: 'someone', name: 'x', org: 'nowhere', roles: ['office'] } })).status).toBe(422);
    const changed = await s.request('PATCH', `/v1/users/${person.id}`, { token: admin, body: { phone: '13933334444', name: '改名' } });
    expect(changed.body).toMatchObject({ phone: '13933334444', name: '改名', active: true });
    expect((await s.request('PATCH', `/v1/users/${person.id}`, { token: admin, body: {} })).status).toBe(422);
    expect((await s.request('PATCH', '/v1/users/nobody-here', { token: admin, body: { name: 'x' } })).status).toBe(404);
    await s.request('POST', `/v1/users/${person.id}/deactivate`, { token: admin });

    const trail = (await s.request('GET', `/v1/audit?targetType=user&targetId=${person.id}`, { token: admin })).body as {
      action: string;
      actor: { userId: string; name: string };
      detail: Record<string, unknown>;
    }[];
    expect(trail.map((a) => a.action)).toEqual(['user.deactivate', 'user.update', 'user.create']);
    expect(trail[1]!.detail.changes).toEqual({ name: { from: person.name, to: '改名' }, phone: { from: '13911112222', to: '13933334444' } });
    expect(trail.every((a) => a.actor.userId === 'admin-1' && a.actor.name === localPeople().find((p) => p.id === 'admin-1')!.name)).toBe(true);

    const listed = (await s.request('GET', '/v1/users?org=jinan&role=office&active=false', { token: admin })).body as { id: string }[];
    expect(listed.map((u) => u.id)).toContain(person.id);
    expect((await s.request('GET', '/v1/users', { token: s.token('reviewer', 'province', 'reviewer-1') })).status).toBe(403);
  });

  it('a deactivated person is refused at once: their session and their tokens are 401 on the next call', async () => {
    const person = await newPerson(['reviewer'], 'province');
    const session = await s.signIn(person.id);
    const token = s.token('reviewer', 'province', person.id);
    expect((await s.request('GET', '/v1/applications', { session })).status).toBe(200);
    expect((await s.request('GET', '/v1/applications', { token })).status).toBe(200);
    await s.request('PATCH', `/v1/users/${person.id}`, { token: admin, body: { active: false } });
    expect((await s.request('GET', '/v1/applications', { session })).status).toBe(401);
    expect((await s.request('GET', '/v1/applications', { token })).status).toBe(401);
    expect((await s.app!.inject({ method: 'POST', url: '/auth/local/sign-in', payload: { userId: person.id } })).statusCode).toBe(404);
  });

  it('a token must match what the directory says of the person it names', async () => {
    expect((await s.request('GET', '/v1/applications', { token: s.token('office', 'qingdao', 'jinan-agent-1') })).status).toBe(401);
    expect((await s.request('GET', '/v1/applications', { token: s.token('reviewer', 'jinan', 'jinan-agent-1') })).status).toBe(401);
    expect((await s.request('GET', '/v1/applications', { token: s.token('office', 'jinan', 'jinan-agent-1') })).status).toBe(200);
  });
});

describe('API keys for systems', () => {
  it('an admin creates a key for the mail-item feed; it is shown once, works, and stops working when revoked', async () => {
    const created = await s.request('POST', '/v1/api-keys', {
      token: admin,
      body: { name: '邮件信息同步 (mail-item feed)', role: 'integration', org: 'province' },
    });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^pbk_[A-Za-z0-9_-]{43}$/);
    const listed = (await s.request('GET', '/v1/api-keys', { token: admin })).body as { id: string; prefix: string; key?: string }[];
    const row = listed.find((k) => k.id === created.body.id)!;
    expect(row.prefix).toBe(key.slice(0, 12));
    expect(JSON.stringify(listed)).not.toContain(key);

    const mail = await registerMailItem(s); // through a token; now the same through the key:
    const put = await s.request('PUT', `/v1/mail-items/${mail}`, {
      token: key,
      body: { collectingOrg: 'jinan', businessType: 'express_parcel', acceptedAt: new Date().toISOString() },
    });
    expect(put.status).toBe(200);
    expect((await s.request('GET', '/v1/me', { token: key })).body).toMatchObject({ id: `apikey:${created.body.id}`, role: 'integration', via: 'apiKey' });
    expect((await s.request('POST', '/v1/applications', { token: key, body: applicationBody(mail) })).status).toBe(403);

    expect((await s.request('POST', `/v1/api-keys/${created.body.id}/revoke`, { token: admin })).body.revokedAt).toEqual(expect.any(String));
    expect(
      (
        await s.request('PUT', `/v1/mail-items/${mail}`, {
          token: key,
          body: { collectingOrg: 'jinan', businessType: 'express_parcel', acceptedAt: new Date().toISOString() },
        })
      ).status,
    ).toBe(401);
    expect((await s.request('GET', '/v1/me', { token: `pbk_${'A'.repeat(43)}` })).status).toBe(401);
    const trail = (await s.request('GET', `/v1/audit?targetType=api_key&targetId=${created.body.id}`, { token: admin })).body as { action: string }[];
    expect(trail.map((a) => a.action)).toEqual(['api_key.revoke', 'api_key.create']);
  });
});

describe('the return SMS goes to the directory', () => {
  it("uses the creating agent's phone from the directory at send time, after a change made since creation", async () => {
    const agent = await newPerson(['office'], 'jinan', '13955550000');
    const token = s.token('office', 'jinan', agent.id);
    const app = await createApplication(s, {}, token);
    await s.request('PATCH', `/v1/users/${agent.id}`, { token: admin, body: { phone: '13966661111' } });
    const returned = await s.request('POST', `/v1/applications/${app.id}/review`, {
      token: tokens(s).reviewer,
      body: { decision: 'return', reason: '缺少附件' },
    });
    expect(returned.status).toBe(200);
    const [sms] = await s.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, app.id), eq(outbox.channel, 'sms')));
    const received = await eventually(async () => gateway.received.find((m) => m.id === sms!.id));
    expect(received).toMatchObject({ phone: '13966661111', userId: agent.id });
  });

  it('an agent with no phone in the directory: the SMS is marked failed with the reason, not retried for ever', async () => {
    const agent = await newPerson(['office'], 'jinan');
    await s.request('PATCH', `/v1/users/${agent.id}`, { token: admin, body: { phone: null } });
    const app = await createApplication(s, {}, s.token('office', 'jinan', agent.id));
    await s.request('POST', `/v1/applications/${app.id}/review`, { token: tokens(s).reviewer, body: { decision: 'return', reason: '缺少附件' } });
    const row = await eventually(
      async () =>
        (
          await s.db.db
            .select()
            .from(outbox)
            .where(and(eq(outbox.caseId, app.id), eq(outbox.status, 'failed')))
        )[0],
    );
    expect(row.lastError).toMatch(/no phone/);
    expect(gateway.received.some((m) => m.id === row.id)).toBe(false);
  });
});
