// The search box at scale: `rows` case documents written straight into case_search as the triggers
// of migration 0020 write them (the same search_vector function; the search reads nothing else), with
// Chinese text of realistic spread — common phrases in a third of the cases, rarer words, one rare
// two-character word per case — then GET /v1/search timed through the API for exact numbers, common,
// rare and absent words, phrases, and the office's and department's scopes.
import pg from 'pg';
import { createSigner } from 'fast-jwt';
import { OFFICES } from '../../db/seed.js';
import { withIndexesDeferred } from '../bulk-load.js';
import { round, summarize, timedFetch } from '../http.js';

const PHRASES = [
  '客户要求尽快投递',
  '包裹外包装破损',
  '快递延误三天未到',
  '收件人电话无法接通',
  '地址不详需核实',
  '要求赔偿损失',
  '投递员未送货上门',
  '网点拒绝签收',
  '物品短少一件',
  '查询物流轨迹无更新',
  '退回件未收到',
  '转寄地址错误',
  '国际件清关延误',
  '签收后发现内件损坏',
  '客户情绪激动多次来电',
  '要求上门取件',
  '代收货款未到账',
  '超区件需转派',
  '邮件被错发至外省',
  '投诉服务态度差',
];
const REPLIES = ['已联系客户并致歉', '已安排重新投递', '已核实轨迹，件在途中', '已按规定赔付', '已转交责任单位处理'];
/** Characters for the rare words: every ordered pair of these is a word in about rows/10,000 cases. */
const RARE = Array.from({ length: 100 }, (_, i) => String.fromCodePoint(0x9f00 + i)); // 鼀 … : rarely in any text
const DEPARTMENTS = ['dept-operations', 'dept-delivery', 'dept-claims', 'dept-international', 'dept-quality', 'dept-service'];

export async function generateSearchDocuments(databaseUrl: string, rows: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    await client.query('select setseed(0.028)');
    const arr = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;
    // One pass of random draws per case: three phrases (the first often the same few, so some words are everywhere), a rare word, a reply for most.
    await client.query(
      `
      create temp table sgen as
      select g, (${arr(OFFICES.map(([code]) => code))})[1 + floor(pow(random(), 1.7) * ${OFFICES.length})::int] as org,
             (${arr(DEPARTMENTS)})[1 + floor(random() * ${DEPARTMENTS.length})::int] as dept,
             now() - random() * interval '365 days' as created_at,
             (${arr(PHRASES)})[1 + floor(pow(random(), 3) * ${PHRASES.length})::int] || '，' ||
             (${arr(PHRASES)})[1 + floor(random() * ${PHRASES.length})::int] || '，' ||
             '外包装写有' || (${arr(RARE)})[1 + floor(random() * 100)::int] || (${arr(RARE)})[1 + floor(random() * 100)::int] || '字样' as head,
             case when random() < 0.8 then (${arr(REPLIES)})[1 + floor(random() * ${REPLIES.length})::int] else '' end as body,
             random() < 0.8 as ordered
      from generate_series(1, $1::int) g`,
      [rows],
    );
    // The triggers write public_lex and all_lex alike when no note is internal: one search_vector per case.
    await withIndexesDeferred(client, ['case_search'], () =>
      client.query(`
        insert into case_search (application_id, work_order_id, number, work_order_number, mail_number, phone, org, assigned_org, created_at,
                                 head_text, body_text, internal_text, public_lex, all_lex)
        select gen_random_uuid(), case when ordered then gen_random_uuid() end,
               'SQ-' || to_char(created_at, 'YYYYMMDD') || '-S' || lpad(g::text, 7, '0'),
               case when ordered then 'GD-' || to_char(created_at, 'YYYYMMDD') || '-S' || lpad(g::text, 7, '0') end,
               'SB' || lpad(g::text, 9, '0') || 'CN', '139' || lpad(g::text, 8, '0'), org, case when ordered then dept end, created_at,
               head, body, '', lex, lex
        from (select *, search_vector(head || chr(10) || body) as lex from sgen) s`),
    );
    await client.query('vacuum analyze case_search');
    const sample = await client.query<{ wo: string }>(`select work_order_number as wo from case_search where work_order_number like 'GD-%-S%' limit 1`);
    // The documents' footprint per case, for docs/capacity.md: the table with its TOAST, and its indexes.
    const size = await client.query<{ table: string; indexes: string }>(
      `select pg_table_size('case_search') as table, pg_indexes_size('case_search') as indexes`,
    );
    const perCase = (bytes: string) => Math.round(Number(bytes) / rows);
    return {
      seconds: round((performance.now() - t0) / 1000, 1),
      workOrderNumber: sample.rows[0]!.wo,
      bytesPerCase: { table: perCase(size.rows[0]!.table), indexes: perCase(size.rows[0]!.indexes) },
    };
  } finally {
    await client.end();
  }
}

export async function runSearch(o: { url: string; secret: string; databaseUrl: string; rows: number; runs: number }) {
  const generated = await generateSearchDocuments(o.databaseUrl, o.rows);
  const sign = createSigner({ key: o.secret, algorithm: 'HS256', expiresIn: '1h' });
  const reviewer = sign({ sub: 'reviewer-1', org: 'province', role: 'reviewer' });
  const handler = sign({ sub: 'dept-operations-handler-1', org: 'dept-operations', role: 'handler' });
  const office = sign({ sub: 'jinan-agent-1', org: 'jinan', role: 'office' });
  const n = String(Math.max(1, Math.floor(o.rows / 2)));
  const q = (s: string) => `/v1/search?q=${encodeURIComponent(s)}`;
  const cases: [string, string, string][] = [
    ['exact: 工单编号', q(generated.workOrderNumber), reviewer],
    ['exact: 邮件号', q(`SB${n.padStart(9, '0')}CN`), reviewer],
    ['exact: phone', q(`139${n.padStart(8, '0')}`), reviewer],
    ['common 2 chars (投递, most cases)', q('投递'), reviewer],
    ['medium 2 chars (清关, ~5 %)', q('清关'), reviewer],
    ['rare 2 chars (one of 10,000 words)', q(`${RARE[7]}${RARE[42]}`), reviewer],
    ['absent 2 chars', q('龘龘'), reviewer],
    ['phrase, 6 chars', q('收件人电话无'), reviewer],
    ['two words', q('破损 赔偿'), reviewer],
    ['department scope, common', q('投递'), handler],
    ['department scope, rare', q(`${RARE[3]}${RARE[61]}`), handler],
    ['office scope, common', q('延误'), office],
    ['office scope, rare', q(`${RARE[11]}${RARE[88]}`), office],
  ];
  const results: Record<string, ReturnType<typeof summarize> & { serverP50: number | null; status: number; items?: number; total?: number }> = {};
  for (const [name, path, token] of cases) {
    const times: number[] = [];
    const serverTimes: number[] = []; // the search's own tookMs: what the round trip adds is the API's
    let last = await timedFetch(o.url + path, token);
    for (let i = 0; i < 3; i++) last = await timedFetch(o.url + path, token); // warm-up
    const until = performance.now() + 20_000;
    for (let i = 0; i < o.runs && (i < 20 || performance.now() < until); i++) {
      last = await timedFetch(o.url + path, token);
      times.push(last.ms);
      serverTimes.push((last.body as { tookMs?: number } | null)?.tookMs ?? 0);
    }
    const page = last.body as { items?: unknown[]; total?: number } | null;
    results[name] = { ...summarize(times), serverP50: summarize(serverTimes).p50, status: last.status, items: page?.items?.length, total: page?.total };
  }
  const worstP95 = Math.max(...Object.values(results).map((r) => r.p95 ?? 0));
  return {
    rows: o.rows,
    generatedInSeconds: generated.seconds,
    bytesPerCase: generated.bytesPerCase,
    runsEach: o.runs,
    worstP95,
    targetP95Ms: 500,
    queries: results,
  };
}
