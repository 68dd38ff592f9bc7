// Office reports against hand-computed truth on a generated data set (bulk-inserted for a period
// no other test touches), the CSV form, and the trigger-kept daily counts staying in step with
// later updates and deletes for periods that start and end mid-day.
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, workOrders } from '../../db/schema.js';
import { prng, seedReportData, type Truth } from '../helpers/report-data.js';
import { startTestService, type TestService } from '../helpers/service.js';

let s: TestService;
const FROM = Date.parse('2016-05-01T00:00:00Z');
const TO = Date.parse('2016-07-01T00:00:00Z');

let truth: Map<string, Truth>;

beforeAll(async () => {
  s = await startTestService();
  truth = await seedReportData(s.db.db, FROM, TO);
});
afterAll(async () => {
  await s?.stop();
});

const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
const url = `/v1/reports/offices?from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`;

describe('office report', () => {
  it('matches hand-computed figures for every office, zeros included', async () => {
    const res = await s.request('GET', url, { token: s.token('reviewer', 'province') });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(17);
    for (const row of res.body) {
      const t = truth.get(row.org)!;
      expect(row, row.org).toMatchObject({
        created: t.created,
        reviewed: t.reviewed,
        returned: t.returned,
        returnRate: rate(t.returned, t.reviewed),
        becameOrders: t.became,
        onTimeResponseRate: rate(t.respOnTime, t.respDue),
        onTimeResolutionRate: rate(t.resOnTime, t.resDue),
        open: t.open,
        overdue: t.overdue,
        escalationsByLevel: t.levels,
      });
    }
    expect(res.body.find((r: { org: string }) => r.org === 'taian')).toMatchObject({ created: 0, returnRate: null });
    const counts = res.body.map((r: { created: number }) => r.created);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('an office sees only its own row; a period with nothing is all zeros', async () => {
    const own = await s.request('GET', url, { token: s.token('office', 'qingdao') });
    expect(own.body.map((r: { org: string }) => r.org)).toEqual(['qingdao']);
    const empty = await s.request('GET', '/v1/reports/offices?from=2001-01-01T00:00:00Z&to=2001-02-01T00:00:00Z', { token: s.token('ops', 'province') });
    expect(empty.status).toBe(200);
    // Every office is listed (17), each with nothing in it.
    expect(empty.body).toHaveLength(17);
    const nothing = {
      created: 0,
      reviewed: 0,
      returned: 0,
      returnRate: null,
      becameOrders: 0,
      onTimeResponseRate: null,
      onTimeResolutionRate: null,
      open: 0,
      overdue: 0,
      escalationsByLevel: {},
    };
    for (const row of empty.body) expect(row, row.org).toMatchObject(nothing);
    expect(
      (await s.request('GET', '/v1/reports/offices?from=2016-07-01T00:00:00Z&to=2016-05-01T00:00:00Z', { token: s.token('ops', 'province') })).status,
    ).toBe(400);
    expect((await s.request('GET', '/v1/reports/offices', { token: s.token('ops', 'province') })).status).toBe(400);
  });

  it('answers CSV for Accept: text/csv, with the same figures', async () => {
    const res = await s.request('GET', url, { token: s.token('reviewer', 'province'), headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    const lines = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('org,name,created,reviewed,returned,returnRate,becameOrders,onTimeResponseRate,onTimeResolutionRate,open,overdue,escalationsByLevel');
    expect(lines).toHaveLength(18);
    const jinan = lines.find((l) => l.startsWith('jinan,'))!.split(',');
    const t = truth.get('jinan')!;
    expect(jinan[1]).toBe('济南市邮政分公司');
    expect(jinan.slice(2, 5).map(Number)).toEqual([t.created, t.reviewed, t.returned]);
  });

  it('stays in step with later updates and deletes, for periods that start and end mid-day', async () => {
    const db = s.db.db;
    const rnd = prng(7);
    const apps = await db
      .select()
      .from(applications)
      .where(and(gte(applications.createdAt, new Date(FROM)), lt(applications.createdAt, new Date(TO))));
    const orders = await db
      .select()
      .from(workOrders)
      .where(and(gte(workOrders.createdAt, new Date(FROM)), lt(workOrders.createdAt, new Date(TO))));
    // Transitions as the workflows make them: single-row upserts, and a few multi-row statements.
    for (const a of apps.filter(() => rnd() < 0.2)) {
      await db
        .update(applications)
        .set({ status: 'closed', becameOrder: rnd() < 0.5, reviewCount: a.reviewCount + 1, overdue: rnd() < 0.5 })
        .where(eq(applications.id, a.id));
    }
    await db
      .update(applications)
      .set({ overdue: true })
      .where(
        inArray(
          applications.id,
          apps.filter(() => rnd() < 0.1).map((a) => a.id),
        ),
      );
    // The projection's own statement: insert … on conflict do update (both statement triggers fire).
    for (const a of apps.filter(() => rnd() < 0.1)) {
      const { id: _id, ...rest } = a;
      await db
        .insert(applications)
        .values({ ...a, returnCount: a.returnCount + 1, status: 'returned' })
        .onConflictDoUpdate({ target: applications.id, set: { ...rest, returnCount: a.returnCount + 1, status: 'returned' } });
    }
    for (const o of orders.filter(() => rnd() < 0.3)) {
      const answered = rnd() < 0.5;
      await db
        .update(workOrders)
        .set({
          respondedAt: answered ? new Date(o.createdAt.getTime() + 3_600_000) : null,
          responseDeadline: answered ? o.responseDeadline : new Date('2099-01-01T00:00:00Z'), // unanswered but not yet due
          status: rnd() < 0.5 ? 'closed' : 'accepted',
          overdue: rnd() < 0.3,
        })
        .where(eq(workOrders.id, o.id));
    }
    await db.delete(workOrders).where(
      inArray(
        workOrders.id,
        orders.filter(() => rnd() < 0.05).map((o) => o.id),
      ),
    );

    const periods: [string, string][] = [
      ['2016-05-03T05:17:00Z', '2016-06-20T13:01:00Z'], // partial days at both edges
      ['2016-05-10T00:00:00Z', '2016-05-24T18:30:00Z'], // whole days, then a partial one
      ['2016-06-02T03:00:00Z', '2016-06-02T21:00:00Z'], // inside one day
      ['2016-05-31T12:00:00Z', '2016-06-01T12:00:00Z'], // across one midnight, no whole day
      [new Date(FROM).toISOString(), new Date(TO).toISOString()],
    ];
    for (const [from, to] of periods) {
      const res = await s.request('GET', `/v1/reports/offices?from=${from}&to=${to}`, { token: s.token('ops', 'province') });
      expect(res.status).toBe(200);
      const expected = await countedFromRows(new Date(from), new Date(to));
      expect(res.body).toHaveLength(17); // every office, even those with nothing in the period
      for (const row of res.body) expect(row, `${row.org} ${from}..${to}`).toMatchObject(expected.get(row.org) ?? zeros);
    }
  });

  it('the trigger-kept daily counts equal a recount of every row (what the migration backfills)', async () => {
    // One statement, one snapshot: other test files write cases meanwhile, each with its counts.
    // (A bucket whose counts are all zero counts nothing either way.)
    const differing = async (table: string, between: string, counts: string) => {
      const { rows } = await s.db.pool.query(`
        with kept as (select * from ${table} where (${counts}) <> (0, 0, 0, 0, 0, 0)),
             recount as (select * from ${between}('-infinity', 'infinity') where (${counts}) <> (0, 0, 0, 0, 0, 0))
        select count(*)::int as n from ((select * from kept except select * from recount) union all (select * from recount except select * from kept)) d`);
      return rows[0].n;
    };
    expect(await differing('application_daily_counts', 'application_counts_between', 'created, reviewed, returned, became_orders, open, overdue')).toBe(0);
    expect(
      await differing('work_order_daily_counts', 'work_order_counts_between', 'responded, on_time_responses, resolved, on_time_resolutions, open, overdue'),
    ).toBe(0);
  });
});

const zeros = { created: 0, reviewed: 0, returned: 0, becameOrders: 0, open: 0, overdue: 0, onTimeResponseRate: null, onTimeResolutionRate: null };

/** The report's figures for a period, taken straight from the case rows (the definitions in domain.md §5). */
async function countedFromRows(from: Date, to: Date) {
  const db = s.db.db;
  const now = Date.now();
  const apps = await db
    .select()
    .from(applications)
    .where(and(gte(applications.createdAt, from), lt(applications.createdAt, to)));
  const orders = await db
    .select()
    .from(workOrders)
    .where(and(gte(workOrders.createdAt, from), lt(workOrders.createdAt, to)));
  const byOrg = new Map<
    string,
    {
      created: number;
      reviewed: number;
      returned: number;
      becameOrders: number;
      open: number;
      overdue: number;
      respDue: number;
      respOnTime: number;
      resDue: number;
      resOnTime: number;
    }
  >();
  const of = (org: string) =>
    byOrg.get(org) ??
    byOrg
      .set(org, { created: 0, reviewed: 0, returned: 0, becameOrders: 0, open: 0, overdue: 0, respDue: 0, respOnTime: 0, resDue: 0, resOnTime: 0 })
      .get(org)!;
  for (const a of apps) {
    const t = of(a.org);
    t.created++;
    if (a.reviewCount > 0) t.reviewed++;
    if (a.returnCount > 0) t.returned++;
    if (a.becameOrder) t.becameOrders++;
    if (a.status !== 'closed') t.open++;
    if (a.status !== 'closed' && a.overdue) t.overdue++;
  }
  for (const o of orders) {
    const t = of(o.org);
    if (o.respondedAt || o.responseDeadline.getTime() < now) t.respDue++;
    if (o.respondedAt && o.respondedAt <= o.responseDeadline) t.respOnTime++;
    if (o.resolvedAt || o.resolutionDeadline.getTime() < now) t.resDue++;
    if (o.resolvedAt && o.resolvedAt <= o.resolutionDeadline) t.resOnTime++;
    if (o.status !== 'closed') t.open++;
    if (o.status !== 'closed' && o.overdue) t.overdue++;
  }
  return new Map(
    [...byOrg].map(([org, t]) => [
      org,
      {
        created: t.created,
        reviewed: t.reviewed,
        returned: t.returned,
        becameOrders: t.becameOrders,
        open: t.open,
        overdue: t.overdue,
        onTimeResponseRate: rate(t.respOnTime, t.respDue),
        onTimeResolutionRate: rate(t.resOnTime, t.resDue),
      },
    ]),
  );
}
