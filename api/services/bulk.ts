// Bulk actions: on a selection or on every order of a saved view (at most 500). The batch and its
// items are recorded in PostgreSQL, then its workflow (bulk-<id>) applies each item through
// actOnWorkOrder — the single action's rules, history entry, notices — with an Idempotency-Key
// derived from the batch and the item, and records it done or why it was refused. A worker killed
// half-way leaves each item done or untouched; the next one resumes the batch.
import { createHash, randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { BulkActivities, BulkWorkflow } from '../../contract/bulk.js';
import { workflowIds, WORKFLOW_TYPES } from '../../contract/ids.js';
import { bulkBatches, bulkItems, idempotencyKeys, quickReplies, workOrders } from '../../db/schema.js';
import { BULK_MAX_ITEMS, TAGGERS, type BulkAction } from '../../domain/answers.js';
import { clockPolicy } from '../../domain/clocks.js';
import { deskPolicy } from '../../domain/desk.js';
import { rolesFor } from '../../domain/permissions.js';
import type { Actor, Role } from '../../domain/vocabulary.js';
import { WORK_ORDER_ACTIONS } from '../../domain/work-order.js';
import type { ServiceContext } from '../context.js';
import { AppError, forbidden, notFound, unprocessable } from '../errors.js';
import { grpcCode } from '../temporal-errors.js';
import type { BulkParams } from '../schemas/answers.js';
import { assertDepartment } from './desk.js';
import { withIdempotency } from './idempotency.js';
import { renderQuickReply } from './quick-replies.js';
import { addTag, viewWorkOrderIds } from './saved-views.js';
import { updateIdFor } from './workflow-calls.js';
import { actOnWorkOrder, type WorkOrderRequest } from './work-orders.js';

type Batch = typeof bulkBatches.$inferSelect;

/** The single action each bulk action is, and so who may take it. */
function rolesOf(p: BulkParams): readonly Role[] {
  switch (p.action) {
    case 'addTag':
      return TAGGERS;
    case 'quickReply':
      return rolesFor(WORK_ORDER_ACTIONS[p.as]);
    default:
      return rolesFor(WORK_ORDER_ACTIONS[p.action]);
  }
}

/** What holds for every item alike, checked once: 422 before anything is recorded. */
async function checkParams(ctx: ServiceContext, actor: Actor, p: BulkParams) {
  const roles = rolesOf(p);
  if (!roles.includes(actor.role as Role)) throw forbidden(`only ${roles.join(', ')} may do this`);
  if (p.action === 'transfer') {
    await assertDepartment(ctx, p.to, 'params.to');
    const reasons = deskPolicy(ctx.policy).transferReasons;
    if (!reasons.includes(p.reasonCategory)) throw unprocessable('params.reasonCategory', 'transferReason', `one of: ${reasons.join(', ')}`);
  }
  if (p.action === 'pause') {
    const reasons = clockPolicy(ctx.policy).pause.reasons;
    if (!reasons.includes(p.reasonCategory)) throw unprocessable('params.reasonCategory', 'pauseReason', `one of: ${reasons.join(', ')}`);
  }
  if (p.action === 'quickReply') {
    if (p.as === 'reply' && p.customerAccepted === undefined)
      throw unprocessable('params.customerAccepted', 'required', 'a reply says whether the customer accepted it');
    const [reply] = await ctx.db.select().from(quickReplies).where(eq(quickReplies.id, p.quickReplyId));
    if (!reply || reply.deletedAt) throw unprocessable('params.quickReplyId', 'exists', 'no such quick reply');
  }
}

/** A batch's id: from the client's Idempotency-Key when it sent one (a retried request finds its batch), else new. */
const batchIdFor = (actor: Actor, key: string | undefined) => {
  if (!key) return randomUUID();
  const h = createHash('sha256').update(`bulk:${actor.userId}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Starts (or resumes) a batch's workflow; one already running is left as it is. */
async function ensureWorkflow(ctx: ServiceContext, batchId: string) {
  try {
    await ctx.temporal.workflow.start<BulkWorkflow>(WORKFLOW_TYPES.bulk, {
      workflowId: workflowIds.bulk(batchId),
      taskQueue: ctx.taskQueue,
      args: [{ batchId }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

export async function startBulk(
  ctx: ServiceContext,
  actor: Actor,
  body: { params: BulkParams; workOrderIds?: string[]; viewId?: string },
  idempotencyKey?: string,
) {
  return withIdempotency(ctx.db, actor.userId, idempotencyKey, 'POST /v1/bulk-actions', body, async () => {
    if (!!body.workOrderIds === !!body.viewId)
      throw unprocessable('workOrderIds', 'oneOf', 'name the orders: a selection (workOrderIds) or a saved view (viewId), not both');
    await checkParams(ctx, actor, body.params);
    const ids = body.workOrderIds ? [...new Set(body.workOrderIds)] : await viewWorkOrderIds(ctx, actor, body.viewId!, BULK_MAX_ITEMS + 1);
    if (ids.length > BULK_MAX_ITEMS) throw unprocessable('viewId', 'maxItems', `the view shows more than ${BULK_MAX_ITEMS} orders: narrow it`);
    if (ids.length === 0) throw unprocessable(body.viewId ? 'viewId' : 'workOrderIds', 'minItems', 'no orders to act on');
    const id = batchIdFor(actor, idempotencyKey);
    const { action, ...params } = body.params;
    await ctx.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(bulkBatches)
        .values({ id, action, params, actor: { ...actor }, actorUser: actor.userId, viewId: body.viewId ?? null, total: ids.length })
        .onConflictDoNothing()
        .returning();
      if (created) await tx.insert(bulkItems).values(ids.map((workOrderId, position) => ({ batchId: id, workOrderId, position })));
    });
    await ensureWorkflow(ctx, id);
    ctx.log.info({ batchId: id, action, items: ids.length, userId: actor.userId }, 'bulk action started');
    return { statusCode: 201 as const, body: await summaryOf(ctx, (await loadBatch(ctx, actor, id))!) };
  });
}

async function loadBatch(ctx: ServiceContext, actor: Actor, id: string): Promise<Batch> {
  const [batch] = await ctx.db
    .select()
    .from(bulkBatches)
    .where(and(eq(bulkBatches.id, id), eq(bulkBatches.actorUser, actor.userId)));
  if (!batch) throw notFound('bulk action');
  return batch;
}

async function summaryOf(ctx: ServiceContext, b: Batch) {
  const counts = await ctx.db.select({ state: bulkItems.state, n: count() }).from(bulkItems).where(eq(bulkItems.batchId, b.id)).groupBy(bulkItems.state);
  const n = (s: string) => counts.find((c) => c.state === s)?.n ?? 0;
  return {
    id: b.id,
    action: b.action as BulkAction,
    params: b.params,
    status: b.status,
    total: b.total,
    done: n('done'),
    refused: n('refused'),
    pending: n('pending'),
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

/** A batch as its owner sees it: each item done, refused (and why) or still pending. */
export async function getBulk(ctx: ServiceContext, actor: Actor, id: string) {
  const batch = await loadBatch(ctx, actor, id);
  const items = await ctx.db
    .select({ item: bulkItems, number: workOrders.number })
    .from(bulkItems)
    .leftJoin(workOrders, eq(workOrders.id, bulkItems.workOrderId))
    .where(eq(bulkItems.batchId, id))
    .orderBy(asc(bulkItems.position));
  return {
    ...(await summaryOf(ctx, batch)),
    items: items.map(({ item, number }) => ({ workOrderId: item.workOrderId, number, state: item.state, code: item.code, message: item.message })),
  };
}

export async function listBulk(ctx: ServiceContext, actor: Actor) {
  const batches = await ctx.db.select().from(bulkBatches).where(eq(bulkBatches.actorUser, actor.userId)).orderBy(desc(bulkBatches.createdAt)).limit(20);
  return Promise.all(batches.map((b) => summaryOf(ctx, b)));
}

/** Starts an unfinished batch's workflow again (one whose start was lost, or that was terminated). */
export async function resumeBulk(ctx: ServiceContext, actor: Actor, id: string) {
  const batch = await loadBatch(ctx, actor, id);
  if (batch.status === 'running') await ensureWorkflow(ctx, id);
  return getBulk(ctx, actor, id);
}

/** The single action's request for one item (a quick reply filled from that case). */
async function requestFor(ctx: ServiceContext, actor: Actor, batch: Batch, workOrderId: string): Promise<WorkOrderRequest> {
  const p = { action: batch.action, ...batch.params } as BulkParams;
  switch (p.action) {
    case 'assign':
      return { action: 'assign', assignee: p.assignee, confirmOverCap: p.confirmOverCap };
    case 'transfer':
      return { action: 'transfer', to: p.to, reasonCategory: p.reasonCategory, reason: p.reason };
    case 'pause':
      return { action: 'pause', reasonCategory: p.reasonCategory, reason: p.reason, until: p.until };
    case 'urge':
      return { action: 'urge', note: p.note };
    case 'close':
      return { action: 'close', meetsStandard: p.meetsStandard };
    case 'quickReply': {
      const r = await renderQuickReply(ctx, actor, p.quickReplyId, { workOrderId });
      const files = r.attachments.length ? r.attachments : undefined;
      switch (p.as) {
        case 'reply':
          return { action: 'reply', result: r.text, customerAccepted: p.customerAccepted ?? false, attachments: files };
        case 'note':
          return { action: 'note', note: r.text, attachments: files };
        case 'ask':
          return { action: 'ask', question: r.text, attachments: files };
        case 'append':
          return { action: 'append', info: r.text, attachments: files };
        case 'urge':
          return { action: 'urge', note: r.text };
      }
      throw new Error(`unknown quick reply use: ${String(p.as satisfies never)}`);
    }
    case 'addTag':
      throw new Error('a tag is not a workflow action');
  }
}

/**
 * Whether an earlier attempt of this item already took effect: its answer is stored under the key,
 * or (claimed, no answer: the process died in between) the case's workflow has an update by that
 * id. Asking the case itself matters: after a transfer the order is no longer the sender's to read.
 */
async function appliedBefore(ctx: ServiceContext, actor: Actor, workflowId: string, key: string): Promise<boolean> {
  const [claimed] = await ctx.db
    .select({ statusCode: idempotencyKeys.statusCode })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, actor.userId), eq(idempotencyKeys.key, key)));
  if (!claimed) return false;
  if (claimed.statusCode !== null) return true;
  try {
    const handle = ctx.temporal.workflow.getHandle(workflowId).getUpdateHandle(updateIdFor(actor.userId, key));
    await ctx.temporal.withDeadline(Date.now() + 15_000, () => handle.result());
    return true;
  } catch (error) {
    // Not found: never admitted (or refused, which leaves no trace): apply it now. A failed update: ask again for its reason.
    if (grpcCode(error) === status.NOT_FOUND || (error as Error).name === 'WorkflowUpdateFailedError') return false;
    throw error;
  }
}

const refusal = (error: unknown) => error instanceof AppError && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 429;

/** The activities of the bulk workflow, over the API's services (wired into the worker by platform/). */
export function bulkActivities(ctx: ServiceContext): BulkActivities {
  const settle = (batchId: string, workOrderId: string, state: 'done' | 'refused', code: string | null = null, message: string | null = null) =>
    ctx.db
      .update(bulkItems)
      .set({ state, code, message, doneAt: new Date() })
      .where(and(eq(bulkItems.batchId, batchId), eq(bulkItems.workOrderId, workOrderId), eq(bulkItems.state, 'pending')));

  async function applyItem(batchId: string, workOrderId: string): Promise<'done' | 'refused' | 'skipped'> {
    const [batch] = await ctx.db.select().from(bulkBatches).where(eq(bulkBatches.id, batchId));
    const [item] = await ctx.db
      .select()
      .from(bulkItems)
      .where(and(eq(bulkItems.batchId, batchId), eq(bulkItems.workOrderId, workOrderId)));
    if (!batch || !item || item.state !== 'pending') return 'skipped';
    const actor = batch.actor as unknown as Actor;
    const log = ctx.log.child({ batchId, workOrderId, action: batch.action });
    try {
      if (batch.action === 'addTag') {
        // PostgreSQL only: the tag, its history entry and the item's outcome in one transaction.
        await ctx.db.transaction(async (tx) => {
          await addTag(ctx, actor, workOrderId, (batch.params as { tag: string }).tag, tx);
          await tx
            .update(bulkItems)
            .set({ state: 'done', doneAt: new Date() })
            .where(and(eq(bulkItems.batchId, batchId), eq(bulkItems.workOrderId, workOrderId)));
        });
        return 'done';
      }
      const key = `bulk-${batchId}-${workOrderId}`;
      const [order] = await ctx.db.select({ workflowId: workOrders.workflowId }).from(workOrders).where(eq(workOrders.id, workOrderId));
      if (order && (await appliedBefore(ctx, actor, order.workflowId, key))) {
        await settle(batchId, workOrderId, 'done');
        log.info('bulk item had been applied before the worker stopped');
        return 'done';
      }
      // The request is fixed at the first attempt, so a retry sends the very same (a quick reply is filled once).
      let request = item.request as WorkOrderRequest | null;
      if (!request) {
        request = await requestFor(ctx, actor, batch, workOrderId);
        await ctx.db
          .update(bulkItems)
          .set({ request: request as never })
          .where(and(eq(bulkItems.batchId, batchId), eq(bulkItems.workOrderId, workOrderId)));
      }
      await actOnWorkOrder(ctx, actor, workOrderId, request.action, request, key);
      await settle(batchId, workOrderId, 'done');
      return 'done';
    } catch (error) {
      if (!refusal(error)) throw error; // Temporal or PostgreSQL unreachable, a stuck case: the activity retries
      const e = error as AppError;
      await settle(batchId, workOrderId, 'refused', e.code, e.message);
      log.info({ code: e.code, reason: e.message }, 'bulk item refused');
      return 'refused';
    }
  }

  return {
    async bulkPendingItems(batchId) {
      const rows = await ctx.db
        .select({ id: bulkItems.workOrderId })
        .from(bulkItems)
        .where(and(eq(bulkItems.batchId, batchId), eq(bulkItems.state, 'pending')))
        .orderBy(asc(bulkItems.position));
      return rows.map((r) => r.id);
    },

    async bulkApplyItem(batchId, workOrderId) {
      // Alive while it works: an item on a killed worker is handed on after the heartbeat timeout, not the whole start-to-close.
      const context = Context.current();
      const beat = setInterval(() => context.heartbeat(), 2_000);
      try {
        return await applyItem(batchId, workOrderId);
      } finally {
        clearInterval(beat);
      }
    },

    async bulkFinish(batchId) {
      const [pending] = await ctx.db
        .select({ n: count() })
        .from(bulkItems)
        .where(and(eq(bulkItems.batchId, batchId), eq(bulkItems.state, 'pending')));
      if ((pending?.n ?? 0) > 0) throw new Error(`batch ${batchId} still has pending items`);
      await ctx.db.update(bulkBatches).set({ status: 'finished', finishedAt: new Date() }).where(eq(bulkBatches.id, batchId));
      ctx.log.info({ batchId }, 'bulk action finished');
    },
  };
}
