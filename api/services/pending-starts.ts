// Application workflows owed a start (see `pendingStarts` in db/schema.ts). Starting is idempotent:
// a running workflow is reused and a finished one is never started again, so the API, a client's
// retry and the sweeper may all try the same entry.
import { and, eq, lt, sql } from 'drizzle-orm';
import { workflowIds } from '../../contract/ids.js';
import { startApplication } from '../../contract/starts.js';
import type { ApplicationState } from '../../domain/application.js';
import { pendingStarts } from '../../db/schema.js';
import type { ServiceContext } from '../context.js';

type Executor = Pick<ServiceContext['db'], 'insert'>;

/** Records, inside the creating transaction, that this application's workflow must be started. */
export async function owePendingStart(tx: Executor, state: ApplicationState, taskQueue: string): Promise<void> {
  await tx
    .insert(pendingStarts)
    .values({ workflowId: workflowIds.application(state.id), caseId: state.id, state: state as unknown as Record<string, unknown>, taskQueue });
}

/** Starts the workflow owed for this application, if any (on the task queue it was owed on), and settles the debt. True if one was owed. */
export async function settlePendingStart(ctx: ServiceContext, caseId: string): Promise<boolean> {
  const workflowId = workflowIds.application(caseId);
  const [owed] = await ctx.db.select().from(pendingStarts).where(eq(pendingStarts.workflowId, workflowId));
  if (!owed) return false;
  await startApplication(ctx.temporal, owed.taskQueue, owed.state as unknown as ApplicationState, ctx.policy);
  await ctx.db.delete(pendingStarts).where(eq(pendingStarts.workflowId, workflowId));
  return true;
}

/** Settles debts older than `olderThanMs` (their creating request died or could not reach Temporal). */
export async function sweepPendingStarts(ctx: ServiceContext, olderThanMs: number, limit = 200): Promise<number> {
  const owed = await ctx.db
    .select({ caseId: pendingStarts.caseId })
    .from(pendingStarts)
    .where(and(eq(pendingStarts.taskQueue, ctx.taskQueue), lt(pendingStarts.createdAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
    .limit(limit);
  for (const { caseId } of owed) await settlePendingStart(ctx, caseId);
  return owed.length;
}

/** Runs the sweep every `intervalMs` until the returned stop function is called. */
export function runPendingStartSweeper(ctx: ServiceContext, intervalMs = 10_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepPendingStarts(ctx, intervalMs)
      .then((n) => n && ctx.log.warn({ started: n }, 'started application workflows owed by interrupted creations'))
      .catch((error) => ctx.log.warn({ err: error }, 'pending-start sweep failed; will retry'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
