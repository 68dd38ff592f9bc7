// Work orders: reads scoped to the creating office or the assigned department; actions go to the workflow.
import { and, asc, desc, eq, gt, isNotNull, ne, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/vocabulary.js';
import { workOrderPermission, type WorkOrderAction } from '../../domain/work-order.js';
import type { CaseState } from '../../domain/case.js';
import { workOrders } from '../../db/schema.js';
import * as msg from '../../contract/messages.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { caseHistory, workOrderView, workOrderViewOf } from './views.js';
import type { WorkOrderView } from '../schemas/work-orders.js';
import { withIdempotency, type StoredResponse } from './idempotency.js';
import { cursorCondition, page } from './paging.js';
import { assertVisible, seesAllOrgs } from './scope.js';
import { runUpdate, updateIdFor } from './workflow-calls.js';
import { assertParty, assertPermitted } from './permit.js';

type Row = typeof workOrders.$inferSelect;

async function loadVisible(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(workOrders).where(eq(workOrders.id, id));
  if (!row) throw notFound('work order');
  assertVisible(actor, [row.org, row.assignedOrg], 'work order');
  return row;
}

export async function getWorkOrder(ctx: ServiceContext, actor: Actor, id: string) {
  return { ...workOrderView(await loadVisible(ctx, actor, id), actor), history: await caseHistory(ctx, id) };
}

export async function listWorkOrders(
  ctx: ServiceContext,
  actor: Actor,
  q: {
    status?: Row['status'];
    org?: string;
    overdue?: boolean;
    mailNumber?: string;
    escalated?: boolean;
    open?: boolean;
    sort: 'createdAt' | 'deadline';
    limit: number;
    cursor?: string;
  },
) {
  const byDeadline = q.sort === 'deadline';
  const own = seesAllOrgs(actor) ? undefined : or(eq(workOrders.org, actor.org), eq(workOrders.assignedOrg, actor.org));
  const where: (SQL | undefined)[] = [
    own,
    q.org ? or(eq(workOrders.org, q.org), eq(workOrders.assignedOrg, q.org)) : undefined,
    q.status ? eq(workOrders.status, q.status) : undefined,
    q.overdue !== undefined ? eq(workOrders.overdue, q.overdue) : undefined,
    q.mailNumber ? eq(workOrders.mailNumber, q.mailNumber) : undefined,
    q.escalated === true ? gt(workOrders.escalationLevel, 0) : q.escalated === false ? eq(workOrders.escalationLevel, 0) : undefined,
    q.open === true ? ne(workOrders.status, 'closed') : q.open === false ? eq(workOrders.status, 'closed') : undefined,
    // Sorted by deadline, only orders with one (closed orders have none).
    byDeadline ? isNotNull(workOrders.currentDeadline) : undefined,
    byDeadline ? cursorCondition(q.cursor, workOrders.currentDeadline, workOrders.id, 'asc') : cursorCondition(q.cursor, workOrders.createdAt, workOrders.id),
  ];
  const order = byDeadline ? [asc(workOrders.currentDeadline), asc(workOrders.id)] : [desc(workOrders.createdAt), desc(workOrders.id)];
  const rows = await ctx.db
    .select()
    .from(workOrders)
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit + 1);
  return page(rows, q.limit, (r) => workOrderView(r, actor), byDeadline ? (r) => r.currentDeadline! : undefined);
}

export type WorkOrderRequest =
  | { kind: 'accept' }
  | { kind: 'reply'; result: string; customerAccepted: boolean }
  | { kind: 'close'; meetsStandard: boolean }
  | { kind: 'reactivate'; reason: string }
  | { kind: 'urge'; note?: string }
  | { kind: 'append'; info: string }
  | { kind: 'return-visit'; satisfaction: number; note?: string };

/** The action in the domain's words (the URL says return-visit). */
export const actionOf = (kind: WorkOrderRequest['kind']): WorkOrderAction => (kind === 'return-visit' ? 'returnVisit' : kind);

/** The rules say who may (domain/work-order.ts), the workflow decides; the answer is the state it recorded. */
export async function actOnWorkOrder(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  a: WorkOrderRequest,
  idempotencyKey?: string,
): Promise<StoredResponse<WorkOrderView, 200>> {
  const row = await loadVisible(ctx, actor, id);
  const permission = () => workOrderPermission(actionOf(a.kind), workOrderView(row, actor), actor, Date.now());
  assertParty(permission(), 'work order');
  return withIdempotency(ctx.db, actor.userId, idempotencyKey, `POST /v1/work-orders/${id}/${a.kind}`, a, async () => {
    // Not now (by the row, written before any earlier action was answered): 409 without a round trip to the workflow, which checks again.
    assertPermitted(permission(), 'work order');
    const updateId = updateIdFor(actor.userId, idempotencyKey);
    const status = async () => (await loadVisible(ctx, actor, id)).status;
    const send = <A extends msg.Command>(def: Parameters<typeof runUpdate<CaseState, [A]>>[2], cmd: A) =>
      runUpdate(ctx.temporal, row.workflowId, def, [cmd], updateId, status);
    const c = await (() => {
      switch (a.kind) {
        case 'accept':
          return send(msg.acceptWorkOrder, { actor });
        case 'reply':
          return send(msg.replyWorkOrder, { actor, result: a.result, customerAccepted: a.customerAccepted });
        case 'close':
          return send(msg.closeWorkOrder, { actor, meetsStandard: a.meetsStandard });
        case 'reactivate':
          return send(msg.reactivateWorkOrder, { actor, reason: a.reason });
        case 'urge':
          return send(msg.urgeWorkOrder, { actor, note: a.note });
        case 'append':
          return send(msg.appendWorkOrder, { actor, info: a.info });
        case 'return-visit':
          return send(msg.returnVisitWorkOrder, { actor, satisfaction: a.satisfaction, note: a.note });
      }
    })();
    return { statusCode: 200 as const, body: workOrderViewOf(c.workOrder!, actor) };
  });
}
