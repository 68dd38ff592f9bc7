// Counts, from the database and the SMS gateway, what a driven run left behind: cases recorded,
// completed, lost and duplicated, records written without their history, and SMS delivered per
// message. The record must show each case exactly once, whatever failed meanwhile.
import pg from 'pg';
import type { CaseOutcome } from './lifecycle-driver.js';

export interface AuditTotals {
  /** Mail items of the run with an application in the record (what the database says was started). */
  recorded: number;
  completed: number;
  /** Cases the driver drove to the end that the record does not show completed. */
  lost: number;
  duplicated: { applications: number; historyEntries: number };
  /** Approved applications whose work order is missing or is not theirs, and work orders no application names. */
  mismatchedOrders: number;
  sms: {
    expected: number;
    /** Messages the gateway took (by their idempotency key): what the people received. */
    delivered: number;
    lost: number;
    /** Messages the gateway got more than once (it drops the repeats by key): the at-least-once sender's retries. */
    repeatedToGateway: number;
    /** Messages counted more than once after the gateway's de-duplication: must be none. */
    deliveredTwice: number;
  };
  /** Records whose latest transition (its seq and run) has no history entry: a half-written transition. */
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
      `select count(*) as n from (select id, seq, run_id from applications where mail_number like $1 union all select id, seq, run_id from work_orders where mail_number like $1) r
       where r.seq > 0 and not exists (select 1 from history h where h.case_id = r.id and h.seq = r.seq and h.run_id is not distinct from r.run_id)`,
    );
    const sms = await q<{ id: string; case_id: string; status: string }>(
      `select id, case_id, status from outbox where channel = 'sms' and case_id in ${caseIds}`,
    );

    const appsPerMail = countBy(apps.map((a) => a.mail_number));
    const orderById = new Map(orders.map((o) => [o.id, o]));
    const completed = apps.filter(
      (a) => a.status === 'closed' && a.became_order && a.work_order_id && orderById.get(a.work_order_id)?.status === 'closed',
    ).length;
    const named = new Set(apps.map((a) => a.work_order_id).filter(Boolean));
    const mismatchedOrders =
      apps.filter((a) => a.became_order && orderById.get(a.work_order_id ?? '')?.application_id !== a.id).length +
      orders.filter((o) => !named.has(o.id)).length;
    const received = countBy(gatewayReceived.map((m) => m.id));
    const returnedApps = new Set(apps.filter((a) => cases.find((c) => c.mailNumber === a.mail_number)?.returned).map((a) => a.id));
    const sent = sms.filter((m) => m.status === 'sent' && received.has(m.id));
    return {
      recorded: appsPerMail.size,
      completed,
      lost: cases.filter((c) => !c.error).length - completed,
      duplicated: { applications: excess(appsPerMail), historyEntries: Number(dupHistory!.n) },
      mismatchedOrders,
      sms: {
        expected: returnedApps.size,
        delivered: sent.length,
        lost: [...returnedApps].filter((id) => !sent.some((m) => m.case_id === id)).length,
        repeatedToGateway: [...received.values()].filter((n) => n > 1).length,
        deliveredTwice: excess(countBy(sent.map((m) => m.case_id))),
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
