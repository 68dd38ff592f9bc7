// Work orders: reads scoped to the creating office or the assigned department; actions go to the workflow.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { dueSoon, pastDue } from '../../db/case-tables.js';
import { applications, attachments, mailItems } from '../../db/schema.js';
import { deskPolicy } from '../../domain/desk.js';
import type { Actor } from '../../domain/vocabulary.js';
import { OPEN_WORK_ORDER_STATUSES, workOrderPermission } from '../../domain/work-order.js';
import type { CaseState } from '../../domain/case.js';
import { workOrders } from '../../db/schema.js';
import * as msg from '../../contract/messages.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { caseHistory, revealed, workOrderView, workOrderViewOf } from './views.js';
import type { AttachmentInput } from '../schemas/applications.js';
import type { WorkOrderView } from '../schemas/work-orders.js';
import { storeAttachments } from './attachments.js';
import { assertDepartment, assertTransferable, assignable } from './desk.js';
import { withIdempotency, type StoredResponse } from './idempotency.js';
import { cursorCondition, page } from './paging.js';
import { assertVisible, seesAllOrgs } from './scope.js';
import { runUpdate, updateIdFor } from './workflow-calls.js';
import { assertPermitted } from './permit.js';

type Row = typeof workOrders.$inferSelect;

async function loadRow(ctx: ServiceContext, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(workOrders).where(eq(workOrders.id, id));
  if (!row) throw notFound('work order');
  return row;
}

/** The office that created it, and the department that holds it now (one it was transferred away from no longer), see it; the province all. */
async function loadVisible(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const row = await loadRow(ctx, id);
  assertVisible(actor, [row.org, row.assignedOrg], 'work order');
  return row;
}

/**
 * The whole case, as the order's page shows it: the order with its history (internal notes only for
 * the department and the province), the application behind it (the customer's demand, the
 * description, the customer with the full phone — each such reveal audited — and the files the
 * caller may see), and the other orders on the same mail number the caller may see.
 */
export async function getWorkOrder(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await loadVisible(ctx, actor, id);
  const insider = !(actor.role === 'office');
  const [app] = await ctx.db.select().from(applications).where(eq(applications.id, row.applicationId));
  const [item] = await ctx.db.select().from(mailItems).where(eq(mailItems.mailNumber, row.mailNumber));
  const [files, related, entries] = await Promise.all([
    ctx.db
      .select({ id: attachments.id, name: attachments.name, contentType: attachments.contentType, size: attachments.size, visibility: attachments.visibility })
      .from(attachments)
      .where(and(eq(attachments.applicationId, row.applicationId), insider ? undefined : eq(attachments.visibility, 'all'))),
    ctx.db
      .select()
      .from(workOrders)
      .where(and(eq(workOrders.mailNumber, row.mailNumber), ne(workOrders.id, id), visibleTo(actor)))
      .orderBy(desc(workOrders.createdAt))
      .limit(20),
    caseHistory(ctx, id, { internal: insider }),
  ]);
  await revealed(ctx, actor, row.applicationId, 'work order page');
  return {
    ...workOrderView(row, actor, share(ctx)),
    application: app && {
      id: app.id,
      number: app.number,
      businessType: app.businessType,
      demand: app.demand,
      description: app.description,
      customer: { name: app.customerName, phone: app.customerPhone },
      international: app.international,
      createdBy: app.createdBy,
      createdAt: app.createdAt.toISOString(),
      attachments: files,
    },
    mailItem: item && {
      mailNumber: item.mailNumber,
      collectingOrg: item.collectingOrg,
      businessType: item.businessType,
      acceptedAt: item.acceptedAt.toISOString(),
      destinationCountry: item.destinationCountry,
    },
    related: related.map((r) => workOrderView(r, actor, share(ctx))),
    history: entries,
  };
}

const share = (ctx: ServiceContext) => deskPolicy(ctx.policy).dueSoonShare;

/** The orders a caller may see: their office's, or their department's; the province all. */
export const visibleTo = (actor: Actor) => (seesAllOrgs(actor) ? undefined : or(eq(workOrders.org, actor.org), eq(workOrders.assignedOrg, actor.org)));

export interface WorkOrderQuery {
  status?: Row['status'];
  org?: string;
  overdue?: boolean;
  mailNumber?: string;
  number?: string;
  escalated?: boolean;
  open?: boolean;
  /** Only orders with a deadline that applies now. */
  running?: boolean;
  /** me, none (the queue), or a person's id. */
  assignee?: string;
  /** dueSoon: in the last share of its clock; overdue: past it. */
  clock?: 'dueSoon' | 'overdue';
  category?: Row['problemCategory'];
  transferred?: boolean;
}

/** me, none (the queue), or a person's id. */
export const assigneeIs = (actor: Actor, assignee: string | undefined) =>
  assignee === 'me'
    ? eq(workOrders.assignee, actor.userId)
    : assignee === 'none'
      ? isNull(workOrders.assignee)
      : assignee
        ? eq(workOrders.assignee, assignee)
        : undefined;

/** The filters of a list, as SQL: each one the queue's filter bar offers. */
function filters(ctx: ServiceContext, actor: Actor, q: WorkOrderQuery): (SQL | undefined)[] {
  return [
    visibleTo(actor),
    q.org ? or(eq(workOrders.org, q.org), eq(workOrders.assignedOrg, q.org)) : undefined,
    q.status ? eq(workOrders.status, q.status) : undefined,
    q.overdue !== undefined ? eq(workOrders.overdue, q.overdue) : undefined,
    q.mailNumber ? eq(workOrders.mailNumber, q.mailNumber) : undefined,
    q.number ? eq(workOrders.number, q.number) : undefined,
    q.escalated === true ? gt(workOrders.escalationLevel, 0) : q.escalated === false ? eq(workOrders.escalationLevel, 0) : undefined,
    q.open === true ? inArray(workOrders.status, OPEN_WORK_ORDER_STATUSES) : q.open === false ? eq(workOrders.status, 'closed') : undefined,
    q.running === true ? isNotNull(workOrders.currentDeadline) : q.running === false ? isNull(workOrders.currentDeadline) : undefined,
    assigneeIs(actor, q.assignee),
    q.clock === 'overdue' ? pastDue(workOrders) : q.clock === 'dueSoon' ? dueSoon(workOrders, deskPolicy(ctx.policy).dueSoonShare) : undefined,
    q.category ? eq(workOrders.problemCategory, q.category) : undefined,
    q.transferred === true ? gt(workOrders.transferCount, 0) : q.transferred === false ? eq(workOrders.transferCount, 0) : undefined,
  ];
}

/** How many orders each filter of the queue would show (with the others as given): the counts beside the filters. */
export async function workOrderFacets(ctx: ServiceContext, actor: Actor, q: WorkOrderQuery) {
  const base = and(...filters(ctx, actor, { ...q, assignee: undefined, clock: undefined }));
  const share = deskPolicy(ctx.policy).dueSoonShare;
  const [r] = await ctx.db
    .select({
      all: count(),
      mine: count(sql`case when ${eq(workOrders.assignee, actor.userId)} then 1 end`),
      unassigned: count(sql`case when ${isNull(workOrders.assignee)} then 1 end`),
      dueSoon: count(sql`case when ${dueSoon(workOrders, share)} then 1 end`),
      overdue: count(sql`case when ${pastDue(workOrders)} then 1 end`),
    })
    .from(workOrders)
    .where(base);
  const byCategory = await ctx.db
    .select({ category: workOrders.problemCategory, n: count() })
    .from(workOrders)
    .where(and(...filters(ctx, actor, { ...q, category: undefined })))
    .groupBy(workOrders.problemCategory);
  return { ...r!, byCategory: Object.fromEntries(byCategory.map((c) => [c.category, c.n])) };
}

export async function listWorkOrders(
  ctx: ServiceContext,
  actor: Actor,
  q: WorkOrderQuery & { sort: 'createdAt' | 'deadline'; limit: number; cursor?: string },
) {
  const byDeadline = q.sort === 'deadline';
  const where: (SQL | undefined)[] = [
    ...filters(ctx, actor, q),
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
  return page(rows, q.limit, (r) => workOrderView(r, actor, share(ctx)), byDeadline ? (r) => r.currentDeadline! : undefined);
}

type Files = AttachmentInput[] | undefined;

/** What a client asks of a work order: the action, in the domain's words, and its fields. */
export type WorkOrderRequest =
  | { action: 'accept' }
  | { action: 'reply'; result: string; customerAccepted: boolean; attachments?: Files }
  | { action: 'close'; meetsStandard: boolean }
  | { action: 'reactivate'; reason: string }
  | { action: 'urge'; note?: string }
  | { action: 'append'; info: string; attachments?: Files }
  | { action: 'returnVisit'; satisfaction: number; note?: string }
  | { action: 'claim' }
  | { action: 'assign'; assignee: string; confirmOverCap?: boolean }
  | { action: 'release'; note?: string }
  | { action: 'transfer'; to: string; reasonCategory: string; reason: string }
  | { action: 'refuseTransfer'; reason: string }
  | { action: 'returnToReviewer'; reason: string }
  | { action: 'redispatch'; to: string }
  | { action: 'ask'; question: string; attachments?: Files }
  | { action: 'note'; note: string; attachments?: Files }
  | { action: 'pause'; reasonCategory: string; reason: string; until: string }
  | { action: 'resume' };

/** The rules say who may (domain/work-order.ts), the desk checks the people and departments named, the workflow decides; the answer is the state it recorded. */
export async function actOnWorkOrder(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  path: string,
  a: WorkOrderRequest,
  idempotencyKey?: string,
): Promise<StoredResponse<WorkOrderView, 200>> {
  return withIdempotency(ctx.db, actor.userId, idempotencyKey, `POST /v1/work-orders/${id}/${path}`, a, async (resumed) => {
    // Who may, by the row (written before any earlier action was answered): 403/404/409 without a round
    // trip to the workflow, whose validator holds the caller to the same rules. Not for a retry whose
    // first attempt's answer is unknown: the workflow answers it as the first time (the update's id).
    const row = resumed ? await loadRow(ctx, id) : await loadVisible(ctx, actor, id);
    if (!resumed) assertPermitted(workOrderPermission(a.action, workOrderView(row, actor), actor, Date.now()), 'work order');
    const updateId = updateIdFor(actor.userId, idempotencyKey);
    const status = async () => (await loadVisible(ctx, actor, id)).status;
    const send = <A extends msg.Command>(def: Parameters<typeof runUpdate<CaseState, [A]>>[2], cmd: A) =>
      runUpdate(ctx.temporal, row.workflowId, def, [cmd], updateId, status);
    /** Files sent with a message, kept before the update names them (an internal note's stay within the department). */
    const files = (list: Files, visibility: 'all' | 'department' = 'all') => storeAttachments(ctx, row.applicationId, actor, list, visibility);
    const c = await (async () => {
      switch (a.action) {
        case 'accept':
          return send(msg.acceptWorkOrder, { actor });
        case 'reply':
          return send(msg.replyWorkOrder, { actor, result: a.result, customerAccepted: a.customerAccepted, attachments: await files(a.attachments) });
        case 'close':
          return send(msg.closeWorkOrder, { actor, meetsStandard: a.meetsStandard });
        case 'reactivate':
          return send(msg.reactivateWorkOrder, { actor, reason: a.reason });
        case 'urge':
          return send(msg.urgeWorkOrder, { actor, note: a.note });
        case 'append':
          return send(msg.appendWorkOrder, { actor, info: a.info, attachments: await files(a.attachments) });
        case 'returnVisit':
          return send(msg.returnVisitWorkOrder, { actor, satisfaction: a.satisfaction, note: a.note });
        case 'claim':
          return send(msg.claimWorkOrder, { actor });
        case 'assign': {
          const to = await assignable(ctx, row, a.assignee, a.confirmOverCap === true);
          return send(msg.assignWorkOrder, { actor, to: to.person, overCap: to.overCap });
        }
        case 'release':
          return send(msg.releaseWorkOrder, { actor, note: a.note });
        case 'transfer':
          await assertTransferable(ctx, row, a.to, a.reasonCategory);
          return send(msg.transferWorkOrder, { actor, to: a.to, reasonCategory: a.reasonCategory, reason: a.reason });
        case 'refuseTransfer':
          return send(msg.refuseTransferWorkOrder, { actor, reason: a.reason });
        case 'returnToReviewer':
          return send(msg.returnToReviewerWorkOrder, { actor, reason: a.reason });
        case 'redispatch':
          await assertDepartment(ctx, a.to, 'to');
          return send(msg.redispatchWorkOrder, { actor, to: a.to });
        case 'ask':
          return send(msg.askWorkOrder, { actor, text: a.question, attachments: await files(a.attachments) });
        case 'note':
          return send(msg.noteWorkOrder, { actor, text: a.note, attachments: await files(a.attachments, 'department') });
        case 'pause':
          return send(msg.pauseWorkOrder, { actor, reasonCategory: a.reasonCategory, reason: a.reason, until: a.until });
        case 'resume':
          return send(msg.resumeWorkOrder, { actor });
      }
    })();
    return { statusCode: 200 as const, body: workOrderViewOf(c.workOrder!, actor) };
  });
}
