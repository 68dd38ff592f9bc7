// The performance reports at scale: the record the queries section generates (`rows` applications
// over six months, 80 % of the closed ones work orders), each order given a history as the desk
// makes it (dispatched to one of the four departments, claimed by one of its ten handlers,
// accepted, replied and closed for the closed ones, some urged, some visited), its facts rebuilt by
// `npm run performance -- rebuild`'s code, then through the API: the departments and people reports
// for the last month (p95 targets 300 ms and 500 ms at 1,000,000 cases), and a CSV and an XLSX export
// of at least 50,000 case lines with the API process's resident memory sampled meanwhile.
import pg from 'pg';
import { casePolicyOf } from '../../config/policy.js';
import { loadConfig } from '../../config/index.js';
import { connectDb } from '../../db/client.js';
import { rebuildFacts } from '../../db/performance.js';
import { driverTokens } from '../../harness/lifecycle-driver.js';
import { withIndexesDeferred } from '../bulk-load.js';
import { round, rssMiB, summarize, timedFetch } from '../http.js';
import { generateRows } from './queries.js';

const DEPARTMENTS = ['dept-operations', 'dept-delivery', 'dept-claims', 'dept-international'];

/** Histories for the generated work orders, set-based (one statement per kind of entry). */
async function generateHistories(client: pg.Client): Promise<number> {
  const depts = `array[${DEPARTMENTS.map((d) => `'${d}'`).join(',')}]`;
  await client.query(`
    insert into users (id, login, name, org, roles)
    select 'bench-' || d || '-' || n, 'bench-' || d || '-' || n, '压测处理人' || n, d, array['handler']
    from unnest(${depts}) d, generate_series(1, 10) n on conflict do nothing`);
  // Each order's department and handler, fixed by its id.
  await client.query(`
    create temp table bench_orders as
    select w.id, w.workflow_id, w.created_at, w.responded_at, w.resolved_at, w.closed_at, w.status, w.response_deadline, w.resolution_deadline,
           (${depts})[1 + (abs(hashtext(w.id::text)) % 4)] as org, 1 + (abs(hashtext(w.id::text || 'p')) % 10) as n,
           abs(hashtext(w.id::text || 'r')) % 100 as r
    from work_orders w where w.workflow_id like 'work-order-bench-%'`);
  await client.query(`update work_orders w set assigned_org = b.org from bench_orders b where w.id = b.id`);
  const entry = (seq: number, action: string, at: string, actor: string, detail: string, where = 'true') =>
    client.query(`
      insert into history (case_kind, case_id, workflow_id, run_id, seq, at, actor_user, actor_org, actor_role, action, detail)
      select 'workOrder', id, workflow_id, 'bench', ${seq}, ${at}, ${actor}, org, 'handler', '${action}', ${detail}
      from bench_orders where ${where}`);
  const person = `'bench-' || org || '-' || n`;
  await entry(
    1,
    'dispatched',
    'created_at',
    `'system'`,
    `jsonb_build_object('assignedOrg', org, 'responseDeadline', response_deadline, 'resolutionDeadline', resolution_deadline)`,
  );
  await entry(2, 'claimed', `created_at + (responded_at - created_at) / 3`, person, `jsonb_build_object('assignee', jsonb_build_object('userId', ${person}))`);
  await entry(3, 'accepted', 'responded_at', person, `'{}'::jsonb`);
  await entry(4, 'urged', `responded_at + interval '1 minute'`, `'agent'`, `'{}'::jsonb`, 'r < 10');
  await entry(5, 'replied', 'resolved_at', person, `'{}'::jsonb`, `status = 'closed'`);
  await entry(6, 'closed', 'closed_at', `'reviewer-1'`, `'{"meetsStandard": true}'::jsonb`, `status = 'closed'`);
  await entry(
    7,
    'return_visit',
    `closed_at + interval '2 hours'`,
    `'reviewer-1'`,
    `jsonb_build_object('satisfaction', 1 + r % 5)`,
    `status = 'closed' and r < 30`,
  );
  return (await client.query<{ n: number }>('select count(*)::int as n from bench_orders')).rows[0]!.n;
}

/** The API process's resident memory, sampled every 20 ms while `work` runs: the highest seen. */
async function peakRss(pid: number | undefined, work: () => Promise<unknown>) {
  const before = await rssMiB(pid);
  let peak = before ?? 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, (await rssMiB(pid)) ?? 0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  return { seconds: round((performance.now() - started) / 1000, 2), rssBeforeMiB: before, rssPeakMiB: round(peak), rssAfterMiB: await rssMiB(pid) };
}

/** Streams a download to its end without keeping it: its bytes and lines. */
async function drain(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) lines += 1;
  }
  return { bytes, lines };
}

export async function runPerformanceReports(o: { url: string; secret: string; databaseUrl: string; rows: number; runs: number; apiPid?: number }) {
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  const t0 = performance.now();
  let orders: number;
  try {
    const {
      rows: [existing],
    } = await client.query<{ n: number }>(`select count(*)::int as n from applications where workflow_id like 'application-bench-%'`);
    if (existing!.n === 0) await generateRows(o.databaseUrl, o.rows);
    // Reassigning the orders and writing their histories touch each case's search document.
    orders = await withIndexesDeferred(client, ['case_search'], () => generateHistories(client));
  } finally {
    await client.end();
  }
  const historySeconds = round((performance.now() - t0) / 1000, 1);
  const db = connectDb(o.databaseUrl, { max: 2 });
  const t1 = performance.now();
  const rebuilt = await rebuildFacts(db.db, casePolicyOf(loadConfig({ DATABASE_URL: o.databaseUrl }).policy));
  const rebuildSeconds = round((performance.now() - t1) / 1000, 1);
  await db.pool.query('vacuum analyze performance_facts'); // as autovacuum would: statistics and the visibility map
  // A window holding at least 50,000 facts, for the exports.
  const {
    rows: [edge],
  } = await db.pool.query<{ at: Date | null }>(
    "select at from performance_facts where at >= now() - interval '182 days' order by at desc offset 49999 limit 1",
  );
  const monthFacts = (await db.pool.query<{ n: number }>(`select count(*)::int as n from performance_facts where at >= now() - interval '30 days'`)).rows[0]!.n;
  await db.close();

  const t = driverTokens(o.secret);
  const day = 86_400_000;
  const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const month = `from=${iso(30 * day)}&to=${iso(0)}`;
  const timed: Record<string, ReturnType<typeof summarize> & { status: number; rows?: number }> = {};
  for (const [name, path] of [
    ['departments report, one month (p95 ≤ 300)', `/v1/reports/departments?${month}`],
    ['people report, one month (p95 ≤ 500)', `/v1/reports/people?${month}`],
    ['departments report, one month, compare=previous', `/v1/reports/departments?${month}&compare=previous`],
  ] as const) {
    let last = await timedFetch(o.url + path, t.reviewer);
    for (let i = 0; i < 3; i++) last = await timedFetch(o.url + path, t.reviewer);
    const times: number[] = [];
    const until = performance.now() + 60_000;
    for (let i = 0; i < o.runs && (i < 20 || performance.now() < until); i++) {
      last = await timedFetch(o.url + path, t.reviewer);
      times.push(last.ms);
    }
    timed[name] = { ...summarize(times), status: last.status, rows: (last.body as { rows?: unknown[] } | null)?.rows?.length };
  }
  const from = (edge?.at ?? new Date(Date.now() - 182 * day)).toISOString();
  // To a month ahead: the generated closures of the last days fall a little in the future.
  const window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 30 * day).toISOString())}`;
  const exports: Record<string, unknown> = {};
  for (const [name, path] of [
    ['csv, cases', `/v1/reports/departments?${window}&format=csv&rows=cases`],
    ['xlsx (figures and cases sheets)', `/v1/reports/departments?${window}&format=xlsx`],
  ] as const) {
    let size = { bytes: 0, lines: 0 };
    const memory = await peakRss(o.apiPid, async () => {
      size = await drain(o.url + path, t.reviewer);
    });
    exports[name] = { ...memory, bytes: size.bytes, ...(name.startsWith('csv') ? { lines: size.lines } : {}) };
  }
  return {
    rows: o.rows,
    workOrders: orders,
    historySeconds,
    facts: rebuilt.facts,
    rebuildSeconds,
    factsInTheMonth: monthFacts,
    endpoints: timed,
    exports,
  };
}
