// The authorization matrix: every route × every role × own organisation / another one, checked
// against a table of intended answers. Another organisation's record is 404, never 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../domain/vocabulary.js';
import { startTestService, type TestService, type TestSession } from '../helpers/service.js';
import { oneOfEachCase } from '../helpers/fixtures.js';

let s: TestService;
let ids: { app: string; order: string; escalation: string; mail: string };
beforeAll(async () => {
  s = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  ids = await oneOfEachCase(s);
});
afterAll(async () => {
  await s?.stop();
});

type Scope = 'public' | 'any' | 'record';
interface Route {
  method: string;
  path: () => string;
  roles: readonly Role[];
  scope: Scope;
  body?: () => unknown;
}
const ALL = ROLES;
const READ_APPS = ['office', 'reviewer', 'supervisor', 'ops', 'admin'] as const;
const READ_CASES = ['office', 'handler', 'reviewer', 'supervisor', 'ops', 'admin'] as const;
const DESK = ['handler', 'reviewer', 'supervisor', 'ops', 'admin'] as const;
// The intended answers: who may call each route; `record` routes hide other organisations' records.
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/v1/orgs', roles: ALL, scope: 'any' },
  { method: 'GET', path: () => '/v1/me', roles: ALL, scope: 'any' },
  { method: 'GET', path: () => '/v1/users', roles: ['admin'], scope: 'any' },
  { method: 'GET', path: () => '/v1/users/reviewer-1', roles: ['admin'], scope: 'any' },
  { method: 'GET', path: () => '/v1/api-keys', roles: ['admin'], scope: 'any' },
  { method: 'GET', path: () => '/v1/audit', roles: ['admin'], scope: 'any' },
  // Notices: everyone's own; webhooks the admin's; the delivery log also operators'.
  { method: 'GET', path: () => '/v1/notices', roles: ALL, scope: 'any' },
  { method: 'GET', path: () => '/v1/notices/preferences', roles: ALL, scope: 'any' },
  { method: 'GET', path: () => '/v1/webhooks', roles: ['admin'], scope: 'any' },
  { method: 'GET', path: () => '/v1/deliveries', roles: ['admin', 'ops'], scope: 'any' },
  {
    method: 'PUT',
    path: () => `/v1/mail-items/${ids.mail}`,
    roles: ['integration', 'admin'],
    scope: 'any',
    body: () => ({ collectingOrg: 'jinan', businessType: 'express_parcel', acceptedAt: new Date().toISOString() }),
  },
  {
    method: 'POST',
    path: () => '/v1/applications',
    roles: ['office'],
    scope: 'any',
    body: () => ({ mailNumber: ids.mail, businessType: 'express_parcel', problemCategory: 'loss', demand: 'd', customer: { name: 'n', phone: '13900000000' } }),
  },
  { method: 'GET', path: () => '/v1/applications', roles: READ_APPS, scope: 'any' },
  // One application: also the department that holds the order it became.
  { method: 'GET', path: () => `/v1/applications/${ids.app}`, roles: READ_CASES, scope: 'record' },
  { method: 'POST', path: () => `/v1/applications/${ids.app}/review`, roles: ['reviewer'], scope: 'record', body: () => ({ decision: 'approve' }) },
  { method: 'POST', path: () => `/v1/applications/${ids.app}/resubmit`, roles: ['office'], scope: 'record', body: () => ({}) },
  { method: 'POST', path: () => `/v1/applications/${ids.app}/abandon`, roles: ['office'], scope: 'record', body: () => ({}) },
  { method: 'GET', path: () => '/v1/work-orders', roles: READ_CASES, scope: 'any' },
  { method: 'GET', path: () => `/v1/work-orders/${ids.order}`, roles: READ_CASES, scope: 'record' },
  ...(['accept', 'reply'] as const).map(
    (a): Route => ({
      method: 'POST',
      path: () => `/v1/work-orders/${ids.order}/${a}`,
      roles: ['handler'],
      scope: 'record',
      body: () => (a === 'reply' ? { result: 'r', customerAccepted: true } : {}),
    }),
  ),
  ...(['close', 'return-visit'] as const).map(
    (a): Route => ({
      method: 'POST',
      path: () => `/v1/work-orders/${ids.order}/${a}`,
      roles: ['reviewer'],
      scope: 'record',
      body: () => (a === 'close' ? { meetsStandard: false } : { satisfaction: 3 }),
    }),
  ),
  { method: 'POST', path: () => `/v1/work-orders/${ids.order}/reactivate`, roles: ['office', 'reviewer'], scope: 'record', body: () => ({ reason: 'r' }) },
  ...(['urge', 'append'] as const).map(
    (a): Route => ({
      method: 'POST',
      path: () => `/v1/work-orders/${ids.order}/${a}`,
      roles: ['office'],
      scope: 'record',
      body: () => (a === 'append' ? { info: 'i' } : {}),
    }),
  ),
  // The department's desk (a transfer with a reason not in the policy's list, so the order stays where it is).
  { method: 'POST', path: () => `/v1/work-orders/${ids.order}/claim`, roles: ['handler'], scope: 'record' },
  { method: 'POST', path: () => `/v1/work-orders/${ids.order}/note`, roles: ['handler'], scope: 'record', body: () => ({ note: 'n' }) },
  {
    method: 'POST',
    path: () => `/v1/work-orders/${ids.order}/transfer`,
    roles: ['handler'],
    scope: 'record',
    body: () => ({ to: 'dept-claims', reasonCategory: 'no such reason', reason: 'r' }),
  },
  { method: 'POST', path: () => `/v1/work-orders/${ids.order}/refuse-transfer`, roles: ['handler'], scope: 'record', body: () => ({ reason: 'r' }) },
  { method: 'POST', path: () => `/v1/work-orders/${ids.order}/redispatch`, roles: ['reviewer'], scope: 'record', body: () => ({ to: 'dept-claims' }) },
  { method: 'GET', path: () => '/v1/orgs/dept-operations/people', roles: DESK, scope: 'record' },
  { method: 'GET', path: () => '/v1/absences', roles: DESK, scope: 'any' },
  { method: 'GET', path: () => '/v1/escalations', roles: READ_CASES, scope: 'any' },
  { method: 'GET', path: () => `/v1/escalations/${ids.escalation}`, roles: READ_CASES, scope: 'record' },
  {
    method: 'POST',
    path: () => '/v1/escalations',
    roles: ['reviewer', 'supervisor'],
    scope: 'any',
    body: () => ({ subjectType: 'workOrder', subjectId: ids.order, reason: 'r' }),
  },
  { method: 'POST', path: () => `/v1/escalations/${ids.escalation}/acknowledge`, roles: ['supervisor'], scope: 'record', body: () => ({}) },
  {
    method: 'GET',
    path: () => '/v1/reports/offices?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    roles: ['office', 'reviewer', 'supervisor', 'ops', 'admin'],
    scope: 'any',
  },
  { method: 'GET', path: () => '/v1/ops/stuck?graceSeconds=3600&limit=5', roles: ['ops'], scope: 'any' },
  { method: 'POST', path: () => '/v1/ops/replay', roles: ['ops'], scope: 'any', body: () => ({ workflowIds: [`application-${ids.app}`] }) },
  { method: 'POST', path: () => `/v1/ops/workflows/application-${ids.app}/reconcile`, roles: ['ops'], scope: 'any' },
];
/** The organisation a role's token carries when it owns the records above, and one when it does not. */
const ORGS: Record<Role, { own: string; other: string }> = {
  office: { own: 'jinan', other: 'qingdao' },
  handler: { own: 'dept-operations', other: 'dept-delivery' },
  reviewer: { own: 'province', other: 'qingdao' },
  supervisor: { own: 'province', other: 'qingdao' },
  ops: { own: 'province', other: 'qingdao' },
  admin: { own: 'province', other: 'qingdao' },
  integration: { own: 'province', other: 'qingdao' },
};
const CROSS_ORG: Role[] = ['reviewer', 'supervisor', 'ops', 'admin'];

function intended(route: Route, role: Role, own: boolean): 'forbidden' | 'hidden' | 'allowed' {
  if (!route.roles.includes(role)) return 'forbidden';
  if (route.scope === 'record' && !own && !CROSS_ORG.includes(role)) return 'hidden';
  return 'allowed';
}

/** The same callers as directory people signed in with a session cookie (and its CSRF token on writes). */
async function sessions(): Promise<Map<string, TestSession>> {
  const admin = s.token('admin', 'province', 'admin-1');
  const signedIn = new Map<string, TestSession>();
  for (const role of ROLES) {
    for (const own of [true, false]) {
      const id = `matrix-${role}-${own ? 'own' : 'other'}`;
      await s.request('POST', '/v1/users', { token: admin, body: { id, name: id, org: own ? ORGS[role].own : ORGS[role].other, roles: [role] } });
      signedIn.set(id, await s.signIn(id));
    }
  }
  return signedIn;
}

describe.each(['token', 'session'] as const)('authorization matrix with a %s', (via) => {
  it('every route × role × organisation answers as the table says', async () => {
    // Cases of this run's own: the other run's handler holds the order it accepted (only they or the lead act on it).
    ids = await oneOfEachCase(s);
    const cells: string[] = [];
    let checked = 0;
    const people = via === 'session' ? await sessions() : undefined;
    for (const route of ROUTES) {
      for (const role of ROLES) {
        for (const own of [true, false]) {
          const id = `${via === 'session' ? 'matrix-' : ''}${role}-${own ? 'own' : 'other'}`;
          const caller = people ? { session: people.get(id)! } : { token: s.token(role, own ? ORGS[role].own : ORGS[role].other, id) };
          const res = await s.request(route.method, route.path(), { ...caller, body: route.body?.() ?? (route.method === 'GET' ? undefined : {}) });
          const want = intended(route, role, own);
          // Allowed: it ran (2xx) or reached the case's own rules (409 state, 422 rule); anything else is an error here.
          const got =
            res.status === 403
              ? 'forbidden'
              : res.status === 404
                ? 'hidden'
                : (res.status >= 200 && res.status < 300) || res.status === 409 || res.status === 422
                  ? 'allowed'
                  : `error ${res.status}`;
          if (got !== want)
            cells.push(
              `${route.method} ${route.path()} as ${role} (${own ? 'own' : 'other'} org): wanted ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
            );
          checked++;
        }
      }
    }
    console.log(`authorization matrix (${via}): ${checked} cells checked, ${cells.length} wrong`);
    expect(cells).toEqual([]);
    expect(checked).toBe(ROUTES.length * ROLES.length * 2);
  }, 120_000);
});

describe('scoping of lists', () => {
  it('lists never leak another organisation’s records', async () => {
    const other = s.token('office', 'qingdao');
    const apps = await s.request('GET', '/v1/applications?limit=200', { token: other });
    expect(apps.body.items.every((a: { org: string }) => a.org === 'qingdao')).toBe(true);
    const orders = await s.request('GET', '/v1/work-orders?limit=200', { token: s.token('handler', 'dept-delivery') });
    expect(orders.body.items.every((o: { org: string; assignedOrg: string }) => o.assignedOrg === 'dept-delivery' || o.org === 'dept-delivery')).toBe(true);
    const escs = await s.request('GET', '/v1/escalations?limit=200', { token: other });
    expect(escs.body.items.every((e: { org: string }) => e.org === 'qingdao')).toBe(true);
    const handlerEscs = await s.request('GET', '/v1/escalations?limit=200', { token: s.token('handler', 'dept-operations') });
    expect(handlerEscs.body.items.map((e: { id: string }) => e.id)).toContain(ids.escalation);
  });
});
