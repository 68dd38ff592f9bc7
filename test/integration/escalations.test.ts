// Deadlines and escalations on the real server with short policies: response deadlines firing,
// the ladder climbing every level, acknowledge stopping the climb, duplicate triggers raising one
// escalation, closing the subject ending it, business-hours deadlines and continue-as-new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { escalations } from '../../db/schema.js';
import { addWorkingTime } from '../../domain/calendar.js';
import { caseState, escalationState } from '../../contract/messages.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { untilSettled } from '../helpers/workflow-history.js';

const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const officeCalendar = {
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  hours: [{ start: '08:30', end: '17:30' }],
  holidays: [today, tomorrow],
  extraWorkingDays: [],
};

let s: TestService;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  s = await startTestService({
    policy: {
      workOrder: {
        default: { response: '2s', resolution: '6s' },
        // Compensation claims run on a business calendar whose next two days are holidays.
        byCategory: [{ category: 'compensation', response: '2h', resolution: '4h', clock: 'office' }],
      },
      calendars: { office: officeCalendar },
      escalation: {
        ladder: [
          { name: 'hotline supervisor', role: 'supervisor', org: 'provincial', limit: '1500ms' },
          { name: 'unit service centre', role: 'handler', org: 'subject', limit: '1500ms' },
          { name: 'general manager', role: 'admin', org: 'provincial', limit: '1500ms' },
        ],
      },
    },
  });
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
});

const act = (id: string, action: string, token: string, body: unknown = {}) => s.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });
const getOrder = async (id: string) => (await s.request('GET', `/v1/work-orders/${id}`, { token: t.reviewer })).body;
const escalationsOf = (subjectId: string) => s.db.db.select().from(escalations).where(eq(escalations.subjectId, subjectId));
/** The escalation workflow's own state: answered after every event in its history so far. */
const escalationStateOf = (workflowId: string) => s.client.workflow.getHandle(workflowId).query(escalationState);
async function newOrder(extra: Record<string, unknown> = {}) {
  const app = await createApplication(s, extra);
  return (await approve(s, app.id)).workOrderId;
}

describe('deadlines and the escalation ladder', () => {
  it('a missed response deadline marks the order overdue and escalates; the ladder climbs every level and the top stays open; closing ends it', async () => {
    const id = await newOrder();
    const overdue = await eventually(async () => ((await getOrder(id)).overdue ? await getOrder(id) : undefined));
    expect(overdue.history.map((h: { action: string }) => h.action)).toContain('response_overdue');
    const top = await eventually(async () => {
      const [e] = await escalationsOf(id);
      return e?.level === 3 ? e : undefined;
    }, 15_000);
    expect(top).toMatchObject({ status: 'open', levelName: 'general manager', subjectType: 'workOrder', org: 'jinan' });
    const detail = await s.request('GET', `/v1/escalations/${top.id}`, { token: t.supervisor });
    const entries = detail.body.history.map((h: { action: string; detail: { level: number } }) => `${h.action}:${h.detail.level}`);
    // Each level warned once before its limit (the policy's 80 % step), then climbed.
    expect(entries.slice(0, 5)).toEqual(['opened:1', 'level_warning:1', 'climbed:2', 'level_warning:2', 'climbed:3']);
    await eventually(async () => (await getOrder(id)).escalationLevel === 3);
    // The top level stays open past its limit: settled at level 3, the workflow holds no timer, so
    // nothing but a person or its subject can move it (no sleeping past the limit to look).
    expect(await untilSettled(s.client, top.workflowId)).toEqual({ openTimers: [] });
    expect(await escalationStateOf(top.workflowId)).toMatchObject({ status: 'open', level: 3 });
    expect(
      (await s.request('GET', '/v1/escalations?open=true&level=3&limit=200', { token: t.supervisor })).body.items.map((e: { id: string }) => e.id),
    ).toContain(top.id);

    await act(id, 'accept', t.handler);
    await act(id, 'reply', t.handler, { result: '已处理', customerAccepted: true });
    await act(id, 'close', t.reviewer, { meetsStandard: true });
    await eventually(async () => (await escalationsOf(id))[0]?.status === 'resolved');
    await eventually(async () => (await getOrder(id)).escalationLevel === 0);
    expect(await escalationsOf(id)).toHaveLength(1);
  });

  it('a missed resolution deadline escalates too', async () => {
    const id = await newOrder();
    await act(id, 'accept', t.handler);
    const order = await eventually(async () => {
      const o = await getOrder(id);
      return o.history.some((h: { action: string }) => h.action === 'resolution_overdue') ? o : undefined;
    }, 15_000);
    expect(order.history.map((h: { action: string }) => h.action)).toContain('accepted');
    await eventually(async () => (await getOrder(id)).overdue === true);
    // The resolution deadline's own trigger opened or raised the escalation (not only the response's).
    const [esc] = await eventually(async () => ((await escalationsOf(id)).length === 1 ? escalationsOf(id) : undefined));
    const triggers = await eventually(async () => {
      const reasons = (await s.request('GET', `/v1/escalations/${esc!.id}`, { token: t.supervisor })).body.history.map(
        (h: { detail: { reason?: string } }) => h.detail.reason ?? '',
      );
      return reasons.some((r: string) => r.startsWith('resolution deadline')) ? reasons : undefined;
    });
    expect(triggers.filter((r: string) => r.startsWith('resolution deadline'))).toHaveLength(1);
  });

  it('an urge on an overdue order raises the open escalation instead of starting another', async () => {
    const id = await newOrder();
    await eventually(async () => (await escalationsOf(id)).length === 1);
    const urged = await act(id, 'urge', t.office, { note: '第三次来电' });
    expect(urged.status).toBe(200);
    const [esc] = await escalationsOf(id);
    const raised = await eventually(async () => {
      const d = await s.request('GET', `/v1/escalations/${esc!.id}`, { token: t.supervisor });
      return d.body.history.find((h: { action: string }) => h.action === 'raised');
    });
    expect(raised.detail.reason).toBe('urged while overdue');
    expect(await escalationsOf(id)).toHaveLength(1);
  });
});

describe('escalations by hand', () => {
  it('acknowledge stops the climb; a duplicate trigger raises the same escalation; resolve ends it', async () => {
    const id = await newOrder({ problemCategory: 'compensation' });
    const opened = await s.request('POST', '/v1/escalations', {
      token: t.supervisor,
      body: { subjectType: 'workOrder', subjectId: id, reason: '跨专业疑难: 需理赔与投递协同' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ level: 1, status: 'open', levelName: 'hotline supervisor', subjectId: id });
    const ack = await s.request('POST', `/v1/escalations/${opened.body.id}/acknowledge`, { token: t.supervisor, body: { note: '已接手' } });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).toBeTruthy();
    // Acknowledged, it will not climb: settled, the workflow holds no timer for the level's limit.
    expect(await untilSettled(s.client, opened.body.workflowId)).toEqual({ openTimers: [] });
    expect(await escalationStateOf(opened.body.workflowId)).toMatchObject({ level: 1, status: 'open' });
    expect((await escalationsOf(id))[0]).toMatchObject({ level: 1, status: 'open' });

    const again = await s.request('POST', '/v1/escalations', { token: t.reviewer, body: { subjectType: 'workOrder', subjectId: id, reason: '客户再次投诉' } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(opened.body.id);
    await eventually(async () => (await escalationsOf(id))[0]?.level === 2);
    expect(await escalationsOf(id)).toHaveLength(1);
    expect((await s.request('POST', `/v1/escalations/${opened.body.id}/acknowledge`, { token: t.office, body: {} })).status).toBe(403);

    const resolved = await s.request('POST', `/v1/escalations/${opened.body.id}/resolve`, { token: t.supervisor, body: { note: '协调完毕' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    const late = await s.request('POST', `/v1/escalations/${opened.body.id}/acknowledge`, { token: t.supervisor, body: {} });
    expect(late.status).toBe(409);
    expect(late.body.error.details.status).toBe('resolved');
    expect(
      (
        await s.request('POST', '/v1/escalations', {
          token: t.supervisor,
          body: { subjectType: 'workOrder', subjectId: '00000000-0000-4000-8000-000000000000', reason: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('business-hours deadlines', () => {
  it('a policy on a business calendar computes deadlines in working hours (holidays skipped), end to end', async () => {
    const id = await newOrder({ problemCategory: 'compensation' });
    const order = await getOrder(id);
    const start = Date.parse(order.createdAt);
    expect(order.responseDeadline).toBe(new Date(addWorkingTime(start, 2 * 3_600_000, officeCalendar)).toISOString());
    expect(order.resolutionDeadline).toBe(new Date(addWorkingTime(start, 4 * 3_600_000, officeCalendar)).toISOString());
    // Today and tomorrow are holidays: the response is due the day after tomorrow at 10:30 UTC.
    const dayAfter = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(order.responseDeadline).toBe(`${dayAfter}T10:30:00.000Z`);
    expect(order.overdue).toBe(false);
  });
});

describe('continue-as-new', () => {
  it('a long-lived order continues as new when Temporal suggests it and keeps its state', async () => {
    const id = await newOrder({ problemCategory: 'compensation' });
    const handle = s.client.workflow.getHandle((await getOrder(id)).workflowId);
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 25; i++) {
      const res = await act(id, 'urge', t.office, { note: `#${i + 1}` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await eventually(async () => (await handle.describe()).runId !== firstRun, 15_000);
    const state = (await handle.query(caseState)).workOrder;
    expect(state).toMatchObject({ urgeCount: 25, status: 'dispatched', number: expect.stringMatching(/^GD-/) });
    const accepted = await act(id, 'accept', t.handler);
    expect(accepted.body).toMatchObject({ status: 'accepted', urgeCount: 25 });
    const history = (await getOrder(id)).history;
    expect(history.filter((h: { action: string }) => h.action === 'urged')).toHaveLength(25);
    expect(new Set(history.map((h: { at: string; action: string }) => `${h.at}/${h.action}`)).size).toBe(history.length);
  });
});
