// The department desk through the API on the real stack: claiming (one wins), the lead's
// assignment (the cap, leave), automatic assignment (round robin, least load, nobody left), the
// claim timeout, transfers (a reason, refusal, too many hops), the return to the reviewer, and what
// a handler sees of the case (the demand and the phone; nothing of another department's).
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, history, organisations, outbox, users } from '../../db/schema.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';

// Departments of this file alone (the policy routes a category to each, and sets its desk).
const tag = randomBytes(3).toString('hex');
const dept = (name: string) => `desk-${name}-${tag}`;
const RR = dept('rr');
const LL = dept('ll');
const CAP = dept('cap');
const TIMEOUT = dept('timeout');
const LEAVE = dept('leave');

let s: TestService;
let t: ReturnType<typeof tokens>;

/** A department and its handlers (the first listed is its lead when `lead` says so). */
async function department(code: string, people: string[], lead?: string) {
  await s.db.db.insert(organisations).values({ code, name: `测试部门 ${code}`, kind: 'department' });
  await s.db.db.insert(users).values(
    [...people, ...(lead ? [lead] : [])].map((id, i) => ({
      id: `${code}-${id}`,
      login: `${code}-${id}`,
      name: `${id.toUpperCase()}${i}`,
      org: code,
      roles: ['handler' as const],
      lead: id === lead,
    })),
  );
}
const person = (code: string, id: string) => `${code}-${id}`;
const as = (code: string, id: string) => s.token('handler', code, person(code, id));

beforeAll(async () => {
  s = await startTestService({
    policy: {
      workOrder: {
        routing: { byCategory: { shortage: RR, forwarded_item: LL, collection_quality: CAP, damage: TIMEOUT, out_of_area: LEAVE } },
      },
      desk: {
        departments: {
          [RR]: { assignment: 'round_robin' },
          [LL]: { assignment: 'least_load' },
          [CAP]: { assignment: 'round_robin', cap: 1 },
          [TIMEOUT]: { claimTimeout: '1500ms' },
          [LEAVE]: { onLeave: 'return_to_queue' },
        },
        maxTransfers: 3,
      },
    },
  });
  t = tokens(s);
  await department(RR, ['a', 'b', 'c'], 'lead');
  await department(LL, ['p', 'q'], 'lead');
  await department(CAP, ['x', 'y'], 'lead');
  await department(TIMEOUT, ['u', 'v'], 'lead');
  await department(LEAVE, ['m', 'n', 'o'], 'lead');
});
afterAll(async () => {
  await s?.stop();
});

const act = (id: string, action: string, token: string, body: unknown = {}) => s.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });
const read = async (id: string, token = t.reviewer) => (await s.request('GET', `/v1/work-orders/${id}`, { token })).body;
async function newOrder(problemCategory = 'delay') {
  const app = await createApplication(s, { problemCategory });
  return (await approve(s, app.id)).workOrderId;
}
/** The order once the department's desk has decided (its automatic assignment recorded). */
const decided = (id: string) =>
  eventually(async () => (await read(id)).history.some((h: { action: string }) => ['auto_assigned', 'unassignable'].includes(h.action)) && read(id));

describe('claiming and assigning', () => {
  it('two handlers claim at once: one holds it, the other is told who (409)', async () => {
    const id = await newOrder();
    const [one, two] = await Promise.all([act(id, 'claim', t.handler), act(id, 'claim', s.token('handler', 'dept-operations', 'dept-operations-handler-2'))]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    const winner = one.status === 200 ? one : two;
    expect(loser.body.error.message).toContain(`${winner.body.assignee.name} holds it`);
    const order = await read(id);
    expect(order.assignee.userId).toBe(winner.body.assignee.userId);
    expect(order.history.filter((h: { action: string }) => h.action === 'claimed')).toHaveLength(1);
  });

  it('only the assignee or the lead acts on a held order; the lead assigns and releases', async () => {
    const id = await newOrder();
    await act(id, 'claim', t.handler);
    const other = s.token('handler', 'dept-operations', 'dept-operations-handler-2');
    expect((await act(id, 'accept', other)).status).toBe(403);
    expect((await act(id, 'assign', other, { assignee: 'dept-operations-handler-2' })).status).toBe(403); // not the lead
    const lead = s.token('handler', 'dept-operations', 'dept-operations-lead');
    const assigned = await act(id, 'assign', lead, { assignee: 'dept-operations-handler-2' });
    expect(assigned.body.assignee).toEqual({ userId: 'dept-operations-handler-2', name: expect.any(String) });
    expect((await act(id, 'accept', other)).status).toBe(200);
    expect((await act(id, 'release', lead)).body.assignee).toBeNull();
    expect((await act(id, 'assign', lead, { assignee: 'reviewer-1' })).body.error.details).toEqual([
      expect.objectContaining({ field: 'assignee', rule: 'departmentMember' }),
    ]);
    const actions = (await read(id)).history.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['dispatched', 'claimed', 'assigned', 'accepted', 'released']);
  });
});

describe('automatic assignment', () => {
  it('round robin over A, B (on leave) and C gives four orders to A, C, A, C', async () => {
    const leave = await s.request('POST', '/v1/absences', {
      token: as(RR, 'lead'),
      body: { userId: person(RR, 'b'), startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(leave.status).toBe(201);
    const given = [];
    for (let i = 0; i < 4; i++) given.push((await decided(await newOrder('shortage'))).assignee.userId);
    expect(given).toEqual([person(RR, 'a'), person(RR, 'c'), person(RR, 'a'), person(RR, 'c')]);
  });

  it('least load gives the one holding fewest; a tie goes to whoever waited longest since their last order', async () => {
    const first = await decided(await newOrder('forwarded_item')); // both hold none, neither had one: by id
    const second = await decided(await newOrder('forwarded_item')); // P holds one, Q none
    const third = await decided(await newOrder('forwarded_item')); // one each: P waited longer
    expect([first, second, third].map((o) => o.assignee.userId)).toEqual([person(LL, 'p'), person(LL, 'q'), person(LL, 'p')]);
    // Q answers theirs (no clock runs on it any more): Q holds fewest again.
    await act(second.id, 'accept', as(LL, 'q'));
    await act(second.id, 'reply', as(LL, 'q'), { result: '已处理', customerAccepted: true });
    expect((await decided(await newOrder('forwarded_item'))).assignee.userId).toBe(person(LL, 'q'));
  });

  it('everyone at the cap: the order stays in the queue and the lead gets one notice; assigning over the cap needs confirming', async () => {
    const given = [await decided(await newOrder('collection_quality')), await decided(await newOrder('collection_quality'))];
    expect(given.map((o) => o.assignee?.userId).sort()).toEqual([person(CAP, 'x'), person(CAP, 'y')]);
    const third = await decided(await newOrder('collection_quality'));
    expect(third.assignee).toBeNull();
    const notices = await s.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, third.id), eq(outbox.recipientRole, 'lead')));
    expect(notices.map((n) => n.recipientOrg)).toEqual([CAP]);
    const overCap = await act(third.id, 'assign', as(CAP, 'lead'), { assignee: person(CAP, 'x') });
    expect(overCap).toMatchObject({ status: 409, body: { error: { code: 'OVER_CAP', details: { load: 1, cap: 1 } } } });
    const confirmed = await act(third.id, 'assign', as(CAP, 'lead'), { assignee: person(CAP, 'x'), confirmOverCap: true });
    expect(confirmed.body.assignee.userId).toBe(person(CAP, 'x'));
    expect((await read(third.id)).history.at(-1)).toMatchObject({ action: 'assigned', detail: { overCap: true } });
  });
});

describe('the claim timeout and leave', () => {
  it('an assignee who does nothing within the claim timeout loses the order to the queue; the lead is told', async () => {
    const id = await newOrder('damage');
    expect((await act(id, 'claim', as(TIMEOUT, 'u'))).status).toBe(200);
    const released = await eventually(async () => {
      const o = await read(id);
      return o.assignee === null && o;
    });
    expect(released.history.at(-1)).toMatchObject({ action: 'released', actor: { userId: 'system' }, detail: { why: 'claim_timeout' } });
    const told = await s.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, id), eq(outbox.recipientRole, 'lead')));
    expect(told.map((n) => n.body)).toEqual([expect.stringContaining('认领时限')]);
    // One who acts in time keeps it.
    const kept = await newOrder('damage');
    await act(kept, 'claim', as(TIMEOUT, 'v'));
    await act(kept, 'accept', as(TIMEOUT, 'v'));
    await new Promise((r) => setTimeout(r, 2_500)); // past the timeout: nothing may happen (waiting for an absence)
    expect((await read(kept)).assignee.userId).toBe(person(TIMEOUT, 'v'));
  });

  it('when a leave begins, the person’s orders return to the queue (the department’s setting); assigning to them names the substitute', async () => {
    const id = await newOrder('out_of_area');
    await act(id, 'claim', as(LEAVE, 'm'));
    const leave = await s.request('POST', '/v1/absences', {
      token: as(LEAVE, 'm'),
      body: {
        userId: person(LEAVE, 'm'),
        startsAt: new Date(Date.now() + 1_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        substituteId: person(LEAVE, 'n'),
      },
    });
    expect(leave.status).toBe(201);
    const released = await eventually(async () => {
      const o = await read(id);
      return o.assignee === null && o;
    });
    expect(released.history.at(-1)).toMatchObject({ action: 'released', detail: { why: 'leave' } });
    // N is away too, with M as theirs: a circle, so the lead.
    await s.request('POST', '/v1/absences', {
      token: as(LEAVE, 'lead'),
      body: {
        userId: person(LEAVE, 'n'),
        startsAt: new Date(Date.now() - 1_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        substituteId: person(LEAVE, 'm'),
      },
    });
    const refused = await act(id, 'assign', as(LEAVE, 'lead'), { assignee: person(LEAVE, 'm') });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'ASSIGNEE_ABSENT', details: { substitute: person(LEAVE, 'lead') } } } });
    const people = (await s.request('GET', `/v1/orgs/${LEAVE}/people`, { token: as(LEAVE, 'o') })).body;
    expect(people.find((p: { userId: string }) => p.userId === person(LEAVE, 'm'))).toMatchObject({ absent: true, substitute: person(LEAVE, 'lead') });
    // Someone else's leave is not theirs to record.
    const notTheirs = await s.request('POST', '/v1/absences', {
      token: as(LEAVE, 'o'),
      body: { userId: person(LEAVE, 'n'), startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(notTheirs.status).toBe(403);
  });
});

describe('transfers and the return to the reviewer', () => {
  it('a transfer needs a listed reason; the receiver may refuse it (back to the sender); the fourth hop escalates', async () => {
    const id = await newOrder();
    await act(id, 'claim', t.handler);
    expect((await act(id, 'transfer', t.handler, { to: 'dept-delivery', reasonCategory: '其他' })).status).toBe(422);
    expect((await act(id, 'transfer', t.handler, { to: 'dept-delivery', reasonCategory: '随便', reason: '不归我们' })).body.error.details).toEqual([
      expect.objectContaining({ field: 'reasonCategory', rule: 'transferReason' }),
    ]);
    const moved = await act(id, 'transfer', t.handler, { to: 'dept-delivery', reasonCategory: '非本部门职责', reason: '属投递问题' });
    expect(moved.body).toMatchObject({
      assignedOrg: 'dept-delivery',
      assignee: null,
      transferCount: 1,
      pendingTransfer: { from: 'dept-operations', reason: '属投递问题' },
    });
    expect((await s.request('GET', `/v1/work-orders/${id}`, { token: t.handler })).status).toBe(404); // no longer theirs
    const refused = await act(id, 'refuse-transfer', t.otherHandler, { reason: '地址在运营区' });
    expect(refused.body).toMatchObject({ assignedOrg: 'dept-operations', assignee: { userId: 'dept-operations-handler-1' }, pendingTransfer: null });
    expect(refused.body.holds.map((h: { org: string }) => h.org)).toEqual(['dept-operations', 'dept-delivery', 'dept-operations']);
    // Three more hops (4 in all, over the policy's 3): the case escalates.
    const hop = async (from: string, to: string) => act(id, 'transfer', from, { to, reasonCategory: '需其他部门协办', reason: '协办' });
    await hop(t.handler, 'dept-delivery');
    await hop(t.otherHandler, 'dept-claims');
    expect((await s.request('GET', `/v1/escalations?subjectId=${id}`, { token: t.supervisor })).body.items).toEqual([]);
    await hop(s.token('handler', 'dept-claims', 'dept-claims-handler-1'), 'dept-operations');
    const escalation = await eventually(async () => (await s.request('GET', `/v1/escalations?subjectId=${id}`, { token: t.supervisor })).body.items[0]);
    expect(escalation).toMatchObject({ status: 'open', reason: 'transferred 4 times' });
  });

  it('misrouted at dispatch: back to the reviewer with the reason, who re-dispatches it', async () => {
    const id = await newOrder();
    const back = await act(id, 'return-to-reviewer', t.handler, { reason: '应由理赔中心处理' });
    expect(back.body).toMatchObject({ status: 'misrouted', misrouteReason: '应由理赔中心处理', allowedActions: ['note'] });
    const queue = await s.request('GET', '/v1/work-orders?status=misrouted&limit=200', { token: t.reviewer });
    expect(queue.body.items.find((o: { id: string }) => o.id === id)).toMatchObject({
      misrouteReason: '应由理赔中心处理',
      allowedActions: ['redispatch', 'escalate'],
    });
    expect((await act(id, 'redispatch', t.reviewer, { to: 'jinan' })).body.error.details).toEqual([
      expect.objectContaining({ field: 'to', rule: 'department' }),
    ]);
    const again = await act(id, 'redispatch', t.reviewer, { to: 'dept-claims' });
    expect(again.body).toMatchObject({ status: 'dispatched', assignedOrg: 'dept-claims', misrouteReason: null });
    expect((await act(id, 'accept', s.token('handler', 'dept-claims', 'dept-claims-handler-1'))).status).toBe(200);
  });
});

describe('the whole case for the department, and a conversation both ways', () => {
  it('the handler sees the demand and the phone (the showing audited); another department gets 404', async () => {
    const app = await createApplication(s, { demand: '客户要求赔偿并尽快联系', description: '外包装破损' });
    const { workOrderId } = await approve(s, app.id);
    const page = await read(workOrderId, t.handler);
    expect(page.application).toMatchObject({ demand: '客户要求赔偿并尽快联系', description: '外包装破损', customer: { name: '张三', phone: '13900000000' } });
    expect(page.mailItem.mailNumber).toBe(app.mailNumber);
    const reveals = await s.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'customer.reveal'), eq(auditLog.targetId, app.id)));
    expect(reveals.map((r) => r.actorUser)).toEqual(['dept-operations-handler-1']);
    expect((await s.request('GET', `/v1/applications/${app.id}`, { token: t.handler })).status).toBe(200);
    expect((await s.request('GET', `/v1/applications/${app.id}`, { token: t.otherHandler })).status).toBe(404);
    expect((await s.request('GET', `/v1/work-orders/${workOrderId}`, { token: t.otherHandler })).status).toBe(404);
    const list = await s.request('GET', `/v1/applications?mailNumber=${app.mailNumber}`, { token: t.office });
    expect(list.body.items[0].customer.phone).toBe('139****0000');
  });

  it('the department asks, the office’s append answers; internal notes stay with the department', async () => {
    const id = await newOrder();
    await act(id, 'claim', t.handler);
    const asked = await act(id, 'ask', t.handler, { question: '请提供收件人新地址' });
    expect(asked.body.openQuestion).toMatchObject({ text: '请提供收件人新地址', by: { userId: 'dept-operations-handler-1' } });
    const told = await s.db.db.select().from(outbox).where(eq(outbox.caseId, id));
    expect(told.filter((n) => n.body.includes('请求补充')).map((n) => n.recipientUser ?? n.recipientRole)).toEqual(['jinan-agent-1', 'office']);
    const answered = await act(id, 'append', t.office, { info: '新地址：济南市历下区' });
    expect(answered.body.openQuestion).toBeNull();
    await act(id, 'note', t.handler, {
      note: '客户情绪激动，注意沟通',
      attachments: [{ name: '通话记录.txt', contentType: 'text/plain', contentBase64: Buffer.from('通话').toString('base64') }],
    });
    const forOffice = await read(id, t.office);
    expect(forOffice.history.map((h: { action: string }) => h.action)).toEqual(['dispatched', 'claimed', 'asked', 'appended']);
    expect(forOffice.application.attachments).toEqual([]);
    const forDepartment = await read(id, t.handler);
    expect(forDepartment.history.at(-1)).toMatchObject({ action: 'note', internal: true, detail: { note: '客户情绪激动，注意沟通' } });
    expect(forDepartment.history.find((h: { action: string }) => h.action === 'appended').detail).toMatchObject({ answers: '请提供收件人新地址' });
    const file = forDepartment.application.attachments[0];
    expect(file).toMatchObject({ name: '通话记录.txt', visibility: 'department' });
    const appId = forDepartment.applicationId;
    expect((await s.request('GET', `/v1/applications/${appId}/attachments/${file.id}`, { token: t.office })).status).toBe(404);
    expect((await s.request('GET', `/v1/applications/${appId}/attachments/${file.id}`, { token: t.handler })).status).toBe(200);
    const rows = await s.db.db
      .select()
      .from(history)
      .where(and(eq(history.caseId, id), eq(history.action, 'note')));
    expect(rows.map((r) => r.visibility)).toEqual(['department']);
  });
});

describe('the queue', () => {
  it('running: only orders with a clock running (the department’s to-do), in the list and its counts alike', async () => {
    const app = await createApplication(s);
    const id = (await approve(s, app.id)).workOrderId;
    const list = async (q: string) => (await s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}&${q}`, { token: t.handler })).body.items.length;
    const counted = async (q: string) => (await s.request('GET', `/v1/work-orders/facets?mailNumber=${app.mailNumber}&${q}`, { token: t.handler })).body.all;
    expect([await list('running=true'), await counted('running=true'), await list('running=false')]).toEqual([1, 1, 0]);
    await act(id, 'accept', t.handler);
    await act(id, 'reply', t.handler, { result: '已投递', customerAccepted: true });
    // Answered: off the to-do, still found without the filter.
    expect([await list('running=true'), await counted('running=true'), await list('running=false'), await list('open=true')]).toEqual([0, 0, 1, 1]);
  });
});
