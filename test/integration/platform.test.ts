// The platform end to end on the real Temporal server and Postgres: health, auth, error bodies,
// OpenAPI, and the first path (mail item → application workflow → row in Postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { symbols } from 'pino';
import { startTestService, eventually, type TestService } from '../helpers/service.js';
import { applicationBody, registerMailItem, tokens } from '../helpers/fixtures.js';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => {
  await s?.stop();
});

describe('service endpoints', () => {
  it('answers healthz and readyz with both dependencies reachable', async () => {
    expect((await s.request('GET', '/healthz')).body).toEqual({ ok: true });
    const ready = await s.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, checks: { postgres: 'ok', temporal: 'ok' } });
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const res = await s.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/v1/applications', '/v1/applications/{id}/review', '/v1/work-orders/{id}/accept', '/v1/escalations']),
    );
    expect(res.body.paths['/v1/applications'].post.operationId).toBe('createApplication');
    const docs = await s.request('GET', '/docs/');
    expect(docs.status).toBe(200);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await s.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
  });

  it('logs one structured line per answered request, carrying its request id', async () => {
    const logged = await startTestService({ env: { LOG_LEVEL: 'info' }, worker: false });
    const lines: { reqId?: string; msg?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: unknown }[] = [];
    const stream = (logged.app!.log as unknown as Record<symbol, { write(line: string): void }>)[symbols.streamSym]!;
    const write = stream.write.bind(stream);
    stream.write = (line: string) => void lines.push(JSON.parse(line));
    try {
      await logged.request('GET', '/healthz', { headers: { 'x-request-id': 'req-log-1' } });
      await logged.request('GET', '/v1/applications/not-a-uuid', { headers: { 'x-request-id': 'req-log-2' } });
    } finally {
      stream.write = write;
      await logged.stop();
    }
    const requestLines = lines.filter((l) => l.reqId === 'req-log-1' || l.reqId === 'req-log-2');
    expect(requestLines.map((l) => [l.reqId, l.msg, l.req?.method, l.req?.url, l.res?.statusCode])).toEqual([
      ['req-log-1', 'request completed', 'GET', '/healthz', 200],
      ['req-log-2', 'request completed', 'GET', '/v1/applications/not-a-uuid', 401],
    ]);
    expect(requestLines.every((l) => typeof l.responseTime === 'number' && !JSON.stringify(l).includes('authorization'))).toBe(true);
  });

  it('sends security headers and a request id', async () => {
    const res = await s.request('GET', '/healthz', { headers: { 'x-request-id': 'req-abc' } });
    expect(res.headers['x-request-id']).toBe('req-abc');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('auth', () => {
  it('401 without a token, with a bad signature, expired, or with another algorithm', async () => {
    const t = tokens(s);
    expect((await s.request('GET', '/v1/applications')).status).toBe(401);
    const forged = createSigner({ key: 'x'.repeat(64), algorithm: 'HS256' })({ sub: 'u', org: 'jinan', role: 'admin' });
    expect((await s.request('GET', '/v1/applications', { token: forged })).status).toBe(401);
    const expired = createSigner({ key: s.secret, algorithm: 'HS256', expiresIn: 1 })({
      sub: 'u',
      org: 'jinan',
      role: 'office',
      iat: Math.floor(Date.now() / 1000) - 3600,
    });
    await new Promise((r) => setTimeout(r, 5));
    expect((await s.request('GET', '/v1/applications', { token: expired })).status).toBe(401);
    const hs512 = createSigner({ key: s.secret, algorithm: 'HS512' })({ sub: 'u', org: 'jinan', role: 'office' });
    expect((await s.request('GET', '/v1/applications', { token: hs512 })).status).toBe(401);
    const noRole = createSigner({ key: s.secret, algorithm: 'HS256' })({ sub: 'u', org: 'jinan', role: 'boss' });
    const res = await s.request('GET', '/v1/applications', { token: noRole });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect((await s.request('GET', '/v1/applications', { token: t.office })).status).toBe(200);
  });

  it('403 when the role may not use the route', async () => {
    const t = tokens(s);
    const res = await s.request('POST', '/v1/applications', { token: t.reviewer, body: applicationBody('EA000000001CN') });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect((await s.request('PUT', '/v1/mail-items/EA000000001CN', { token: t.office, body: {} })).status).toBe(403);
  });

  it("404 for another organisation's record", async () => {
    const t = tokens(s);
    const mail = await registerMailItem(s);
    const created = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail) });
    expect(created.status).toBe(201);
    const other = await s.request('GET', `/v1/applications/${created.body.id}`, { token: t.otherOffice });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect((await s.request('GET', `/v1/applications/${created.body.id}`, { token: t.reviewer })).status).toBe(200);
  });
});

describe('error bodies', () => {
  it('400 for malformed JSON', async () => {
    const res = await s.request('POST', '/v1/applications', { token: tokens(s).office, body: '{"mailNumber": ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('422 naming the field and rule for a schema violation', async () => {
    const res = await s.request('POST', '/v1/applications', {
      token: tokens(s).office,
      body: { ...applicationBody('EA000000001CN'), problemCategory: 'weather', customer: { name: '张三', phone: 'call me' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.problemCategory', 'body.customer.phone']));
    expect(res.body.error.details[0]).toHaveProperty('rule');
  });

  it('400 for a bad query, 404 for an unknown route or malformed id', async () => {
    const t = tokens(s).reviewer;
    expect((await s.request('GET', '/v1/applications?limit=0', { token: t })).status).toBe(400);
    expect((await s.request('GET', '/v1/applications?status=lost', { token: t })).body.error.code).toBe('BAD_REQUEST');
    const unknown = await s.request('GET', '/v1/nothing-here', { token: t });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await s.request('GET', '/v1/applications/not-a-uuid', { token: t })).status).toBe(404);
    expect((await s.request('GET', '/v1/applications/00000000-0000-4000-8000-000000000000', { token: t })).status).toBe(404);
  });

  it('413 for an oversized body, in the contract shape', async () => {
    const res = await s.request('POST', '/v1/applications', {
      token: tokens(s).office,
      body: { ...applicationBody('EA000000001CN'), description: 'x'.repeat(9 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('rate limit', () => {
  it('429 in the contract shape once a token spends its budget; another token is unaffected', async () => {
    const limited = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '5' }, worker: false });
    try {
      const a = limited.token('reviewer', 'province', 'reviewer-a');
      const b = limited.token('reviewer', 'province', 'reviewer-b');
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.request('GET', '/v1/applications', { token: a })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const refused = await limited.request('GET', '/v1/applications', { token: a });
      expect(refused.body.error.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await limited.request('GET', '/v1/applications', { token: b })).status).toBe(200);
      expect((await limited.request('GET', '/healthz')).status).toBe(200); // probes are never limited
    } finally {
      await limited.stop();
    }
  });
});

describe('the first path: mail item → application workflow → Postgres', () => {
  it('registers a mail item, starts the workflow, and reads the recorded application back', async () => {
    const t = tokens(s);
    const mail = await registerMailItem(s);
    const created = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mailNumber: mail, status: 'submitted', becameOrder: null, org: 'jinan', createdBy: 'jinan-agent-1' });
    expect(created.body.number).toMatch(/^SQ-\d{8}-\d{5}$/);
    expect(created.body.workflowId).toBe(`application-${created.body.id}`);

    // The workflow's own first transition lands in the history table through its activity.
    const detail = await eventually(async () => {
      const res = await s.request('GET', `/v1/applications/${created.body.id}`, { token: t.office });
      return res.body.history?.length ? res.body : undefined;
    });
    expect(detail.history[0]).toMatchObject({ action: 'created', actor: { userId: 'jinan-agent-1', org: 'jinan', role: 'office' } });
    const description = await s.client.workflow.getHandle(created.body.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.searchAttributes).toMatchObject({ BpmKind: ['application'], BpmOrg: ['jinan'] });
    const metrics = String((await s.request('GET', '/metrics')).body);
    expect(metrics).toMatch(/bpm_transitions_total\{kind="application",action="created"\} [1-9]/);
    expect(metrics).toMatch(/bpm_cases_opened_total\{kind="application"\} [1-9]/);
    expect(metrics).toMatch(/bpm_outbox_backlog \d+/);
  });
});
