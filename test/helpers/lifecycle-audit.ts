// Counts, from the database and the SMS gateway, what a driven run left behind: cases completed,
// lost and duplicated. The record must show each case exactly once, whatever failed meanwhile.
import pg from 'pg';
import type { CaseOutcome } from './lifecycle-driver.js';

export interface AuditTotals {
  started: number;
  completed: number;
  lost: number;
  duplicated: { applications: number; workOrders: number; historyEntries: number; sms: number };
  sms: { expected: number; delivered: number; lost: number; gatewayRepeats: number };
  /** Rows without their history (a half-written transition). */
  halfWritten: number;
}

export async function auditRun(databaseUrl: string, mailPrefix: string, cases: CaseOutcome[], gatewayReceived: { id: string }[]): Promise<AuditTotals> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const like = `${mailPrefix}%`;
    const q = async <T extends pg.QueryResultRow>(text: string) => (await client.query<T>(text, [like])).rows;
    const apps = await q<{ id: string; mail_number: string; status: string; became_order: boolean | null; work_order_id: string | null }>(
      'select id, mail_number, status, became_order, work_order_id from applications where mail_number like $1',
    );
    const orders = await q<{ id: string; application_id: string; status: string }>(
      'select id, application_id, status from work_orders where mail_number like $1',
    );
    const caseIds = `(select id from applications where mail_number like $1 union all select id from work_orders where mail_number like $1)`;
    const [dupHistory] = await q<{ n: string }>(
      `select coalesce(sum(c - 1), 0) as n from (select count(*) as c from history where case_id in ${caseIds} group by case_id, action having count(*) > 1) d`,
    );
    const [halfWritten] = await q<{ n: string }>(
      `select count(*) as n from (select id, seq from applications where mail_number like $1 union all select id, seq from work_orders where mail_number like $1) r
       where r.seq > 0 and not exists (select 1 from history h where h.case_id = r.id)`,
    );
    const sms = await q<{ id: string; case_id: string; status: string }>(
      `select id, case_id, status from outbox where channel = 'sms' and case_id in ${caseIds}`,
    );

    const appsPerMail = countBy(apps.map((a) => a.mail_number));
    const ordersPerApp = countBy(orders.map((o) => o.application_id));
    const orderStatus = new Map(orders.map((o) => [o.application_id, o.status]));
    const completed = apps.filter((a) => a.status === 'closed' && a.became_order && orderStatus.get(a.id) === 'closed').length;
    const gatewayIds = countBy(gatewayReceived.map((m) => m.id));
    const smsPerCase = countBy(sms.map((m) => m.case_id));
    const returnedApps = new Set(apps.filter((a) => cases.find((c) => c.mailNumber === a.mail_number)?.returned).map((a) => a.id));
    const delivered = sms.filter((m) => m.status === 'sent' && gatewayIds.has(m.id)).length;
    return {
      started: cases.length,
      completed,
      lost: cases.length - completed,
      duplicated: {
        applications: excess(appsPerMail),
        workOrders: excess(ordersPerApp),
        historyEntries: Number(dupHistory!.n),
        sms: excess(smsPerCase),
      },
      sms: {
        expected: returnedApps.size,
        delivered,
        lost: [...returnedApps].filter((id) => !sms.some((m) => m.case_id === id && m.status === 'sent' && gatewayIds.has(m.id))).length,
        gatewayRepeats: excess(gatewayIds),
      },
      halfWritten: Number(halfWritten!.n),
    };
  } finally {
    await client.end();
  }
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

const excess = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
