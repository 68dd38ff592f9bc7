// A batch reset by visibility query (e.g. every case a bad deploy touched), resumable: the matches
// are listed into ops_batch_items first, each with the run the query matched, then reset a few at
// a time with progress kept per item. An operator whose process died runs the same command again
// (or `--resume <id>`): listing goes on from its page token, resetting from the first pending item.
// A workflow whose current run is no longer the matched one was reset already (by this batch before
// it died, or by someone else) and is skipped; if this batch's process died between Temporal's reset
// and its audit entry, the entry is written then. A reset repeated with the batch's request id is
// answered by Temporal with the run it made, never a second reset.
// A batch only ever reaches this service's case workflows (casesQuery), and a new one needs the
// count its preview showed as confirmation: the operator has seen how many they are about to reset.
import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/vocabulary.js';
import { opsBatches, opsBatchItems } from '../../db/schema.js';
import type { ServiceContext } from '../context.js';
import { audit } from '../auth/audit.js';
import { AppError, notFound } from '../errors.js';
import { asQueryError, CASE_WORKFLOW_TYPES, casesQuery, recordInterruptedReset, resetWorkflow, type ResetTarget } from './ops.js';

export interface BatchProgress {
  batchId: string;
  /** Workflows the query matched (so far, while listing). */
  matched: number;
  listed: boolean;
  reset: number;
  skipped: number;
  failed: number;
  resumed: boolean;
}

export type BatchRequest = { query: string; to: ResetTarget; reason: string; confirm: number } | { resume: string };

/** How many case workflows a query matches now, and the first few: what a batch reset would reach. */
export async function previewBatch(ctx: ServiceContext, query: string) {
  const effective = casesQuery(query);
  const [counted, first] = await Promise.all([
    ctx.temporal.workflowService.countWorkflowExecutions({ namespace: ctx.temporal.options.namespace, query: effective }),
    ctx.temporal.workflowService.listWorkflowExecutions({ namespace: ctx.temporal.options.namespace, query: effective, pageSize: 10 }),
  ]).catch((error) => {
    throw asQueryError(error);
  });
  return { matched: Number(counted.count ?? 0), query: effective, sample: (first.executions ?? []).map((e) => e.execution!.workflowId!) };
}

const targetText = (to: ResetTarget) => String(to);
const targetOf = (text: string): ResetTarget => (text === 'last-workflow-task' || text === 'first-workflow-task' ? text : Number(text));

export async function resetBatch(
  ctx: ServiceContext,
  actor: Actor,
  request: BatchRequest,
  onProgress?: (p: BatchProgress, item?: { workflowId: string; state: string; error?: string }) => void,
  concurrency = 8,
) {
  const batch = await openBatch(ctx, actor, request);
  const progress = async (): Promise<BatchProgress> => {
    const byState = await ctx.db
      .select({ state: opsBatchItems.state, n: count() })
      .from(opsBatchItems)
      .where(eq(opsBatchItems.batchId, batch.id))
      .groupBy(opsBatchItems.state);
    const n = (state: string) => Number(byState.find((b) => b.state === state)?.n ?? 0);
    return {
      batchId: batch.id,
      matched: byState.reduce((sum, b) => sum + Number(b.n), 0),
      listed: !!batch.listedAt,
      reset: n('reset'),
      skipped: n('skipped'),
      failed: n('failed'),
      resumed: batch.resumed,
    };
  };

  // 1. List every match with its run (resumable from the page token).
  while (!batch.listedAt) {
    const page = await ctx.temporal.workflowService
      .listWorkflowExecutions({
        namespace: ctx.temporal.options.namespace,
        query: batch.query,
        pageSize: 1000,
        nextPageToken: batch.listToken ? Buffer.from(batch.listToken, 'base64') : undefined,
      })
      .catch((error) => {
        throw asQueryError(error);
      });
    const items = (page.executions ?? [])
      .filter((e) => CASE_WORKFLOW_TYPES.includes(e.type?.name ?? ''))
      .map((e) => ({ batchId: batch.id, workflowId: e.execution!.workflowId!, runId: e.execution!.runId! }));
    if (items.length) await ctx.db.insert(opsBatchItems).values(items).onConflictDoNothing();
    const next = page.nextPageToken?.length ? Buffer.from(page.nextPageToken).toString('base64') : null;
    batch.listToken = next;
    batch.listedAt = next ? null : new Date();
    await ctx.db.update(opsBatches).set({ listToken: batch.listToken, listedAt: batch.listedAt }).where(eq(opsBatches.id, batch.id));
    onProgress?.(await progress());
  }

  // 2. Reset the pending items, a few at a time (counted in memory: a line per item must not cost a count over 10,000 rows).
  const to = targetOf(batch.target);
  const counts = await progress();
  for (;;) {
    const pending = await ctx.db
      .select({ workflowId: opsBatchItems.workflowId, runId: opsBatchItems.runId })
      .from(opsBatchItems)
      .where(and(eq(opsBatchItems.batchId, batch.id), eq(opsBatchItems.state, 'pending')))
      .orderBy(opsBatchItems.workflowId)
      .limit(concurrency * 8);
    if (pending.length === 0) break;
    for (let i = 0; i < pending.length; i += concurrency) {
      await Promise.all(
        pending.slice(i, i + concurrency).map(async (item) => {
          const done = await resetOne(ctx, actor, batch.id, item, to, batch.reason);
          await ctx.db
            .update(opsBatchItems)
            .set({ ...done, doneAt: new Date() })
            .where(and(eq(opsBatchItems.batchId, batch.id), eq(opsBatchItems.workflowId, item.workflowId)));
          counts[done.state] += 1;
          onProgress?.({ ...counts }, { workflowId: item.workflowId, state: done.state, error: done.error ?? undefined });
        }),
      );
    }
  }
  await ctx.db.update(opsBatches).set({ finishedAt: new Date() }).where(eq(opsBatches.id, batch.id));
  const final = await progress();
  const { matched, reset, skipped, failed } = final;
  await audit(ctx.db, actor, 'ops.reset_batch.finished', { type: 'ops_batch', id: batch.id }, { matched, reset, skipped, failed });
  const results = await ctx.db
    .select({ workflowId: opsBatchItems.workflowId, runId: opsBatchItems.newRunId, state: opsBatchItems.state, error: opsBatchItems.error })
    .from(opsBatchItems)
    .where(eq(opsBatchItems.batchId, batch.id))
    .orderBy(opsBatchItems.workflowId);
  return {
    ...final,
    results: results.map((r) => ({ workflowId: r.workflowId, runId: r.runId ?? undefined, state: r.state, error: r.error ?? undefined })),
  };
}

async function resetOne(
  ctx: ServiceContext,
  actor: Actor,
  batchId: string,
  item: { workflowId: string; runId: string },
  to: ResetTarget,
  reason: string,
): Promise<{ state: 'reset' | 'skipped' | 'failed'; newRunId: string | null; error: string | null }> {
  try {
    const current = await ctx.temporal.workflow.getHandle(item.workflowId).describe();
    if (current.runId !== item.runId) {
      await recordInterruptedReset(ctx, actor, item.workflowId, { fromRunId: item.runId, currentRunId: current.runId, to, reason });
      return { state: 'skipped', newRunId: current.runId, error: null };
    }
    const r = await resetWorkflow(ctx, actor, item.workflowId, to, reason, { requestId: `${batchId}:${item.workflowId}` });
    return { state: 'reset', newRunId: r.runId, error: null };
  } catch (error) {
    return { state: 'failed', newRunId: null, error: (error as Error).message.slice(0, 1000) };
  }
}

/** The batch to run: the one named, the unfinished one with the same query, target and reason, or a new one. */
async function openBatch(ctx: ServiceContext, actor: Actor, request: BatchRequest) {
  const columns = {
    id: opsBatches.id,
    query: opsBatches.query,
    target: opsBatches.target,
    reason: opsBatches.reason,
    listToken: opsBatches.listToken,
    listedAt: opsBatches.listedAt,
  };
  if ('resume' in request) {
    const [found] = await ctx.db
      .select(columns)
      .from(opsBatches)
      .where(and(eq(opsBatches.id, request.resume), isNull(opsBatches.finishedAt)))
      .catch(() => []);
    if (!found) throw notFound('unfinished batch');
    await audit(ctx.db, actor, 'ops.reset_batch.resume', { type: 'ops_batch', id: found.id }, {});
    return { ...found, resumed: true };
  }
  const [unfinished] = await ctx.db
    .select(columns)
    .from(opsBatches)
    .where(
      and(
        eq(opsBatches.query, casesQuery(request.query)),
        eq(opsBatches.target, targetText(request.to)),
        eq(opsBatches.reason, request.reason),
        isNull(opsBatches.finishedAt),
      ),
    )
    .orderBy(sql`${opsBatches.createdAt} desc`)
    .limit(1);
  if (unfinished) {
    await audit(ctx.db, actor, 'ops.reset_batch.resume', { type: 'ops_batch', id: unfinished.id }, {});
    return { ...unfinished, resumed: true };
  }
  const { matched, query } = await previewBatch(ctx, request.query);
  if (matched !== request.confirm) {
    throw new AppError(
      409,
      'CONFIRMATION_MISMATCH',
      `the query matches ${matched} workflows, not ${request.confirm}: preview it again and confirm that count`,
      {
        matched,
        confirm: request.confirm,
      },
    );
  }
  // The listing runs the restricted query: the batch row keeps it, so a resume lists the same workflows.
  const created = { id: randomUUID(), query, target: targetText(request.to), reason: request.reason, actorUser: actor.userId };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(opsBatches).values(created);
    await audit(
      tx,
      actor,
      'ops.reset_batch',
      { type: 'ops_batch', id: created.id },
      { query: request.query, to: request.to, reason: request.reason, confirm: request.confirm, matched },
    );
  });
  return { ...created, listToken: null as string | null, listedAt: null as Date | null, resumed: false };
}
