// The record at scale: `rows` applications generated straight into Postgres (17 offices weighted
// like a province's cities, six months, realistic statuses; 80 % of closed ones became work
// orders), then the list endpoint with each filter and the report endpoint, timed through the API.
import pg from 'pg';
import { OFFICES } from '../../db/seed.js';
import { driverTokens } from '../../harness/lifecycle-driver.js';
import { createSigner } from 'fast-jwt';
import { withIndexesDeferred } from '../bulk-load.js';
import { round, summarize, timedFetch } from '../http.js';

export async function generateRows(databaseUrl: string, rows: number): Promise<{ seconds: number; sample: { number: string; mailNumber: string } }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    const offices = `array[${OFFICES.map(([code]) => `'${code}'`).join(',')}]`;
    await client.query('select setseed(0.2026)');
    // One pass draws every random choice per row; the skew (pow) makes the first offices busiest.
    await client.query(
      `
      create temp table gen as
      select g, (${offices})[1 + floor(pow(random(), 1.7) * 17)::int] as org,
             now() - random() * interval '182 days' as created_at,
             random() as r_status, random() as r_order, random() as r_return, random() as r_cat, random() as r_time
      from generate_series(1, $1::int) g`,
      [rows],
    );
    // The applications' and work orders' triggers write each case's search document (bench/bulk-load.ts).
    await withIndexesDeferred(client, ['case_search'], async () => {
      await client.query(`
        insert into mail_items (mail_number, collecting_org, business_type, accepted_at, external_dispatches)
        select 'QB' || lpad(g::text, 10, '0'), org, 'express_parcel', created_at - interval '2 days', '[]'::jsonb from gen`);
      await client.query(`
        insert into applications (id, number, workflow_id, mail_number, org, created_by, business_type, problem_category, complexity,
                                  demand, customer_name, customer_phone, status, became_order, review_count, return_count, overdue,
                                  review_deadline, first_reviewed_at, closed_at, created_at, updated_at, seq)
        select gen_random_uuid(), 'SQ-' || to_char(created_at, 'YYYYMMDD') || '-B' || lpad(g::text, 7, '0'), 'application-bench-' || g,
               'QB' || lpad(g::text, 10, '0'), org, 'agent-' || org || '-' || (g % 40),
               'express_parcel', (enum_range(null::problem_category))[1 + floor(r_cat * array_length(enum_range(null::problem_category), 1))::int],
               case when r_cat < 0.2 then 'complex' else 'simple' end::complexity,
               '客户要求尽快投递', '张三', '13900000000',
               (case when created_at > now() - interval '3 days' and r_status < 0.5 then 'submitted'
                     when r_status < 0.04 then 'returned' else 'closed' end)::application_status,
               case when r_status >= 0.04 and r_order < 0.8 then true when r_status >= 0.04 then false end,
               1 + (r_return < 0.12)::int, (r_return < 0.12)::int, r_time < 0.03,
               created_at + interval '1 day', created_at + r_time * interval '20 hours',
               case when r_status >= 0.04 then created_at + r_time * interval '20 hours' end, created_at, created_at + interval '1 day', 3
        from gen`);
      await client.query(`
        insert into work_orders (id, number, workflow_id, application_id, mail_number, org, assigned_org, problem_category, complexity, status,
                                 response_deadline, resolution_deadline, promise_deadline, responded_at, resolved_at, overdue, closed_at,
                                 created_at, updated_at, seq)
        select gen_random_uuid(), replace(a.number, 'SQ-', 'GD-'), 'work-order-bench-' || a.id, a.id, a.mail_number, a.org, 'dept-operations',
               a.problem_category, a.complexity, (case when a.created_at > now() - interval '5 days' then 'accepted' else 'closed' end)::work_order_status,
               a.closed_at + interval '24 hours', a.closed_at + interval '72 hours', a.closed_at + interval '72 hours',
               a.closed_at + interval '4 hours' * (1 + (a.overdue)::int * 8), a.closed_at + interval '30 hours', a.overdue,
               case when a.created_at <= now() - interval '5 days' then a.closed_at + interval '31 hours' end,
               a.closed_at, a.closed_at + interval '31 hours', 4
        from applications a where a.workflow_id like 'application-bench-%' and a.became_order`);
    });
    await client.query('vacuum analyze'); // as autovacuum would: statistics, and the visibility map index-only scans need
    const {
      rows: [sample],
    } = await client.query<{ number: string; mail_number: string }>(
      `select number, mail_number from applications where workflow_id like 'application-bench-%' and created_at > now() - interval '20 days' limit 1`,
    );
    return { seconds: round((performance.now() - t0) / 1000, 1), sample: { number: sample!.number, mailNumber: sample!.mail_number } };
  } finally {
    await client.end();
  }
}

export async function runQueries(o: { url: string; secret: string; databaseUrl: string; rows: number; runs: number }) {
  const generated = await generateRows(o.databaseUrl, o.rows);
  const t = driverTokens(o.secret);
  const sign = createSigner({ key: o.secret, algorithm: 'HS256', expiresIn: '1h' });
  const qingdaoOffice = sign({ sub: 'agent-qingdao-1', org: 'qingdao', role: 'office' });
  const day = 86_400_000;
  const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const first = await timedFetch(`${o.url}/v1/applications?limit=50`, t.reviewer);
  const cases: [string, string, string][] = [
    ['list: default (last month, all offices)', '/v1/applications', t.reviewer],
    ['list: org', '/v1/applications?org=qingdao', t.reviewer],
    ['list: status=submitted', '/v1/applications?status=submitted', t.reviewer],
    ['list: status=returned + org', '/v1/applications?status=returned&org=jinan', t.reviewer],
    ['list: becameOrder=false', '/v1/applications?becameOrder=false', t.reviewer],
    ['list: number', `/v1/applications?number=${generated.sample.number}`, t.reviewer],
    ['list: mailNumber', `/v1/applications?mailNumber=${generated.sample.mailNumber}`, t.reviewer],
    ['list: one week, 3 months ago', `/v1/applications?createdFrom=${iso(97 * day)}&createdTo=${iso(90 * day)}`, t.reviewer],
    ['list: whole 6 months, status=returned', `/v1/applications?createdFrom=${iso(183 * day)}&status=returned`, t.reviewer],
    ['list: an office (own org only)', '/v1/applications', qingdaoOffice],
    ['list: next page (cursor)', `/v1/applications?cursor=${encodeURIComponent((first.body as { nextCursor: string | null }).nextCursor ?? '')}`, t.reviewer],
    ['list: work orders, default', '/v1/work-orders', t.reviewer],
    ['report: one month', `/v1/reports/offices?from=${iso(30 * day)}&to=${iso(0)}`, t.reviewer],
    ['report: six months', `/v1/reports/offices?from=${iso(182 * day)}&to=${iso(0)}`, t.reviewer],
  ];
  const results: Record<string, ReturnType<typeof summarize> & { status: number; items?: number }> = {};
  for (const [name, path, token] of cases) {
    const times: number[] = [];
    let last = await timedFetch(o.url + path, token);
    for (let i = 0; i < 3; i++) last = await timedFetch(o.url + path, token); // warm-up
    const until = performance.now() + 20_000; // a slow endpoint gets fewer runs, not a longer bench
    for (let i = 0; i < o.runs && (i < 20 || performance.now() < until); i++) {
      last = await timedFetch(o.url + path, token);
      times.push(last.ms);
    }
    results[name] = {
      ...summarize(times),
      status: last.status,
      items: Array.isArray(last.body) ? last.body.length : (last.body as { items?: unknown[] } | null)?.items?.length,
    };
  }
  return { rows: o.rows, generatedInSeconds: generated.seconds, runsEach: o.runs, endpoints: results };
}
