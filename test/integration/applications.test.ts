// The application lifecycle end to end through the HTTP API on the real Temporal server and Postgres.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { history, idempotencyKeys, outbox, pendingStarts, workOrders, applications } from '../../db/schema.js';
import { claimKey } from '../../api/services/idempotency.js';
import { sweepPendingStarts } from '../../api/services/pending-starts.js';
import { parsePolicy } from '../../config/policy.js';
import { createLogger } from '../../platform/logger.js';
import { httpSmsSender } from '../../activities/sms.js';
import { localPeople } from '../../db/people.js';
import { eventually, mailNumber, startTestService, testPolicy, type TestService } from '../helpers/service.js';
import { applicationBody, approve, createApplication, createWhileTemporalDown, registerMailItem, tokens } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/sms-gateway.js';

let s: TestService;
let gateway: TestGateway;
let t: ReturnType<typeof tokens>;

beforeAll(async () => {
  gateway = await startGateway();
  s = await startTestService({ sms: httpSmsSender(gateway.url, 2_000) });
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
  await gateway?.close();
});

const historyOf = async (id: string) => (await s.db.db.select().from(history).where(eq(history.caseId, id))).map((h) => h.action).sort();
const review = (id: string, body: unknown, headers?: Record<string, string>) =>
  s.request('POST', `/v1/applications/${id}/review`, { token: t.reviewer, body, headers });

describe('review', () => {
  it('approve: closes the application as a work order that exists, is numbered and carries its deadlines', async () => {
    const app = await createApplication(s, { complexity: 'complex' });
    const before = Date.now();
    const res = await review(app.id, { decision: 'approve' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', becameOrder: true });
    expect(res.body.workOrderNumber).toMatch(/^GD-\d{8}-\d{5}$/);

    const order = await s.request('GET', `/v1/work-orders/${res.body.workOrderId}`, { token: t.office });
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      number: res.body.workOrderNumber,
      applicationId: app.id,
      status: 'dispatched',
      assignedOrg: 'dept-operations',
      mailNumber: app.mailNumber,
    });
    const response = Date.parse(order.body.responseDeadline) - before;
    const resolution = Date.parse(order.body.resolutionDeadline) - before;
    expect(response).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(response).toBeLessThanOrEqual(2 * 3_600_000 + 5_000);
    expect(resolution).toBeGreaterThan(48 * 3_600_000 - 60_000);
    expect(Date.parse(order.body.promiseDeadline) - before).toBeGreaterThan(24 * 3_600_000 - 60_000); // complex: 24 h promise
    const wf = await s.client.workflow.getHandle(order.body.workflowId).describe();
    expect(wf.status.name).toBe('RUNNING');

    const detail = await s.request('GET', `/v1/applications/${app.id}`, { token: t.office });
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['created', 'approved']);
    expect(detail.body.history[1].actor).toMatchObject({ userId: 'reviewer-1', role: 'reviewer' });
  });

  it('return: records the reason, puts an SMS to the creating agent in the outbox, and the sender delivers it; then resubmit → approve', async () => {
    const app = await createApplication(s);
    const returned = await review(app.id, { decision: 'return', reason: '缺少客户诉求细节' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '缺少客户诉求细节', becameOrder: null });
    expect(returned.body.actionDeadline).toBeTruthy();

    const [sms] = await s.db.db.select().from(outbox).where(eq(outbox.caseId, app.id));
    expect(sms).toMatchObject({ channel: 'sms', recipientUser: 'jinan-agent-1' });
    expect(sms!.body).toContain(app.number);
    const received = await eventually(async () => gateway.received.find((m) => m.id === sms!.id));
    expect(received.phone).toBe(localPeople().find((p) => p.id === 'jinan-agent-1')!.phone);
    const sent = await eventually(
      async () =>
        (
          await s.db.db
            .select()
            .from(outbox)
            .where(and(eq(outbox.id, sms!.id), eq(outbox.status, 'sent')))
        )[0],
    );
    expect(sent.recipientPhone).toBe(received.phone);

    const resubmitted = await s.request('POST', `/v1/applications/${app.id}/resubmit`, {
      token: t.office,
      body: { demand: '补充: 客户要求赔偿运费', complexity: 'complex' },
    });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', demand: '补充: 客户要求赔偿运费', complexity: 'complex', returnReason: null });
    const approved = await review(app.id, { decision: 'approve' });
    expect(approved.body).toMatchObject({ status: 'closed', becameOrder: true });
    expect(await historyOf(app.id)).toEqual(['approved', 'created', 'resubmitted', 'returned']);
  });

  it('a failing SMS gateway is retried until it accepts; the message is never lost', async () => {
    const app = await createApplication(s);
    gateway.failNext(2);
    const before = gateway.requests;
    await review(app.id, { decision: 'return', reason: '请上传详情单' });
    const [sms] = await s.db.db.select().from(outbox).where(eq(outbox.caseId, app.id));
    await eventually(async () => gateway.received.find((m) => m.id === sms!.id), 30_000);
    const [row] = await s.db.db.select().from(outbox).where(eq(outbox.id, sms!.id));
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(gateway.requests - before).toBe(3);
    expect(gateway.received.filter((m) => m.id === sms!.id)).toHaveLength(1);
  });

  it('return → abandon closes it without a work order', async () => {
    const app = await createApplication(s);
    await review(app.id, { decision: 'return', reason: '重复申请' });
    const res = await s.request('POST', `/v1/applications/${app.id}/abandon`, { token: t.office, body: { reason: '客户撤诉' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', becameOrder: false, workOrderId: null });
    await eventually(async () => (await s.client.workflow.getHandle(app.workflowId).describe()).status.name === 'COMPLETED');
  });
});

describe('invalid transitions', () => {
  it('409 with the current status and nothing written', async () => {
    const app = await createApplication(s);
    await eventually(async () => (await historyOf(app.id)).length === 1);
    const resubmit = await s.request('POST', `/v1/applications/${app.id}/resubmit`, { token: t.office, body: { demand: 'x' } });
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { status: 'submitted' } });
    const abandon = await s.request('POST', `/v1/applications/${app.id}/abandon`, { token: t.office, body: {} });
    expect(abandon.status).toBe(409);
    expect(await historyOf(app.id)).toEqual(['created']);
    const [row] = await s.db.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row).toMatchObject({ status: 'submitted', seq: 1 });

    await approve(s, app.id);
    const again = await review(app.id, { decision: 'return', reason: 'too late' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.status).toBe('closed');
    expect(await historyOf(app.id)).toEqual(['approved', 'created']);
  });

  it('422 for a return without a reason; other offices cannot act (404)', async () => {
    const app = await createApplication(s);
    const res = await review(app.id, { decision: 'return' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.reason' });
    await review(app.id, { decision: 'return', reason: 'r' });
    expect((await s.request('POST', `/v1/applications/${app.id}/abandon`, { token: t.otherOffice, body: {} })).status).toBe(404);
    expect((await s.request('POST', `/v1/applications/${app.id}/review`, { token: t.office, body: { decision: 'approve' } })).status).toBe(403);
  });
});

describe('idempotency', () => {
  const createWithTemporalDown = (mail: string, key?: string) => createWhileTemporalDown(s, mail, { key });
  const owed = async (id: string) => (await s.db.db.select().from(pendingStarts).where(eq(pendingStarts.caseId, id))).length;

  it('a create whose workflow could not start is kept, and the client retry with its key starts it', async () => {
    const mail = await registerMailItem(s);
    const key = `create-${mail}`;
    const first = await createWithTemporalDown(mail, key);
    expect(first.statusCode).toBe(201);
    const id = (first.body as { id: string }).id;
    expect(await owed(id)).toBe(1);
    const retry = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail), headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(id);
    expect(await owed(id)).toBe(0);
    expect((await review(id, { decision: 'approve' })).status).toBe(200);
    expect(await historyOf(id)).toEqual(['approved', 'created']);
  });

  it('without a retry, the sweeper starts the owed workflow, and a second sweep starts nothing again', async () => {
    const mail = await registerMailItem(s);
    const { body } = await createWithTemporalDown(mail);
    const id = (body as { id: string }).id;
    const ctx = {
      db: s.db.db,
      temporal: s.client,
      taskQueue: s.taskQueue,
      policy: testPolicy(),
      attachments: parsePolicy({}).attachments,
      log: createLogger('silent'),
    };
    expect(await owed(id)).toBe(1);
    await sweepPendingStarts(ctx, 0);
    expect(await owed(id)).toBe(0);
    await eventually(async () => (await s.client.workflow.getHandle(`application-${id}`).describe()).status.name === 'RUNNING');
    // A second sweep finds nothing of this case (other test files' in-flight creates may be owed
    // at this instant, so the count is not ours to assert); one 'approved' below shows one run.
    await sweepPendingStarts(ctx, 0);
    expect(await owed(id)).toBe(0);
    expect((await review(id, { decision: 'approve' })).status).toBe(200);
    // What is owed on another task queue (another service's workers) is not this sweeper's to start.
    const elsewhere = randomUUID();
    await s.db.db.insert(pendingStarts).values({
      workflowId: `application-${elsewhere}`,
      caseId: elsewhere,
      state: {},
      taskQueue: `other-${elsewhere}`,
      createdAt: new Date(Date.now() - 60_000),
    });
    await sweepPendingStarts(ctx, 0);
    expect(await owed(elsewhere)).toBe(1);
    await s.db.db.delete(pendingStarts).where(eq(pendingStarts.caseId, elsewhere));
    expect(await historyOf(id)).toEqual(['approved', 'created']);
  });

  it('a repeated create with the same key returns the first result and creates one application', async () => {
    const mail = await registerMailItem(s);
    const headers = { 'idempotency-key': `create-${mail}` };
    const first = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail), headers });
    const second = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const rows = await s.db.db.select().from(applications).where(eq(applications.mailNumber, mail));
    expect(rows).toHaveLength(1);
    const reused = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail, { demand: 'different' }), headers });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a retry matches its key whatever order its body keys come in; a key claimed with the fingerprint of before still matches', async () => {
    const route = 'POST /v1/work-orders/x/transfer';
    const sent = { to: 'dept-delivery', reason: '属于投递部门的问题', action: 'transfer' };
    const readBack = { action: 'transfer', reason: '属于投递部门的问题', to: 'dept-delivery' }; // as jsonb returns it
    const key = `order-${randomUUID()}`;
    expect(await claimKey(s.db.db, 'a-user', key, route, sent)).toEqual({ kind: 'new' });
    expect(await claimKey(s.db.db, 'a-user', key, route, readBack)).toEqual({ kind: 'resumed' });
    await expect(claimKey(s.db.db, 'a-user', key, route, { ...sent, to: 'dept-operations' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Claimed before the fingerprint sorted keys (JSON.stringify's order): the same request still matches.
    const legacyKey = `legacy-${randomUUID()}`;
    const legacy = createHash('sha256').update(route).update(JSON.stringify(sent)).digest('hex');
    await s.db.db.insert(idempotencyKeys).values({ principal: 'a-user', key: legacyKey, route, requestHash: legacy });
    expect(await claimKey(s.db.db, 'a-user', legacyKey, route, sent)).toEqual({ kind: 'resumed' });
  });

  it('a repeated approve with the same key has one effect and the same answer', async () => {
    const app = await createApplication(s);
    const headers = { 'idempotency-key': `approve-${app.id}` };
    const [a, b] = await Promise.all([review(app.id, { decision: 'approve' }, headers), review(app.id, { decision: 'approve' }, headers)]);
    const c = await review(app.id, { decision: 'approve' }, headers);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(new Set([a.body.workOrderId, b.body.workOrderId, c.body.workOrderId]).size).toBe(1);
    const orders = await s.db.db.select().from(workOrders).where(eq(workOrders.applicationId, app.id));
    expect(orders).toHaveLength(1);
    expect(await historyOf(app.id)).toEqual(['approved', 'created']);
  });

  it('100 concurrent approvals: one work order, the rest 409', async () => {
    const app = await createApplication(s);
    // Each caller acts as a client should: its own key, a 503 (the server too busy to say) retried with it.
    const approveAsClient = async (n: number) => {
      for (let attempt = 0; ; attempt++) {
        const res = await s.request('POST', `/v1/applications/${app.id}/review`, {
          token: t.reviewer,
          body: { decision: 'approve' },
          headers: { 'idempotency-key': `race-${app.id}-${n}` },
        });
        if (res.status !== 503 || attempt >= 10) return res;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const results = await Promise.all(Array.from({ length: 100 }, (_, n) => approveAsClient(n)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200 && r.status !== 409).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(results.filter((r) => r.status === 409)).toHaveLength(99);
    expect(await s.db.db.select().from(workOrders).where(eq(workOrders.applicationId, app.id))).toHaveLength(1);
  });
});

describe('creation rules', () => {
  const create = (mail: string, extra: Record<string, unknown> = {}, token = t.office) =>
    s.request('POST', '/v1/applications', { token, body: applicationBody(mail, extra) });

  it('refuses an office that did not collect the item, and an unregistered item', async () => {
    const mail = await registerMailItem(s, { org: 'qingdao' });
    const res = await create(mail);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CREATION_REFUSED', details: { rule: 'not_collected_by_office', suggestedAction: 'explain' } });
    const unknown = await create(mailNumber());
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'mailNumber', rule: 'registeredMailItem' });
  });

  it('open own work order: wait within its deadline, urge past it, append for a follow-up; other demands allowed', async () => {
    const app = await createApplication(s);
    const { workOrderId } = await approve(s, app.id);
    const wait = await create(app.mailNumber);
    expect(wait.body.error.details).toEqual({ rule: 'open_work_order_within_deadline', suggestedAction: 'wait', existingWorkOrderId: workOrderId });
    const append = await create(app.mailNumber, { followUp: 'demand_grew' });
    expect(append.body.error.details).toMatchObject({ suggestedAction: 'append', existingWorkOrderId: workOrderId });
    // Once the order's workflow has written its row (else its first write would undo this)…
    await eventually(async () => (await historyOf(workOrderId)).includes('dispatched'));
    const passed = new Date(Date.now() - 1000); // …as the projection writes a passed response deadline
    await s.db.db.update(workOrders).set({ responseDeadline: passed, currentDeadline: passed }).where(eq(workOrders.id, workOrderId));
    const urge = await create(app.mailNumber);
    expect(urge.body.error.details).toMatchObject({ rule: 'open_work_order_overdue', suggestedAction: 'urge', existingWorkOrderId: workOrderId });
    expect((await create(app.mailNumber, { problemCategory: 'damage' })).status).toBe(201);
  });

  it('hotline dispatches: open direct → wait; closed meeting the standard → explain; closed reactivatable → reactivate; closed not meeting and not reactivatable → allowed', async () => {
    const cases: [unknown, number, string | undefined][] = [
      [{ id: 'D1', kind: 'direct', problemCategory: 'delay', status: 'open' }, 409, 'wait'],
      [{ id: 'H1', kind: 'work_order', problemCategory: 'delay', status: 'closed', meetsStandard: true }, 409, 'explain'],
      [{ id: 'H2', kind: 'work_order', problemCategory: 'delay', status: 'closed', meetsStandard: false, reactivatable: true }, 409, 'reactivate'],
      [{ id: 'H3', kind: 'work_order', problemCategory: 'delay', status: 'open', deadline: new Date(Date.now() - 60_000).toISOString() }, 409, 'urge'],
      [{ id: 'H4', kind: 'work_order', problemCategory: 'delay', status: 'closed', meetsStandard: false, reactivatable: false }, 201, undefined],
      [{ id: 'D2', kind: 'direct', problemCategory: 'delay', status: 'closed', meetsStandard: false }, 201, undefined],
    ];
    for (const [dispatch, status, action] of cases) {
      const mail = await registerMailItem(s, { externalDispatches: [dispatch] });
      const res = await create(mail);
      expect(res.status, JSON.stringify(dispatch)).toBe(status);
      if (action) expect(res.body.error.details).toMatchObject({ suggestedAction: action, existingWorkOrderId: (dispatch as { id: string }).id });
    }
  });

  it('a second open application with the same demand waits', async () => {
    const app = await createApplication(s);
    const res = await create(app.mailNumber);
    expect(res.body.error.details).toMatchObject({ rule: 'open_application_same_demand', suggestedAction: 'wait' });
  });

  it('100 concurrent identical creates with one key: one application, every caller gets it', async () => {
    const mail = await registerMailItem(s);
    const headers = { 'idempotency-key': `burst-${mail}` };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail), headers })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await s.db.db.select().from(applications).where(eq(applications.mailNumber, mail))).toHaveLength(1);
    await eventually(async () => (await historyOf(results[0]!.body.id)).length > 0);
    expect(await historyOf(results[0]!.body.id)).toEqual(['created']);
  });

  it('concurrent creates for one mail item: exactly one wins', async () => {
    const mail = await registerMailItem(s);
    const results = await Promise.all(Array.from({ length: 8 }, () => create(mail)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await s.db.db.select().from(applications).where(eq(applications.mailNumber, mail))).toHaveLength(1);
  });

  it('international applications need leg, destination country and the detail sheet', async () => {
    const mail = await registerMailItem(s, { businessType: 'intl_export_ems' });
    const intl = { businessType: 'intl_export_ems', international: { leg: 'leg3', destinationCountry: 'NL' } };
    const noLeg = await create(mail, { businessType: 'intl_export_ems' });
    expect(noLeg.status).toBe(422);
    expect(noLeg.body.error.details.map((d: { field: string }) => d.field)).toContain('body.international');
    const noSheet = await create(mail, intl);
    expect(noSheet.body.error.details[0]).toMatchObject({ field: 'body.attachments' });
    const badType = await create(mail, { ...intl, attachments: [{ name: 'sheet.exe', contentType: 'application/x-msdownload', contentBase64: 'TVo=' }] });
    expect(badType.body.error.details[0]).toMatchObject({ field: 'attachments.0.contentType', rule: 'allowedContentType' });
    const sheet = Buffer.from('%PDF-1.4 详情单').toString('base64');
    const ok = await create(mail, { ...intl, attachments: [{ name: '详情单.pdf', contentType: 'application/pdf', contentBase64: sheet }] });
    expect(ok.status).toBe(201);
    const detail = await s.request('GET', `/v1/applications/${ok.body.id}`, { token: t.office });
    expect(detail.body.international).toEqual({ leg: 'leg3', destinationCountry: 'NL' });
    expect(detail.body.attachments).toEqual([
      expect.objectContaining({ name: '详情单.pdf', contentType: 'application/pdf', size: Buffer.from(sheet, 'base64').length }),
    ]);
  });
});

describe('queries', () => {
  it('filters, pages with a stable cursor, applies the one-month default window, and scopes offices to their org', async () => {
    const office = s.token('office', 'weihai', `agent-weihai-${Date.now()}`);
    const made: { id: string; number: string; mailNumber: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const mail = await registerMailItem(s, { org: 'weihai' });
      made.push(await createApplication(s, { mailNumber: mail }, office));
    }
    await review(made[0]!.id, { decision: 'return', reason: 'r' });
    await approve(s, made[1]!.id);
    // One created 40 days ago: outside the default window.
    await s.db.db.update(applications).set({ createdAt: sql`now() - interval '40 days'` }).where(eq(applications.id, made[4]!.id));

    const all = await s.request('GET', '/v1/applications?limit=2', { token: office });
    expect(all.body.items).toHaveLength(2);
    const seen = [...all.body.items];
    let cursor = all.body.nextCursor;
    while (cursor) {
      const next = await s.request('GET', `/v1/applications?limit=2&cursor=${cursor}`, { token: office });
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(seen.every((a) => a.org === 'weihai')).toBe(true);
    const ids = seen.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(made.slice(0, 4).map((a) => a.id)));
    expect(ids).not.toContain(made[4]!.id);
    expect(new Set(ids).size).toBe(ids.length);

    const old = await s.request('GET', `/v1/applications?createdFrom=${new Date(Date.now() - 60 * 86_400_000).toISOString()}`, { token: office });
    expect(old.body.items.map((a: { id: string }) => a.id)).toContain(made[4]!.id);
    const returned = await s.request('GET', '/v1/applications?status=returned', { token: office });
    expect(returned.body.items.map((a: { id: string }) => a.id)).toEqual([made[0]!.id]);
    const orders = await s.request('GET', '/v1/applications?becameOrder=true', { token: office });
    expect(orders.body.items.map((a: { id: string }) => a.id)).toEqual([made[1]!.id]);
    expect(orders.body.items[0].workOrderNumber).toMatch(/^GD-/);
    const byNumber = await s.request('GET', `/v1/applications?number=${made[2]!.number}`, { token: office });
    expect(byNumber.body.items.map((a: { id: string }) => a.id)).toEqual([made[2]!.id]);
    const byMail = await s.request('GET', `/v1/applications?mailNumber=${made[3]!.mailNumber}`, { token: office });
    expect(byMail.body.items.map((a: { id: string }) => a.id)).toEqual([made[3]!.id]);

    // Another office sees none of them, even asking for the org; a reviewer can filter by it.
    const other = await s.request('GET', '/v1/applications?org=weihai', { token: t.otherOffice });
    expect(other.body.items).toEqual([]);
    const reviewer = await s.request('GET', '/v1/applications?org=weihai&limit=200', { token: t.reviewer });
    expect(reviewer.body.items.length).toBeGreaterThanOrEqual(4);
    expect(reviewer.body.items.every((a: { org: string }) => a.org === 'weihai')).toBe(true);
    expect((await s.request('GET', '/v1/applications?cursor=garbage', { token: office })).status).toBe(400);
  });
});
