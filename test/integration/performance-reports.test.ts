// How each department and each person performs, asserted figure by figure on a known month.
//
// Six work orders are driven through the API on the real stack (claims, a lead's assignment, a
// transfer refused, a return to the reviewer and re-dispatch, a pause, replies, closures, a reopen,
// return visits, urges, a response deadline really missed and its escalation raised by an urge).
// Real time cannot be skipped, so once each order has lived its life its recorded times are moved
// with SQL to known instants of October 2026 in Shanghai — every history entry's `at`, the
// deadlines its dispatch and reactivation entries name, and the order's row — and its facts are
// rebuilt from the moved history (what `npm run performance -- rebuild` does). Then every figure of
// the departments and people reports is asserted exactly, by hand: business minutes across a
// weekend (Fri 16 → Mon 19 October), the National Day holidays (30 September → 8 October) and the
// worked Saturday 10 October, paused time excluded; and each figure's drill-down is as long as it.
import { randomBytes } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFacts, dailyDiffers, rebuildFacts } from '../../db/performance.js';
import { history, organisations, users, workOrders } from '../../db/schema.js';
import { FIGURES, type FigureName } from '../../domain/performance.js';
import { csvCell } from '../../api/services/performance-export.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, testPolicy, type TestService } from '../helpers/service.js';

const tag = randomBytes(3).toString('hex');
const A = `perf-a-${tag}`;
const B = `perf-b-${tag}`;
const person = (org: string, id: string) => `${org}-${id}`;
const [a1, a2, aLead, b1] = [person(A, 'a1'), person(A, 'a2'), person(A, 'lead'), person(B, 'b1')];

const CALENDAR = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  hours: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkingDays: ['2026-10-10'],
};
const POLICY = {
  calendars: { default: CALENDAR },
  workOrder: {
    routing: { byCategory: { delay: A, shortage: A } },
    byCategory: [
      { category: 'delay' as const, response: '2h', resolution: '16h', clock: 'default' },
      // Missed for real within the test: its response deadline passes a second after dispatch.
      { category: 'shortage' as const, response: '1s', resolution: '1h', clock: 'calendar' },
    ],
  },
  clocks: { warnings: { response: [], resolution: [], level: [] } },
};

let s: TestService;
let t: ReturnType<typeof tokens>;
const as = (userId: string, org: string) => s.token('handler', org, userId);
const act = async (id: string, action: string, token: string, body: unknown = {}) => {
  const res = await s.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const order = async (problemCategory = 'delay') => (await approve(s, (await createApplication(s, { problemCategory })).id)).workOrderId;
const actions = async (id: string) =>
  (await s.db.db.select({ action: history.action }).from(history).where(eq(history.caseId, id)).orderBy(asc(history.at), asc(history.id))).map((h) => h.action);

/** Shanghai wall time as a Date. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** Each planned entry: its action, when it happened in October, and what its detail says then. */
type Plan = [action: string, local: string, detail?: Record<string, unknown>][];

/**
 * Moves an order's recorded times to the plan's instants: its history entries (in recorded order,
 * which must be the plan's actions), the deadlines they name, and its row; then its facts are
 * rebuilt from the moved history.
 */
async function moveTo(id: string, plan: Plan) {
  const entries = await s.db.db
    .select({ id: history.id, action: history.action })
    .from(history)
    .where(eq(history.caseId, id))
    .orderBy(asc(history.at), asc(history.id));
  expect(
    entries.map((e) => e.action),
    id,
  ).toEqual(plan.map(([action]) => action));
  for (const [i, e] of entries.entries()) {
    const [, local, detail] = plan[i]!;
    const patch = Object.fromEntries(Object.entries(detail ?? {}).map(([k, v]) => [k, sh(v as string).toISOString()]));
    await s.db.db
      .update(history)
      .set({ at: sh(local), detail: sql`${history.detail} || ${JSON.stringify(patch)}::jsonb` })
      .where(eq(history.id, e.id));
  }
  const dispatched = sh(plan[0]![1]);
  await s.db.db
    .update(workOrders)
    .set({ createdAt: dispatched, dispatchedAt: dispatched, updatedAt: sh(plan.at(-1)![1]) })
    .where(eq(workOrders.id, id));
}

const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};
const OCTOBER = `from=${sh('2026-10-01T00:00:00').toISOString()}&to=${sh('2026-11-01T00:00:00').toISOString()}`;

beforeAll(async () => {
  s = await startTestService({ policy: POLICY });
  t = tokens(s);
  for (const [code, people] of [
    [A, ['a1', 'a2', 'lead']],
    [B, ['b1']],
  ] as const) {
    await s.db.db.insert(organisations).values({ code, name: `绩效部门${code.slice(5, 6).toUpperCase()}`, kind: 'department' });
    await s.db.db.insert(users).values(
      people.map((p) => ({
        id: person(code, p),
        login: person(code, p),
        name: `${p.toUpperCase()}同事`,
        org: code,
        roles: ['handler' as const],
        lead: p === 'lead',
      })),
    );
  }

  // O1: a weekend between dispatch and the response; claimed, accepted late, urged, paused a day, answered, closed, visited (5).
  ids.o1 = await order();
  await act(ids.o1, 'claim', as(a1, A));
  await act(ids.o1, 'accept', as(a1, A));
  await act(ids.o1, 'urge', t.office, {});
  await act(ids.o1, 'pause', as(a1, A), { reasonCategory: '等待第三方', reason: '等待海关', until: new Date(Date.now() + 3_600_000).toISOString() });
  await act(ids.o1, 'resume', as(a1, A));
  await act(ids.o1, 'reply', as(a1, A), { result: '已投递', customerAccepted: true });
  await act(ids.o1, 'close', t.reviewer, { meetsStandard: true });
  await act(ids.o1, 'return-visit', t.reviewer, { satisfaction: 5 });

  // O2: dispatched on the eve of National Day; transferred to B, refused back, answered after the holidays, closed below standard,
  // reopened on the worked Saturday, claimed and accepted late in its second cycle (still open at the month's end).
  ids.o2 = await order();
  await act(ids.o2, 'transfer', as(a2, A), { to: B, reasonCategory: '非本部门职责', reason: '属B部门' });
  await act(ids.o2, 'refuse-transfer', as(b1, B), { reason: '不属本部门' });
  await act(ids.o2, 'accept', as(a2, A));
  await act(ids.o2, 'reply', as(a2, A), { result: '已联系', customerAccepted: false });
  await act(ids.o2, 'close', t.reviewer, { meetsStandard: false });
  await act(ids.o2, 'reactivate', t.office, { reason: '客户仍未收到' });
  await act(ids.o2, 'claim', as(a1, A));
  await act(ids.o2, 'accept', as(a1, A));

  // O3: sent back to the reviewer, re-dispatched to B, taken from B's queue by accepting, answered, closed, visited (3).
  ids.o3 = await order();
  await act(ids.o3, 'return-to-reviewer', as(a1, A), { reason: '派错部门' });
  await act(ids.o3, 'redispatch', t.reviewer, { to: B });
  await act(ids.o3, 'accept', as(b1, B));
  await act(ids.o3, 'reply', as(b1, B), { result: '已赔付', customerAccepted: true });
  await act(ids.o3, 'close', t.reviewer, { meetsStandard: true });
  await act(ids.o3, 'return-visit', t.reviewer, { satisfaction: 3 });

  // O4: nobody answers; its response deadline passes for real, the escalation opens, an urge on the overdue order raises it to level 2.
  ids.o4 = await order('shortage');
  await eventually(async () => (await actions(ids.o4!)).includes('escalation_level'));
  await act(ids.o4, 'urge', t.office, {});
  await eventually(async () => (await actions(ids.o4!)).filter((a) => a === 'escalation_level').length === 2);

  // O5: the lead assigns it to a2, who answers; replied, not closed by the month's end.
  ids.o5 = await order();
  await act(ids.o5, 'assign', as(aLead, A), { assignee: a2 });
  await act(ids.o5, 'accept', as(a2, A));
  await act(ids.o5, 'reply', as(a2, A), { result: '已投递', customerAccepted: true });

  // O6: November's, not October's.
  ids.o6 = await order();
  await act(ids.o6, 'accept', as(a1, A));
  const rows = await s.db.db
    .select({ id: workOrders.id, number: workOrders.number })
    .from(workOrders)
    .where(inArray(workOrders.id, Object.values(ids)));
  for (const [k, id] of Object.entries(ids)) numbers[k] = rows.find((r) => r.id === id)!.number;
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

const report = async (path: string, token = t.reviewer) => {
  const res = await s.request('GET', path, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const rowOf = (body: { rows: { org: string; person: string | null }[] }, org: string, who: string | null = null) =>
  body.rows.find((r) => r.org === org && r.person === who) as unknown as { figures: Record<string, unknown>; previous?: Record<string, unknown> };

describe('the facts kept with every transition', () => {
  it('equal a recount of each order’s history (before anything is moved)', async () => {
    expect(await checkFacts(s.db.db, testPolicy(POLICY), { orderIds: Object.values(ids) })).toEqual({ orders: 6, differing: [] });
  });
  it('and the trigger-kept daily counts equal a recount of every fact (other files’ too, in one snapshot)', async () => {
    expect(await dailyDiffers(s.db.db)).toBe(0);
  });
});

describe('a known October', () => {
  beforeAll(async () => {
    const deadlines = (response: string, resolution: string) => ({ responseDeadline: response, resolutionDeadline: resolution });
    await moveTo(ids.o1!, [
      ['dispatched', '2026-10-16T16:00:00', deadlines('2026-10-19T09:00:00', '2026-10-21T10:30:00')],
      ['claimed', '2026-10-19T08:45:00'],
      ['accepted', '2026-10-19T09:30:00'],
      ['urged', '2026-10-19T10:00:00'],
      ['paused', '2026-10-20T10:00:00'],
      ['resumed', '2026-10-21T10:00:00'],
      ['replied', '2026-10-21T11:00:00'],
      ['closed', '2026-10-22T09:00:00'],
      ['return_visit', '2026-10-22T15:00:00'],
    ]);
    await moveTo(ids.o2!, [
      ['dispatched', '2026-09-30T17:00:00', deadlines('2026-10-08T09:00:00', '2026-10-20T17:00:00')],
      ['transferred', '2026-10-08T08:40:00'],
      ['transfer_refused', '2026-10-08T08:50:00'],
      ['accepted', '2026-10-08T09:00:00'],
      ['replied', '2026-10-09T09:00:00'],
      ['closed', '2026-10-09T10:00:00'],
      ['reactivated', '2026-10-10T09:00:00', deadlines('2026-10-10T11:00:00', '2026-10-30T17:00:00')],
      ['claimed', '2026-10-12T09:00:00'],
      ['accepted', '2026-10-12T09:20:00'],
    ]);
    await moveTo(ids.o3!, [
      ['dispatched', '2026-10-12T09:00:00', deadlines('2026-10-12T11:00:00', '2026-10-14T09:00:00')],
      ['returned_to_reviewer', '2026-10-12T09:30:00'],
      ['redispatched', '2026-10-12T10:30:00'],
      ['accepted', '2026-10-12T10:45:00'],
      ['replied', '2026-10-13T09:00:00'],
      ['closed', '2026-10-13T10:00:00'],
      ['return_visit', '2026-10-13T11:00:00'],
    ]);
    await moveTo(ids.o4!, [
      ['dispatched', '2026-10-26T09:00:00', deadlines('2026-10-26T10:00:00', '2026-10-26T17:00:00')],
      ['response_overdue', '2026-10-26T10:00:00', { deadline: '2026-10-26T10:00:00' }],
      ['escalation_level', '2026-10-26T10:05:00'],
      ['urged', '2026-10-27T09:00:00'],
      ['escalation_level', '2026-10-27T09:05:00'],
    ]);
    await moveTo(ids.o5!, [
      ['dispatched', '2026-10-27T14:00:00', deadlines('2026-10-27T16:00:00', '2026-10-29T14:00:00')],
      ['assigned', '2026-10-27T14:30:00'],
      ['accepted', '2026-10-27T15:00:00'],
      ['replied', '2026-10-28T09:00:00'],
    ]);
    await moveTo(ids.o6!, [
      ['dispatched', '2026-11-02T09:00:00', deadlines('2026-11-02T11:00:00', '2026-11-04T09:00:00')],
      ['accepted', '2026-11-02T09:30:00'],
    ]);
    expect(await rebuildFacts(s.db.db, testPolicy(POLICY), { orderIds: Object.values(ids) })).toMatchObject({ orders: 6 });
    // The daily counts followed the moved facts (triggers): October's whole days are read from them.
    expect(await dailyDiffers(s.db.db)).toBe(0);
  });

  it('department A: every figure, by hand', async () => {
    const body = await report(`/v1/reports/departments?${OCTOBER}&compare=previous`);
    expect(rowOf(body, A).figures).toEqual({
      // Arrivals: O1, O3, O4, O5 dispatched, O2 reopened (its refused transfer coming back is no arrival; its dispatch was September's).
      received: 5,
      closed: 2,
      // Waiting on A at midnight 1 November: O2 since its reopening (21 days), O4 since 26 October (5½ days). O5 is answered.
      open: 2,
      backlogUpTo1d: 0,
      backlogUpTo3d: 0,
      backlogUpTo7d: 1,
      backlogOlder: 1,
      // Business minutes from dispatch: O1 150 (Fri 16:00–17:30, Mon 08:30–09:30), O2 60 (30 Sep 17:00–17:30, 8 Oct 08:30–09:00),
      // O2 again 470 (the worked Saturday 09:00–17:30 less lunch, Mon 08:30–09:20), O5 60.
      responses: 4,
      responseMedianMinutes: 105,
      responseP90Minutes: 374,
      // In time: O2 (first cycle), O5. Missed: O1 at Mon 09:00, O2’s second cycle at Sat 11:00, O4 at its deadline.
      responsesOnTime: 2,
      responsesMissed: 3,
      onTimeResponseRate: 0.4,
      // O1 690 (1140 less the pause Tue 10:00 → Wed 10:00, 450), O2 510, O5 240: all by their deadlines (O1’s moved by the pause).
      resolutions: 3,
      resolutionMedianMinutes: 510,
      resolutionP90Minutes: 654,
      resolutionsOnTime: 3,
      resolutionsMissed: 0,
      onTimeResolutionRate: 1,
      // O1 1020, O2 570.
      closeMedianMinutes: 795,
      closeP90Minutes: 975,
      escalations: 1,
      escalationsByLevel: { '2': 1 },
      reopened: 1,
      reopenRate: 0.5,
      transfers: 1,
      transfersPerOrder: 0.2,
      refusedTransfers: 0,
      returnedToReviewer: 1,
      urges: 2,
      urgesPerOrder: 0.4,
      visits: 1,
      visitRate: 0.5,
      satisfied: 1,
      satisfiedShare: 1,
      satisfactionAverage: 5,
      satisfactionScores: { '5': 1 },
    });
    // September: O2's dispatch, still waiting on A at its end (7 hours).
    expect(rowOf(body, A).previous).toMatchObject({ received: 1, responses: 0, open: 1, backlogUpTo1d: 1 });
    expect(rowOf(body, B).figures).toMatchObject({
      received: 2,
      closed: 1,
      open: 0,
      responses: 1,
      responseMedianMinutes: 105,
      responsesOnTime: 1,
      onTimeResponseRate: 1,
      resolutionMedianMinutes: 450,
      closeMedianMinutes: 510,
      refusedTransfers: 1,
      transfers: 0,
      visits: 1,
      satisfied: 0,
      satisfiedShare: 0,
      satisfactionAverage: 3,
      satisfactionScores: { '3': 1 },
    });
  });

  it('people: each one’s minutes from being given the order; a lead assigning is credited nothing', async () => {
    const body = await report(`/v1/reports/people?${OCTOBER}&org=${A}`);
    expect(body.rows.map((r: { person: string }) => r.person).sort()).toEqual([a1, a2, aLead].sort());
    expect(rowOf(body, A, a1).figures).toMatchObject({
      received: 2,
      open: 1,
      backlogOlder: 1,
      // From the claims: O1 45 (08:45 → 09:30), O2 20 (09:00 → 09:20).
      responses: 2,
      responseMedianMinutes: 32.5,
      responsesOnTime: 0,
      // O1’s deadline passed while a1 held it; O2’s second deadline while nobody did.
      responsesMissed: 1,
      resolutions: 1,
      closed: 1,
      urges: 1,
      returnedToReviewer: 1,
      satisfactionAverage: 5,
    });
    expect(rowOf(body, A, a2).figures).toMatchObject({
      received: 2,
      responses: 2,
      // O2 10 (given back at 08:50 when B refused), O5 30 (assigned 14:30).
      responseMedianMinutes: 20,
      responsesOnTime: 2,
      resolutions: 2,
      resolutionMedianMinutes: 375,
      closed: 1,
      reopened: 1,
      transfers: 1,
    });
    expect(rowOf(body, A, aLead).figures).toMatchObject({ received: 0, responses: 0, responseMedianMinutes: null });
    const b = await report(`/v1/reports/people?${OCTOBER}&org=${B}`);
    expect(rowOf(b, B, b1).figures).toMatchObject({ received: 1, responses: 1, responseMedianMinutes: 105, refusedTransfers: 1, visits: 1 });
  });

  it('per problem category, within what the caller sees', async () => {
    const body = await report(`/v1/reports/departments?${OCTOBER}&by=category&org=${A}`);
    expect(body.rows).toHaveLength(11);
    expect(body.rows.find((r: { category: string }) => r.category === 'shortage').figures).toMatchObject({ received: 1, escalations: 1, responsesMissed: 1 });
    expect(body.rows.find((r: { category: string }) => r.category === 'delay').figures).toMatchObject({ received: 4, responses: 4 });
  });

  it('every figure drills down to its cases, as many as it counts', async () => {
    const body = await report(`/v1/reports/departments?${OCTOBER}&org=${A}`);
    const figures = rowOf(body, A).figures;
    for (const name of Object.keys(FIGURES) as FigureName[]) {
      const def = FIGURES[name];
      const listed: string[] = [];
      let cursor: string | null = null;
      let total = -1;
      do {
        const page: { total: number; items: { number: string }[]; nextCursor: string | null } = await report(
          `/v1/reports/performance/cases?figure=${name}&org=${A}&${OCTOBER}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        total = page.total;
        listed.push(...page.items.map((i) => i.number));
        cursor = page.nextCursor;
      } while (cursor);
      expect(listed, name).toHaveLength(total);
      const value = figures[name];
      if (def.agg === 'count') expect(total, name).toBe(value);
      else if (def.agg === 'distribution') expect(total, name).toBe(Object.values(value as Record<string, number>).reduce((a, b) => a + b, 0));
    }
    const missed = await report(`/v1/reports/performance/cases?figure=responsesMissed&org=${A}&${OCTOBER}`);
    expect(missed.items.map((i: { number: string }) => i.number)).toEqual([numbers.o2, numbers.o1, numbers.o4]);
    const level2 = await report(`/v1/reports/performance/cases?figure=escalationsByLevel&value=2&org=${A}&${OCTOBER}`);
    expect(level2).toMatchObject({ total: 1, items: [{ number: numbers.o4, level: 2 }] });
    // The sample of a median: the responses, each with its minutes.
    const sample = await report(`/v1/reports/performance/cases?figure=responseMedianMinutes&org=${A}&${OCTOBER}`);
    expect(sample.items.map((i: { minutes: number }) => i.minutes)).toEqual([60, 470, 150, 60]);
  });

  it('scoped: a handler sees their own department and themselves, a lead their people, an office nothing', async () => {
    const own = await report(`/v1/reports/departments?${OCTOBER}`, as(a1, A));
    expect(own.rows.map((r: { org: string }) => r.org)).toEqual([A]);
    expect((await s.request('GET', `/v1/reports/departments?${OCTOBER}&org=${B}`, { token: as(a1, A) })).status).toBe(404);
    const self = await report(`/v1/reports/people?${OCTOBER}`, as(a1, A));
    expect(self.rows.map((r: { person: string }) => r.person)).toEqual([a1]);
    expect((await s.request('GET', `/v1/reports/performance/cases?figure=received&report=people&person=${a2}&${OCTOBER}`, { token: as(a1, A) })).status).toBe(
      404,
    );
    const lead = await report(`/v1/reports/people?${OCTOBER}`, as(aLead, A));
    expect(lead.rows.map((r: { person: string }) => r.person).sort()).toEqual([a1, a2, aLead].sort());
    expect((await s.request('GET', `/v1/reports/departments?${OCTOBER}`, { token: t.office })).status).toBe(403);
    const bad = await s.request('GET', `/v1/reports/departments?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z`, { token: t.reviewer });
    expect(bad).toMatchObject({ status: 400, body: { error: { details: [{ field: 'from', rule: 'before to' }] } } });
  });

  it('the on-time trend per department and week', async () => {
    const body = await report(`/v1/reports/departments/trend?${OCTOBER}&interval=month&org=${A}`);
    expect(body.points).toEqual([
      expect.objectContaining({
        org: A,
        start: sh('2026-10-01T00:00:00').toISOString(),
        responsesOnTime: 2,
        responsesMissed: 3,
        onTimeResponseRate: 0.4,
        onTimeResolutionRate: 1,
      }),
    ]);
  });

  it('exports: CSV of the figures and of every case, XLSX with both sheets', async () => {
    const csv = await s.request('GET', `/v1/reports/departments?${OCTOBER}&org=${A}&format=csv`, { token: t.reviewer });
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['部门', '代码', '受理量', '结案量']);
    expect(lines[1]!.split(',').slice(1, 5)).toEqual([A, '5', '2', '2']);
    const cases = await s.request('GET', `/v1/reports/departments?${OCTOBER}&org=${A}&format=csv&rows=cases`, { token: t.reviewer });
    const caseLines = String(cases.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const [{ n }] = (
      await s.db.pool.query(`select count(*)::int as n from performance_facts where org = $1 and at >= $2 and at < $3`, [
        A,
        sh('2026-10-01T00:00:00'),
        sh('2026-11-01T00:00:00'),
      ])
    ).rows;
    expect(caseLines).toHaveLength(n + 1);
    const xlsx = await s.app!.inject({
      method: 'GET',
      url: `/v1/reports/people?${OCTOBER}&org=${A}&format=xlsx`,
      headers: { authorization: `Bearer ${t.reviewer}` },
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const summary = book.getWorksheet('汇总')!;
    const a1Row = summary.getSheetValues().find((r) => Array.isArray(r) && r.includes(a1)) as unknown[];
    expect(a1Row.slice(4, 6)).toEqual([2, 1]); // received, closed
    expect(book.getWorksheet('明细')!.actualRowCount).toBeGreaterThan(1);
  });

  it('a cell a spreadsheet would run as a formula is neutralised', () => {
    expect(['=SUM(A1)', '+1', '-2', '@x', 'ok', 'a,b'].map(csvCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@x", 'ok', '"a,b"']);
    expect(csvCell(-2)).toBe('-2');
  });
});
