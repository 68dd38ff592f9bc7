// Escalations: reads, opening one by hand (or raising the open one), acknowledging, resolving.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { applicationPermission } from '../../domain/application.js';
import { escalationPermission, type EscalationAction } from '../../domain/escalation.js';
import type { Actor, SubjectType } from '../../domain/vocabulary.js';
import { workOrderPermission } from '../../domain/work-order.js';
import { applications, escalations, workOrders } from '../../db/schema.js';
import * as msg from '../../contract/messages.js';
import { startOrRaiseEscalation } from '../../contract/starts.js';
import type { ServiceContext } from '../context.js';
import { notFound, unavailable } from '../errors.js';
import { caseHistory, escalationView, workOrderView } from './views.js';
import { assertParty, assertPermitted } from './permit.js';
import type { EscalationView } from '../schemas/work-orders.js';
import { withIdempotency, type StoredResponse } from './idempotency.js';
import { cursorCondition, page } from './paging.js';
import { seesAllOrgs } from './scope.js';
import { runUpdate, updateIdFor } from './workflow-calls.js';

type Row = typeof escalations.$inferSelect;

/** The subject's office sees its escalations; so does the department a work order is assigned to. */
const visibleTo = (org: string) => or(eq(escalations.org, org), inArray(escalations.subjectId, assignedTo(org)));
const assignedTo = (org: string) => sql`(select ${workOrders.id} from ${workOrders} where ${workOrders.assignedOrg} = ${org})`;

async function loadVisible(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const [row] = await ctx.db
    .select()
    .from(escalations)
    .where(and(eq(escalations.id, id), seesAllOrgs(actor) ? undefined : visibleTo(actor.org)));
  if (!row) throw notFound('escalation');
  return row;
}

export async function getEscalation(ctx: ServiceContext, actor: Actor, id: string) {
  return { ...escalationView(await loadVisible(ctx, actor, id), actor), history: await caseHistory(ctx, id) };
}

export async function listEscalations(
  ctx: ServiceContext,
  actor: Actor,
  q: { open?: boolean; level?: number; subjectId?: string; limit: number; cursor?: string },
) {
  const where: (SQL | undefined)[] = [
    seesAllOrgs(actor) ? undefined : visibleTo(actor.org),
    q.open === undefined ? undefined : eq(escalations.status, q.open ? 'open' : 'resolved'),
    q.level ? eq(escalations.level, q.level) : undefined,
    q.subjectId ? eq(escalations.subjectId, q.subjectId) : undefined,
    cursorCondition(q.cursor, escalations.openedAt, escalations.id),
  ];
  const rows = await ctx.db
    .select()
    .from(escalations)
    .where(and(...where))
    .orderBy(desc(escalations.openedAt), desc(escalations.id))
    .limit(q.limit + 1);
  return page(
    rows.map((r) => ({ ...r, createdAt: r.openedAt })),
    q.limit,
    (r) => escalationView(r, actor),
  );
}

/** The subject, the workflow of its case (a work order lives in its application's), and whether the caller may escalate it now. */
async function subjectOf(ctx: ServiceContext, actor: Actor, type: SubjectType, id: string) {
  const now = Date.now();
  if (type === 'application') {
    const [row] = await ctx.db.select().from(applications).where(eq(applications.id, id));
    return row && { org: row.org, workflowId: row.workflowId, number: row.number, permission: applicationPermission('escalate', row, actor, now) };
  }
  const [row] = await ctx.db.select().from(workOrders).where(eq(workOrders.id, id));
  return (
    row && { org: row.org, workflowId: row.workflowId, number: row.number, permission: workOrderPermission('escalate', workOrderView(row, actor), actor, now) }
  );
}

async function openEscalationRow(ctx: ServiceContext, type: SubjectType, subjectId: string, timeoutMs = 10_000): Promise<Row> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [row] = await ctx.db
      .select()
      .from(escalations)
      .where(and(eq(escalations.subjectType, type), eq(escalations.subjectId, subjectId), eq(escalations.status, 'open')));
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw unavailable('the escalation was started but has not been recorded yet; retry the read');
}

export async function openEscalation(
  ctx: ServiceContext,
  actor: Actor,
  body: { subjectType: SubjectType; subjectId: string; reason: string },
  idempotencyKey?: string,
): Promise<StoredResponse<EscalationView, 201>> {
  const what = body.subjectType === 'application' ? 'application' : 'work order';
  return withIdempotency(ctx.db, actor.userId, idempotencyKey, 'POST /v1/escalations', body, async (resumed) => {
    const subject = await subjectOf(ctx, actor, body.subjectType, body.subjectId);
    if (!subject) throw notFound(what);
    // A retry whose first attempt's answer is unknown may find its subject moved on by it: its trigger id makes it count once.
    if (resumed) assertParty(subject.permission, what);
    else assertPermitted(subject.permission, what);
    await startOrRaiseEscalation(ctx.temporal, ctx.taskQueue, {
      subjectType: body.subjectType,
      subjectId: body.subjectId,
      subjectNumber: subject.number,
      subjectWorkflowId: subject.workflowId,
      org: subject.org,
      reason: body.reason,
      ladder: ctx.policy.ladder,
      provincialOrg: ctx.policy.provincialOrg,
      ...(ctx.policy.clocks?.warnings.level ? { warnings: ctx.policy.clocks.warnings.level } : {}),
      actor,
      triggerId: `manual:${idempotencyKey ? `${actor.userId}:${idempotencyKey}` : randomUUID()}`,
    });
    return { statusCode: 201 as const, body: escalationView(await openEscalationRow(ctx, body.subjectType, body.subjectId), actor) };
  });
}

export async function actOnEscalation(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  kind: EscalationAction,
  note: string | undefined,
  idempotencyKey?: string,
): Promise<StoredResponse<EscalationView, 200>> {
  return withIdempotency(ctx.db, actor.userId, idempotencyKey, `POST /v1/escalations/${id}/${kind}`, { note }, async (resumed) => {
    // Who may, by the row: not for a retry whose first attempt's answer is unknown (the workflow answers it as the first time, by the update's id, and holds the caller to the same rules).
    const row = await loadVisible(ctx, actor, id);
    if (!resumed) assertPermitted(escalationPermission(kind, escalationView(row, actor), actor, Date.now()), 'escalation');
    const def = kind === 'acknowledge' ? msg.acknowledgeEscalation : msg.resolveEscalation;
    await runUpdate(
      ctx.temporal,
      row.workflowId,
      def,
      [{ actor, note }],
      updateIdFor(actor.userId, idempotencyKey),
      async () => (await loadVisible(ctx, actor, id)).status,
    );
    return { statusCode: 200 as const, body: escalationView(await loadVisible(ctx, actor, id), actor) };
  });
}
