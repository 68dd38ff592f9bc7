// 工作台: what is waiting for the caller, in their role and organisation — the count of their
// queue, how many are due soon (the last share of their clock, by policy) and how many are past
// due, by each case's stored current deadline (domain/*.ts currentDeadline).
import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CASE_TABLES, dueSoon, hasDeadline, pastDeadlineWithoutProgress, pastDue, type CaseTable } from '../../db/case-tables.js';
import { deskPolicy } from '../../domain/desk.js';
import { applications, escalations, workOrders } from '../../db/schema.js';
import { WORK_ORDER_TRANSITIONS } from '../../domain/work-order.js';
import type { Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';

interface Counts {
  todo: number;
  dueSoon: number;
  overdue: number;
}

/** Counts a queue's rows: all, due soon, past due. */
async function countQueue(ctx: ServiceContext, t: CaseTable, where: SQL | undefined): Promise<Counts> {
  const [r] = await ctx.db
    .select({
      todo: count(),
      dueSoon: count(sql`case when ${dueSoon(t, deskPolicy(ctx.policy).dueSoonShare)} then 1 end`),
      overdue: count(sql`case when ${pastDue(t)} then 1 end`),
    })
    .from(t)
    .where(where);
  return r ?? NONE;
}

const add = (a: Counts, b: Counts): Counts => ({ todo: a.todo + b.todo, dueSoon: a.dueSoon + b.dueSoon, overdue: a.overdue + b.overdue });
const NONE: Counts = { todo: 0, dueSoon: 0, overdue: 0 };

export async function workbench(ctx: ServiceContext, actor: Actor): Promise<Counts & { role: string }> {
  const role = actor.role;
  switch (role) {
    case 'office': // returned applications wait for the office: resubmit or abandon before the action deadline
      return { role, ...(await countQueue(ctx, applications, and(eq(applications.currentClock, 'action'), eq(applications.org, actor.org)))) };
    case 'reviewer': // applications to review, and replied work orders to close (no deadline of their own)
      return {
        role,
        ...add(
          await countQueue(ctx, applications, eq(applications.currentClock, 'review')),
          await countQueue(ctx, workOrders, inArray(workOrders.status, WORK_ORDER_TRANSITIONS.close)),
        ),
      };
    case 'handler': // the department's orders with a clock running: to accept, then to answer
      return { role, ...(await countQueue(ctx, workOrders, and(eq(workOrders.assignedOrg, actor.org), hasDeadline(workOrders)))) };
    case 'supervisor': // open escalations, by the current level's limit while not acknowledged
      return { role, ...(await countQueue(ctx, escalations, eq(escalations.status, 'open'))) };
    case 'ops': {
      // cases whose deadline passed with nothing recorded since (the cheap half of the stuck scan)
      let total = NONE;
      for (const t of Object.values(CASE_TABLES)) total = add(total, await countQueue(ctx, t, pastDeadlineWithoutProgress(t, sql`now()`)));
      return { role, ...total };
    }
    default:
      return { role, ...NONE };
  }
}
