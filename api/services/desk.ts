// The department desk, as the API checks it before an order's workflow decides: whom a lead may
// assign (a member of the department, present, under the cap unless confirmed), where an order may
// be transferred or re-dispatched (a department, a listed reason); the department's people and
// their leave.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { workflowIds, WORKFLOW_TYPES } from '../../contract/ids.js';
import type { AbsenceWorkflow } from '../../contract/inputs.js';
import { absentNow, departmentPeople } from '../../db/desk.js';
import { absences, organisations, users, workOrders } from '../../db/schema.js';
import { deskPolicy, deskSettings, resolveSubstitute } from '../../domain/desk.js';
import type { Actor } from '../../domain/vocabulary.js';
import type { Person } from '../../domain/work-order.js';
import type { ServiceContext } from '../context.js';
import { AppError, forbidden, notFound, unprocessable } from '../errors.js';
import { audit } from '../auth/audit.js';
import { seesAllOrgs } from './scope.js';

type OrderRow = typeof workOrders.$inferSelect;

export async function assertDepartment(ctx: ServiceContext, code: string, field: string): Promise<void> {
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.code, code));
  if (org?.kind !== 'department') throw unprocessable(field, 'department', `${code} is not a handling department`);
}

export async function assertTransferable(ctx: ServiceContext, row: OrderRow, to: string, reasonCategory: string): Promise<void> {
  await assertDepartment(ctx, to, 'to');
  if (to === row.assignedOrg) throw unprocessable('to', 'anotherDepartment', 'transfer to another department');
  const reasons = deskPolicy(ctx.policy).transferReasons;
  if (!reasons.includes(reasonCategory)) throw unprocessable('reasonCategory', 'transferReason', `one of: ${reasons.join(', ')}`);
}

/** Open orders with a clock running that a person holds. */
export async function loadOf(ctx: ServiceContext, userId: string): Promise<number> {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(workOrders)
    .where(and(eq(workOrders.assignee, userId), isNotNull(workOrders.currentDeadline)));
  return r?.n ?? 0;
}

/**
 * The person a lead names, if they may be given the order: an active handler of its department
 * (422), present (409 naming whom their work goes to instead), under the cap unless the lead
 * confirms (409 with the load; the confirmation is recorded).
 */
export async function assignable(ctx: ServiceContext, row: OrderRow, userId: string, confirmOverCap: boolean): Promise<{ person: Person; overCap: boolean }> {
  const people = await departmentPeople(ctx.db, row.assignedOrg);
  const person = people.find((p) => p.id === userId);
  if (!person) throw unprocessable('assignee', 'departmentMember', `${userId} is not an active handler of ${row.assignedOrg}`);
  const away = await absentNow(
    ctx.db,
    people.map((p) => p.id),
    new Date(),
  );
  if (away.has(userId)) {
    const lead = people.find((p) => p.lead)?.id ?? null;
    const substitute = resolveSubstitute(userId, away, lead);
    throw new AppError(409, 'ASSIGNEE_ABSENT', `${person.name} is on leave: choose ${substitute ?? 'someone else'} instead`, {
      assignee: userId,
      substitute,
    });
  }
  const cap = deskSettings(ctx.policy, row.assignedOrg).cap;
  const load = await loadOf(ctx, userId);
  if (load >= cap && !confirmOverCap)
    throw new AppError(409, 'OVER_CAP', `${person.name} holds ${load} running orders (cap ${cap}): confirm to assign anyway`, { assignee: userId, load, cap });
  return { person: { userId, name: person.name }, overCap: load >= cap };
}

/** A department's people with what each holds and whether they are away (for the lead's assign list and the queue filters). */
export async function peopleOf(ctx: ServiceContext, actor: Actor, org: string) {
  if (!seesAllOrgs(actor) && actor.org !== org) throw notFound('organisation');
  const people = await departmentPeople(ctx.db, org);
  const ids = people.map((p) => p.id);
  const now = new Date();
  const away = await absentNow(ctx.db, ids, now);
  const loads = await Promise.all(ids.map((id) => loadOf(ctx, id)));
  const cap = deskSettings(ctx.policy, org).cap;
  return people.map((p, i) => ({
    userId: p.id,
    name: p.name,
    lead: p.lead,
    load: loads[i]!,
    cap,
    absent: away.has(p.id),
    substitute: away.has(p.id) ? resolveSubstitute(p.id, away, people.find((x) => x.lead)?.id ?? null) : null,
  }));
}

export interface AbsenceInput {
  userId: string;
  startsAt: string;
  endsAt: string;
  substituteId?: string;
  note?: string;
}

/** Who may record someone's leave: the person, their department's lead, or an admin. */
async function assertMayManage(ctx: ServiceContext, actor: Actor, userId: string) {
  const [person] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!person || (!seesAllOrgs(actor) && person.org !== actor.org)) throw notFound('user');
  if (actor.userId !== userId && !(actor.lead && actor.org === person.org) && actor.role !== 'admin')
    throw forbidden("only the person, their department's lead or an admin may record their leave");
  return person;
}

const absenceView = (r: typeof absences.$inferSelect) => ({
  id: r.id,
  userId: r.userId,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  substituteId: r.substituteId,
  note: r.note,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  cancelledAt: r.cancelledAt?.toISOString() ?? null,
});

/** Records a leave and starts its workflow (which, when it begins, sends the person's orders back to the queue if the department says so). */
export async function recordAbsence(ctx: ServiceContext, actor: Actor, input: AbsenceInput) {
  const person = await assertMayManage(ctx, actor, input.userId);
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw unprocessable('endsAt', 'afterStart', 'the leave must end after it starts');
  if (input.substituteId) {
    if (input.substituteId === input.userId) throw unprocessable('substituteId', 'someoneElse', 'a substitute is someone else');
    const [sub] = await ctx.db.select().from(users).where(eq(users.id, input.substituteId));
    if (!sub || sub.org !== person.org || !sub.active)
      throw unprocessable('substituteId', 'colleague', 'the substitute must be an active colleague of the same organisation');
  }
  const id = randomUUID();
  const [row] = await ctx.db
    .insert(absences)
    .values({
      id,
      userId: input.userId,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      substituteId: input.substituteId ?? null,
      note: input.note ?? null,
      createdBy: actor.userId,
    })
    .returning();
  await audit(ctx.db, actor, 'absence.create', { type: 'user', id: input.userId }, { absence: absenceView(row!) });
  await ctx.temporal.workflow.start<AbsenceWorkflow>(WORKFLOW_TYPES.absence, {
    workflowId: workflowIds.absence(id),
    taskQueue: ctx.taskQueue,
    args: [{ absenceId: id, userId: input.userId, startsAt: input.startsAt, onLeave: deskSettings(ctx.policy, person.org).onLeave }],
  });
  return absenceView(row!);
}

export async function cancelAbsence(ctx: ServiceContext, actor: Actor, id: string) {
  const [row] = await ctx.db.select().from(absences).where(eq(absences.id, id));
  if (!row) throw notFound('absence');
  await assertMayManage(ctx, actor, row.userId);
  const [after] = await ctx.db
    .update(absences)
    .set({ cancelledAt: new Date() })
    .where(and(eq(absences.id, id), isNull(absences.cancelledAt)))
    .returning();
  await ctx.temporal.workflow
    .getHandle(workflowIds.absence(id))
    .cancel()
    .catch(() => undefined); // it has run already
  if (after) await audit(ctx.db, actor, 'absence.cancel', { type: 'user', id: row.userId }, { absenceId: id });
  return absenceView(after ?? row);
}

/** The leave of a person, or of everyone in an organisation, that has not ended. */
export async function listAbsences(ctx: ServiceContext, actor: Actor, q: { org?: string; userId?: string }) {
  const org = seesAllOrgs(actor) ? q.org : actor.org;
  const rows = await ctx.db
    .select({ absence: absences })
    .from(absences)
    .innerJoin(users, eq(users.id, absences.userId))
    .where(
      and(
        org ? eq(users.org, org) : undefined,
        q.userId ? eq(absences.userId, q.userId) : undefined,
        gt(absences.endsAt, new Date()),
        isNull(absences.cancelledAt),
      ),
    )
    .orderBy(desc(absences.startsAt));
  return rows.map((r) => absenceView(r.absence));
}
