// A generated office-report data set, bulk-inserted for a period no other test of the same
// database touches, and the figures each office's row must show for it (computed by hand, row by
// row, not by the report's SQL). Deterministic: the same seed gives the same rows every run.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { applications, escalations, mailItems, workOrders } from '../../db/schema.js';
import { OFFICES } from '../../db/seed.js';

/** A small deterministic PRNG (mulberry32) so the data set is the same every run. */
export function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Truth {
  created: number;
  reviewed: number;
  returned: number;
  became: number;
  respDue: number;
  respOnTime: number;
  resDue: number;
  resOnTime: number;
  open: number;
  overdue: number;
  levels: Record<string, number>;
}

/**
 * Inserts 5–45 applications per office (none for taian) created in [from, to): reviewed, returned,
 * made into work orders answered on time or late, escalated; and answers each office's truth.
 */
export async function seedReportData(db: Db, from: number, to: number, seed = 2016): Promise<Map<string, Truth>> {
  const truth = new Map<string, Truth>();
  const rnd = prng(seed);
  const apps: (typeof applications.$inferInsert)[] = [];
  const orders: (typeof workOrders.$inferInsert)[] = [];
  const escs: (typeof escalations.$inferInsert)[] = [];
  const items: (typeof mailItems.$inferInsert)[] = [];
  for (const [org] of OFFICES) {
    const t: Truth = { created: 0, reviewed: 0, returned: 0, became: 0, respDue: 0, respOnTime: 0, resDue: 0, resOnTime: 0, open: 0, overdue: 0, levels: {} };
    truth.set(org, t);
    const n = org === 'taian' ? 0 : 5 + Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const created = new Date(from + Math.floor(rnd() * (to - from)));
      const mail = `RPT${org.toUpperCase()}${i}${id.slice(0, 6)}`;
      items.push({ mailNumber: mail, collectingOrg: org, businessType: 'express_parcel', acceptedAt: created });
      const reviewed = rnd() < 0.9;
      const returned = reviewed && rnd() < 0.25;
      const became = reviewed && !returned && rnd() < 0.95;
      const status = became || (returned && rnd() < 0.5) ? 'closed' : returned ? 'returned' : 'submitted';
      const overdue = status === 'submitted' && rnd() < 0.3;
      t.created++;
      if (reviewed) t.reviewed++;
      if (returned) t.returned++;
      if (became) t.became++;
      if (status !== 'closed') t.open++;
      if (overdue) t.overdue++;
      apps.push({
        id,
        number: `RPT-${id}`,
        workflowId: `application-${id}`,
        mailNumber: mail,
        org,
        createdBy: 'gen',
        businessType: 'express_parcel',
        problemCategory: 'delay',
        complexity: 'simple',
        demand: 'd',
        customerName: 'c',
        customerPhone: '13900000000',
        status,
        becameOrder: status === 'closed' ? became : null,
        overdue,
        reviewCount: reviewed ? 1 : 0,
        returnCount: returned ? 1 : 0,
        createdAt: created,
        updatedAt: created,
        seq: 3,
      });
      if (!became) continue;
      const woId = randomUUID();
      const respDeadline = new Date(created.getTime() + 2 * 3_600_000);
      const resDeadline = new Date(created.getTime() + 48 * 3_600_000);
      const respondedAt = rnd() < 0.9 ? new Date(created.getTime() + Math.floor(rnd() * 4 * 3_600_000)) : null;
      const resolvedAt = respondedAt && rnd() < 0.8 ? new Date(created.getTime() + Math.floor(rnd() * 72 * 3_600_000)) : null;
      const woStatus = resolvedAt ? 'closed' : respondedAt ? 'accepted' : 'dispatched';
      const woOverdue = woStatus !== 'closed' && rnd() < 0.5;
      t.respDue++;
      if (respondedAt && respondedAt <= respDeadline) t.respOnTime++;
      t.resDue++;
      if (resolvedAt && resolvedAt <= resDeadline) t.resOnTime++;
      if (woStatus !== 'closed') t.open++;
      if (woOverdue) t.overdue++;
      orders.push({
        id: woId,
        number: `RPTWO-${woId}`,
        workflowId: `work-order-${woId}`,
        applicationId: id,
        mailNumber: mail,
        org,
        assignedOrg: 'dept-operations',
        problemCategory: 'delay',
        complexity: 'simple',
        status: woStatus,
        responseDeadline: respDeadline,
        resolutionDeadline: resDeadline,
        promiseDeadline: respDeadline,
        respondedAt,
        resolvedAt,
        overdue: woOverdue,
        createdAt: created,
        updatedAt: created,
        seq: 3,
      });
      if (rnd() < 0.3) {
        const level = 1 + Math.floor(rnd() * 3);
        t.levels[level] = (t.levels[level] ?? 0) + 1;
        escs.push({
          id: randomUUID(),
          workflowId: `escalation-workOrder-${woId}`,
          subjectType: 'workOrder',
          subjectId: woId,
          org,
          reason: 'r',
          level,
          levelName: `L${level}`,
          status: 'resolved',
          openedAt: created,
          updatedAt: created,
          seq: 2,
        });
      }
    }
  }
  await db.insert(mailItems).values(items);
  for (let i = 0; i < apps.length; i += 500) await db.insert(applications).values(apps.slice(i, i + 500));
  if (orders.length) await db.insert(workOrders).values(orders);
  if (escs.length) await db.insert(escalations).values(escs);
  return truth;
}
