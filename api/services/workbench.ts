// 工作台: what is waiting for the caller, in their role and organisation — the count of their
// queue, how many fall due within two hours, and how many are past due.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';

export const DUE_SOON_MS = 2 * 3_600_000;

interface Counts {
  todo: number;
  dueSoon: number;
  overdue: number;
}

/** Counts rows of a queue by a deadline column: all, due within two hours, past due. */
async function count(ctx: ServiceContext, from: string, deadline: string, where: ReturnType<typeof sql>): Promise<Counts> {
  const result = await ctx.db.execute<{ todo: string; due_soon: string; overdue: string }>(sql`
    select count(*) as todo,
           count(*) filter (where ${sql.raw(deadline)} > now() and ${sql.raw(deadline)} <= now() + make_interval(secs => ${DUE_SOON_MS / 1000})) as due_soon,
           count(*) filter (where ${sql.raw(deadline)} <= now()) as overdue
    from ${sql.raw(from)} where ${where}`);
  const r = result.rows[0]!;
  return { todo: Number(r.todo), dueSoon: Number(r.due_soon), overdue: Number(r.overdue) };
}

const add = (a: Counts, b: Counts): Counts => ({ todo: a.todo + b.todo, dueSoon: a.dueSoon + b.dueSoon, overdue: a.overdue + b.overdue });
const NONE: Counts = { todo: 0, dueSoon: 0, overdue: 0 };

export async function workbench(ctx: ServiceContext, actor: Actor): Promise<Counts & { role: string }> {
  const role = actor.role;
  switch (role) {
    case 'office': // returned applications wait for the office: resubmit or abandon before the action deadline
      return { role, ...(await count(ctx, 'applications', 'action_deadline', sql`status = 'returned' and org = ${actor.org}`)) };
    case 'reviewer': // applications to review, and replied work orders to close (no deadline of their own)
      return {
        role,
        ...add(
          await count(ctx, 'applications', 'review_deadline', sql`status = 'submitted'`),
          await count(ctx, 'work_orders', 'null::timestamptz', sql`status = 'replied'`),
        ),
      };
    case 'handler': // the department's orders to accept or answer
      return { role, ...(await count(ctx, 'work_orders', 'current_deadline', sql`assigned_org = ${actor.org} and status in ('dispatched', 'accepted')`)) };
    case 'supervisor': // open escalations, by the current level's limit while not acknowledged
      return { role, ...(await count(ctx, 'escalations', 'case when acknowledged_at is null then level_deadline end', sql`status = 'open'`)) };
    case 'ops': // cases whose deadline passed with nothing recorded since (the cheap half of the stuck scan)
      return {
        role,
        ...(await count(ctx, 'work_orders', 'current_deadline', sql`overdue = false and current_deadline < now() and updated_at < current_deadline`)),
      };
    default:
      return { role, ...NONE };
  }
}
