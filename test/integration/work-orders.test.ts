// The work-order lifecycle through the HTTP API on the real Temporal server and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';

let s: TestService;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  s = await startTestService({ policy: { workOrder: { reactivationWindow: '1h' } } });
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
});

const act = (id: string, action: string, token: string, body: unknown = {}) => s.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });
async function newOrder() {
  const app = await createApplication(s);
  const { workOrderId } = await approve(s, app.id);
  return { app, id: workOrderId };
}
/** The workflow of an order's case: its application's. */
const workflowOf = async (id: string) => s.client.workflow.getHandle((await s.request('GET', `/v1/work-orders/${id}`, { token: t.reviewer })).body.workflowId);
const actions = async (id: string) =>
  (await s.request('GET', `/v1/work-orders/${id}`, { token: t.reviewer })).body.history.map((h: { action: string }) => h.action);

describe('work-order lifecycle', () => {
  it('dispatched → accepted → replied → closed → return visit', async () => {
    const { id } = await newOrder();
    const accepted = await act(id, 'accept', t.handler);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', overdue: false });
    expect(accepted.body.respondedAt).toBeTruthy();
    const replied = await act(id, 'reply', t.handler, { result: '已联系客户, 邮件已于今日投递', customerAccepted: true });
    expect(replied.body).toMatchObject({ status: 'replied', result: '已联系客户, 邮件已于今日投递', customerAccepted: true });
    const closed = await act(id, 'close', t.reviewer, { meetsStandard: true });
    expect(closed.body).toMatchObject({ status: 'closed', meetsStandard: true });
    const visit = await act(id, 'return-visit', t.reviewer, { satisfaction: 5, note: '满意' });
    expect(visit.body.satisfaction).toBe(5);
    expect(await actions(id)).toEqual(['dispatched', 'accepted', 'replied', 'closed', 'return_visit']);
    // A result that meets the standard cannot be reactivated: explain it instead.
    const reactivate = await act(id, 'reactivate', t.office, { reason: '客户不满意' });
    expect(reactivate.status).toBe(409);
  });

  it('one workflow carries the application and its order; its search attributes are set once, at start', async () => {
    const { app, id } = await newOrder();
    await act(id, 'accept', t.handler);
    const handle = await workflowOf(id);
    expect(handle.workflowId).toBe(`application-${app.id}`);
    const { events } = await handle.fetchHistory();
    // No upserts (each would be an event and a visibility write), no patch markers, one workflow started.
    expect(events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes || e.markerRecordedEventAttributes?.markerName === 'core_patch')).toEqual([]);
    expect(events!.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
    expect((await handle.describe()).searchAttributes).toMatchObject({ BpmKind: ['application'], BpmOrg: ['jinan'], BpmMailNumber: [app.mailNumber] });
  });

  it('every illegal transition is 409 with the current status, and writes nothing', async () => {
    const { id } = await newOrder();
    const illegal: [string, string, unknown][] = [
      ['reply', t.handler, { result: 'r', customerAccepted: true }],
      ['close', t.reviewer, { meetsStandard: true }],
      ['reactivate', t.office, { reason: 'r' }],
      ['return-visit', t.reviewer, { satisfaction: 3 }],
    ];
    for (const [action, token, body] of illegal) {
      const res = await act(id, action, token, body);
      expect(res.status, action).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { status: 'dispatched' } });
    }
    await act(id, 'accept', t.handler);
    for (const [action, token, body] of [
      ['accept', t.handler, {}],
      ['close', t.reviewer, { meetsStandard: true }],
    ] as const) {
      const res = await act(id, action, token, body);
      expect(res.status, action).toBe(409);
      expect(res.body.error.details.status).toBe('accepted');
    }
    await act(id, 'reply', t.handler, { result: 'r', customerAccepted: false });
    // Never backwards (工单不得逆转): a replied order cannot be accepted or replied again.
    for (const action of ['accept', 'reply'] as const) {
      const res = await act(id, action, t.handler, action === 'reply' ? { result: 'again', customerAccepted: true } : {});
      expect(res.status).toBe(409);
      expect(res.body.error.details.status).toBe('replied');
    }
    await act(id, 'close', t.reviewer, { meetsStandard: true });
    for (const [action, token, body] of [
      ['urge', t.office, {}],
      ['append', t.office, { info: 'x' }],
      ['accept', t.handler, {}],
    ] as const) {
      const res = await act(id, action, token, body);
      expect(res.status, action).toBe(409);
      expect(res.body.error.details.status).toBe('closed');
    }
    expect(await actions(id)).toEqual(['dispatched', 'accepted', 'replied', 'closed']);
  });

  it('roles and organisations: handlers of other departments and other offices get 404, wrong roles 403', async () => {
    const { id } = await newOrder();
    expect((await act(id, 'accept', t.otherHandler)).status).toBe(404);
    expect((await act(id, 'urge', t.otherOffice)).status).toBe(404);
    expect((await act(id, 'accept', t.office)).status).toBe(403);
    expect((await act(id, 'close', t.handler, { meetsStandard: true })).status).toBe(403);
    expect((await s.request('GET', `/v1/work-orders/${id}`, { token: t.otherOffice })).status).toBe(404);
    expect((await s.request('GET', `/v1/work-orders/${id}`, { token: t.handler })).status).toBe(200);
  });

  it('urge on time: counted, recorded, the handler notified, no escalation; append: recorded and delivered', async () => {
    const { id } = await newOrder();
    const urged = await act(id, 'urge', t.office, { note: '客户来电催促' });
    expect(urged.body).toMatchObject({ urgeCount: 1, escalationLevel: 0, overdue: false });
    await act(id, 'urge', t.office);
    const appended = await act(id, 'append', t.office, { info: '客户补充: 收件地址变更为青岛市市南区' });
    expect(appended.status).toBe(200);
    const detail = await s.request('GET', `/v1/work-orders/${id}`, { token: t.handler });
    expect(detail.body.urgeCount).toBe(2);
    expect(detail.body.history.filter((h: { action: string }) => h.action === 'urged')).toHaveLength(2);
    expect(detail.body.history.find((h: { action: string }) => h.action === 'appended').detail).toEqual({ info: '客户补充: 收件地址变更为青岛市市南区' });
    const notices = await eventually(async () => {
      const rows = await s.db.db.select().from(outbox).where(eq(outbox.caseId, id));
      return rows.filter((r) => r.status === 'sent').length === 4 ? rows : undefined;
    });
    expect(notices.every((n) => n.recipientOrg === 'dept-operations' && n.recipientRole === 'handler')).toBe(true);
    expect(notices.map((n) => n.body).join('\n')).toContain('信息追加');
    expect((await s.request('GET', `/v1/escalations?subjectId=${id}`, { token: t.supervisor })).body.items).toEqual([]);
  });

  it('closed not meeting the standard → reactivate → a second cycle with fresh deadlines', async () => {
    const { id } = await newOrder();
    await act(id, 'accept', t.handler);
    await act(id, 'reply', t.handler, { result: '已赔偿', customerAccepted: false });
    const closed = await act(id, 'close', t.reviewer, { meetsStandard: false });
    expect(closed.body.reactivatableUntil).toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    const reactivated = await act(id, 'reactivate', t.office, { reason: '客户不认可处理结果' });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: 'dispatched', reactivationCount: 1, meetsStandard: null, result: null, respondedAt: null });
    expect(Date.parse(reactivated.body.responseDeadline)).toBeGreaterThan(Date.parse(closed.body.responseDeadline));
    await act(id, 'accept', t.handler);
    await act(id, 'reply', t.handler, { result: '二次处理: 全额赔偿', customerAccepted: true });
    const second = await act(id, 'close', t.reviewer, { meetsStandard: true });
    expect(second.body).toMatchObject({ status: 'closed', meetsStandard: true, reactivationCount: 1 });
    expect(await actions(id)).toEqual(['dispatched', 'accepted', 'replied', 'closed', 'reactivated', 'accepted', 'replied', 'closed']);
  });

  it('after the reactivation window the order can no longer be reactivated and its workflow completes', async () => {
    // A service of its own with a short window (the others' must outlast a slow machine).
    const short = await startTestService({ policy: { workOrder: { reactivationWindow: '2s' } } });
    try {
      const st = tokens(short);
      const app = await createApplication(short);
      const { workOrderId: id } = await approve(short, app.id);
      const on = (action: string, token: string, body: unknown = {}) => short.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });
      await on('accept', st.handler);
      await on('reply', st.handler, { result: 'r', customerAccepted: false });
      const closed = await on('close', st.reviewer, { meetsStandard: false });
      const handle = short.client.workflow.getHandle(app.workflowId);
      await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', 20_000);
      expect(Date.now()).toBeGreaterThan(Date.parse(closed.body.reactivatableUntil));
      const res = await on('reactivate', st.reviewer, { reason: 'too late' });
      expect(res.status).toBe(409);
      expect(res.body.error.details.status).toBe('closed');
    } finally {
      await short.stop();
    }
  });

  it('lists with filters, scoped to the creating office or the assigned department', async () => {
    const { app, id } = await newOrder();
    const byMail = await s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}`, { token: t.office });
    expect(byMail.body.items.map((o: { id: string }) => o.id)).toEqual([id]);
    expect((await s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}`, { token: t.otherOffice })).body.items).toEqual([]);
    expect((await s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}&status=dispatched`, { token: t.handler })).body.items).toHaveLength(1);
    expect((await s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}&status=closed`, { token: t.reviewer })).body.items).toHaveLength(0);
    expect((await s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}&overdue=false`, { token: t.reviewer })).body.items).toHaveLength(1);
  });
});
