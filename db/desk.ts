// The department desk's reads (for its workflows and the API): whom to give an order automatically, and which
// orders a person holds. The choice itself is domain/desk.ts chooseAssignee; this gathers the
// department's people, their loads, their leave and the round-robin place, serialised per
// department so two orders decided at once see each other.
import { and, arrayContains, count, eq, gt, inArray, isNotNull, lte, max, sql } from 'drizzle-orm';
import type { AssignmentRequest } from '../contract/inputs.js';
import type { Db } from './client.js';
import { absences, assignmentDecisions, deskPointers, users, workOrders } from './schema.js';
import { chooseAssignee as choose, type Candidate } from '../domain/desk.js';
import { OPEN_WORK_ORDER_STATUSES, type Person } from '../domain/work-order.js';

/** Open orders with a clock running, per person: what they hold now, and decisions not yet on the order's row. */
async function loads(tx: Pick<Db, 'select'>, ids: string[]): Promise<Map<string, number>> {
  const held = await tx
    .select({ userId: workOrders.assignee, n: count() })
    .from(workOrders)
    .where(and(inArray(workOrders.assignee, ids), isNotNull(workOrders.currentDeadline)))
    .groupBy(workOrders.assignee);
  const decided = await tx
    .select({ userId: assignmentDecisions.userId, n: count() })
    .from(assignmentDecisions)
    .where(inArray(assignmentDecisions.userId, ids))
    .groupBy(assignmentDecisions.userId);
  const total = new Map<string, number>();
  for (const r of [...held, ...decided]) total.set(r.userId!, (total.get(r.userId!) ?? 0) + r.n);
  return total;
}

/** When each person was last given an order. */
async function lastGiven(tx: Pick<Db, 'select'>, ids: string[]): Promise<Map<string, string>> {
  const rows = await tx
    .select({ userId: workOrders.assignee, at: max(workOrders.assignedAt) })
    .from(workOrders)
    .where(inArray(workOrders.assignee, ids))
    .groupBy(workOrders.assignee);
  const decided = await tx
    .select({ userId: assignmentDecisions.userId, at: max(assignmentDecisions.decidedAt) })
    .from(assignmentDecisions)
    .where(inArray(assignmentDecisions.userId, ids))
    .groupBy(assignmentDecisions.userId);
  const last = new Map<string, string>();
  for (const r of [...rows, ...decided]) {
    const at = r.at?.toISOString();
    if (at && (!last.has(r.userId!) || last.get(r.userId!)! < at)) last.set(r.userId!, at);
  }
  return last;
}

/** The people of a department who are away now (leave covering `now`, not cancelled). */
export async function absentNow(tx: Pick<Db, 'select'>, ids: string[], now: Date): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ userId: absences.userId, substitute: absences.substituteId })
    .from(absences)
    .where(and(inArray(absences.userId, ids), lte(absences.startsAt, now), gt(absences.endsAt, now), sql`${absences.cancelledAt} is null`));
  return new Map(rows.map((r) => [r.userId, r.substitute]));
}

/** The active handlers of a department, by id. */
export async function departmentPeople(tx: Pick<Db, 'select'>, org: string) {
  return tx
    .select({ id: users.id, name: users.name, lead: users.lead })
    .from(users)
    .where(and(eq(users.org, org), eq(users.active, true), arrayContains(users.roles, ['handler'])))
    .orderBy(users.id);
}

/** Decides once per request key: a retried call answers what the first decided. */
export async function chooseAssignee(db: Db, r: AssignmentRequest): Promise<Person | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`desk:${r.org}`}, 0))`);
    const [decided] = await tx.select().from(assignmentDecisions).where(eq(assignmentDecisions.key, r.key));
    if (decided) return decided.userId ? { userId: decided.userId, name: decided.name } : null;
    const now = new Date();
    // Leads hand out work rather than take it automatically.
    const people = (await departmentPeople(tx, r.org)).filter((p) => !p.lead);
    const ids = people.map((p) => p.id);
    const [load, last, away, [pointer]] = await Promise.all([
      loads(tx, ids),
      lastGiven(tx, ids),
      absentNow(tx, ids, now),
      tx.select().from(deskPointers).where(eq(deskPointers.org, r.org)),
    ]);
    const candidates: Candidate[] = people.map((p) => ({
      userId: p.id,
      name: p.name,
      load: load.get(p.id) ?? 0,
      absent: away.has(p.id),
      lastAssignedAt: last.get(p.id) ?? null,
    }));
    const chosen = choose(r.mode, candidates, r.cap, pointer?.lastGiven ?? null);
    await tx
      .insert(assignmentDecisions)
      .values({ key: r.key, workOrderId: r.workOrderId, org: r.org, userId: chosen?.userId ?? null, name: chosen?.name ?? null });
    if (chosen && r.mode === 'round_robin') {
      await tx
        .insert(deskPointers)
        .values({ org: r.org, lastGiven: chosen.userId })
        .onConflictDoUpdate({ target: deskPointers.org, set: { lastGiven: chosen.userId, updatedAt: now } });
    }
    return chosen ? { userId: chosen.userId, name: chosen.name } : null;
  });
}

/** The case workflows of the orders a person holds while they are in the department's hands. */
export async function ordersHeldBy(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ workflowId: workOrders.workflowId })
    .from(workOrders)
    .where(and(eq(workOrders.assignee, userId), inArray(workOrders.status, OPEN_WORK_ORDER_STATUSES)));
  return rows.map((r) => r.workflowId);
}
