// Drives the service through its HTTP API to reproduce the seed's table: every application is
// registered, created by its office, and reviewed (returned or approved) — then the report is read.
import { SEED_FIGURES } from './seed-figures.js';

export type Call = (method: string, url: string, token: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

export interface DemoOptions {
  call: Call;
  token: (role: string, org: string) => string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runDemo(o: DemoOptions) {
  const started = new Date(Date.now() - 1000);
  const run = Date.now().toString(36).toUpperCase();
  const jobs = SEED_FIGURES.flatMap((f) => Array.from({ length: f.created }, (_, i) => ({ org: f.org, i, returned: i < f.returned })));
  const integration = o.token('integration', 'province');
  const reviewer = o.token('reviewer', 'province');
  const expect = async (p: ReturnType<Call>, status: number, what: string) => {
    const res = await p;
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  let done = 0;
  await pool(jobs, o.concurrency ?? 24, async (job) => {
    const mail = `DM${run}${job.org.toUpperCase()}${String(job.i).padStart(4, '0')}`;
    await expect(
      o.call('PUT', `/v1/mail-items/${mail}`, integration, { collectingOrg: job.org, businessType: 'express_parcel', acceptedAt: new Date().toISOString() }),
      200,
      'mail item',
    );
    const app = (await expect(
      o.call('POST', '/v1/applications', o.token('office', job.org), {
        mailNumber: mail,
        businessType: 'express_parcel',
        problemCategory: (['delay', 'loss', 'damage', 'delivery_service'] as const)[job.i % 4],
        demand: '客户要求核实邮件状态并尽快处理',
        customer: { name: '客户', phone: '13900000000' },
      }),
      201,
      'create',
    )) as { id: string };
    const decision = job.returned ? { decision: 'return', reason: '申请内容不完整, 请补充' } : { decision: 'approve' };
    await expect(o.call('POST', `/v1/applications/${app.id}/review`, reviewer, decision), 200, 'review');
    o.onProgress?.(++done, jobs.length);
  });
  const to = new Date(Date.now() + 1000);
  const report = await expect(
    o.call('GET', `/v1/reports/offices?from=${started.toISOString()}&to=${to.toISOString()}`, o.token('ops', 'province')),
    200,
    'report',
  );
  return {
    started,
    to,
    report: report as { org: string; name: string; created: number; reviewed: number; returned: number; returnRate: number | null; becameOrders: number }[],
  };
}

export function formatReport(rows: Awaited<ReturnType<typeof runDemo>>['report']): string {
  const total = rows.reduce(
    (a, r) => ({ created: a.created + r.created, reviewed: a.reviewed + r.reviewed, returned: a.returned + r.returned, became: a.became + r.becameOrders }),
    { created: 0, reviewed: 0, returned: 0, became: 0 },
  );
  const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(12, '　')} ${String(r.created).padStart(5)} ${String(r.reviewed).padStart(8)} ${String(r.returned).padStart(8)} ${pct(r.returnRate).padStart(8)}${(r.returnRate ?? 0) > 0.3 ? '  ◀ above 30 %' : ''}`,
  );
  return [
    `${'office'.padEnd(12, '　')} ${'apps'.padStart(5)} ${'reviewed'.padStart(8)} ${'returned'.padStart(8)} ${'rate'.padStart(8)}`,
    ...lines,
    `${'total'.padEnd(12, '　')} ${String(total.created).padStart(5)} ${String(total.reviewed).padStart(8)} ${String(total.returned).padStart(8)} ${pct(total.returned / total.reviewed).padStart(8)}   (${total.became} became work orders)`,
  ].join('\n');
}
