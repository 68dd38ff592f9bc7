// Operators' tools, shared by the HTTP routes and the `npm run ops` CLI: find stuck workflows
// (the record's indexed queries wherever a case is, and running workflows a page at a time through
// visibility and their own state query), retry, reset, replay, reconcile. Batch resets: ops-batch.ts.
import { createHash, randomUUID } from 'node:crypto';
import { status as grpc } from '@grpc/grpc-js';
import proto from '@temporalio/proto';
import Long from 'long';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { parseWorkflowId, WORKFLOW_TYPES } from '../../contract/ids.js';
import type { ProjectedState, ReplayResult } from '../../contract/inputs.js';
import { STATE_QUERY } from '../../contract/messages.js';
import { runReplay } from '../../contract/starts.js';
import type { CaseState } from '../../domain/case.js';
import type { EscalationState } from '../../domain/escalation.js';
import type { Actor } from '../../domain/vocabulary.js';
import { CASE_TABLES, pastDeadlineWithoutProgress } from '../../db/case-tables.js';
import { upsertCaseRow } from '../../db/projection.js';
import { activityFailures, applications, escalations, history, pendingStarts, workOrders } from '../../db/schema.js';
import { recordOutsideRun } from '../../db/projection.js';
import { audit as auditLog } from '../auth/audit.js';
import type { ServiceContext } from '../context.js';
import { AppError, badRequest, notFound, unprocessable } from '../errors.js';
import { settlePendingStart } from './pending-starts.js';
import { grpcCode } from '../temporal-errors.js';

export type StuckReason = 'deadline_passed' | 'workflow_not_started' | 'activity_failing' | 'workflow_task_failing' | 'out_of_step';

export interface StuckRow {
  workflowId: string;
  kind: string;
  subjectId: string;
  reason: StuckReason;
  since: string;
  detail: Record<string, unknown>;
}

const EventType = proto.temporal.api.enums.v1.EventType;
const WorkflowTaskFailedCause = proto.temporal.api.enums.v1.WorkflowTaskFailedCause;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : new Date(0).toISOString());
const tsToIso = (t: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined) =>
  t?.seconds
    ? new Date(Number(typeof t.seconds === 'number' ? t.seconds : t.seconds.toNumber()) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString()
    : undefined;

/** Cases whose deadline passed with no transition recorded since (a timer did not fire: worker down, workflow gone). */
async function pastDeadline(ctx: ServiceContext, graceMs: number): Promise<StuckRow[]> {
  const cutoff = new Date(Date.now() - graceMs);
  const found = await Promise.all(
    Object.entries(CASE_TABLES).map(async ([kind, t]) => {
      const rows = await ctx.db
        .select({ id: t.id, workflowId: t.workflowId, status: t.status, deadline: t.currentDeadline, clock: t.currentClock })
        .from(t as typeof applications)
        .where(pastDeadlineWithoutProgress(t, cutoff))
        .limit(1000);
      return rows.map((r) => ({
        workflowId: r.workflowId,
        kind,
        subjectId: r.id,
        reason: 'deadline_passed' as const,
        since: iso(r.deadline),
        detail: { status: r.status, clock: r.clock },
      }));
    }),
  );
  return found.flat();
}

/** Applications reserved by the API whose workflow start is still owed (pending_starts): Temporal refused or was unreachable. */
async function notStarted(ctx: ServiceContext, graceMs: number): Promise<StuckRow[]> {
  const rows = await ctx.db
    .select({ id: pendingStarts.caseId, workflowId: pendingStarts.workflowId, createdAt: pendingStarts.createdAt, taskQueue: pendingStarts.taskQueue })
    .from(pendingStarts)
    .where(lt(pendingStarts.createdAt, new Date(Date.now() - graceMs)))
    .orderBy(pendingStarts.createdAt)
    .limit(1000);
  return rows.map((r) => ({
    workflowId: r.workflowId,
    kind: 'application',
    subjectId: r.id,
    reason: 'workflow_not_started',
    since: iso(r.createdAt),
    detail: { taskQueue: r.taskQueue },
  }));
}

/** The rows a case workflow writes: an application's (and its work order's), or an escalation's latest. */
async function recordsOf(ctx: ServiceContext, workflowId: string): Promise<{ kind: ProjectedState['kind']; id: string; status: string; seq: number }[]> {
  const parsed = parseWorkflowId(workflowId);
  if (!parsed) return [];
  if (parsed.kind === 'escalation') {
    const rows = await ctx.db
      .select({ id: escalations.id, status: escalations.status, seq: escalations.seq })
      .from(escalations)
      .where(eq(escalations.workflowId, workflowId))
      .orderBy(desc(escalations.openedAt))
      .limit(1);
    return rows.map((r) => ({ kind: 'escalation', ...r }));
  }
  const [app] = await ctx.db
    .select({ id: applications.id, status: applications.status, seq: applications.seq })
    .from(applications)
    .where(eq(applications.id, parsed.subjectId));
  const [order] = await ctx.db
    .select({ id: workOrders.id, status: workOrders.status, seq: workOrders.seq })
    .from(workOrders)
    .where(eq(workOrders.applicationId, parsed.subjectId));
  return [...(app ? [{ kind: 'application' as const, ...app }] : []), ...(order ? [{ kind: 'workOrder' as const, ...order }] : [])];
}

/** The records a case workflow holds, from its `state` query. */
function statesOf(state: CaseState | EscalationState): ProjectedState[] {
  if ('kind' in state) return [state];
  return state.workOrder ? [state.application, state.workOrder] : [state.application];
}

/** Activities failing now: the rows the workers' interceptor keeps, each confirmed by Temporal (stale rows are dropped). */
async function failingActivities(ctx: ServiceContext, limit: number): Promise<StuckRow[]> {
  const failures = await ctx.db.select().from(activityFailures).orderBy(activityFailures.failedAt).limit(limit);
  const rows: StuckRow[] = [];
  const confirm = async (workflowId: string) => {
    const parsed = parseWorkflowId(workflowId);
    const raw = await ctx.temporal.workflow
      .getHandle(workflowId)
      .describe()
      .then((d) => d.raw)
      .catch(() => undefined);
    const failing = (raw?.pendingActivities ?? []).filter((a) => (a.attempt ?? 1) > 1);
    for (const a of failing) {
      rows.push({
        workflowId,
        kind: parsed?.kind ?? 'unknown',
        subjectId: parsed?.subjectId ?? '',
        reason: 'activity_failing',
        since: tsToIso(a.lastStartedTime) ?? tsToIso(a.scheduledTime) ?? iso(null),
        detail: {
          activityId: a.activityId,
          activityType: a.activityType?.name,
          attempt: a.attempt,
          lastFailure: a.lastFailure?.message ?? null,
          nextAttempt: tsToIso(a.nextAttemptScheduleTime) ?? null,
        },
      });
    }
    // Closed, reset or recovered meanwhile: the row no longer says anything.
    const stale = failures.filter((f) => f.workflowId === workflowId && !failing.some((a) => a.activityId === f.activityId));
    for (const f of stale) {
      await ctx.db
        .delete(activityFailures)
        .where(and(eq(activityFailures.workflowId, f.workflowId), eq(activityFailures.activityId, f.activityId), eq(activityFailures.failedAt, f.failedAt)));
    }
  };
  const ids = [...new Set(failures.map((f) => f.workflowId))];
  for (let i = 0; i < ids.length; i += 32) await Promise.all(ids.slice(i, i + 32).map((id) => confirm(id).catch(() => undefined)));
  return rows;
}

const RUNNING_CASES = `ExecutionStatus = 'Running' AND BpmKind IN ('application', 'escalation')`;

/** The records of many case workflows in two queries: by workflow id. */
async function recordsOfMany(ctx: ServiceContext, workflowIds: string[]) {
  const out = new Map<string, { kind: ProjectedState['kind']; status: string; seq: number }[]>();
  if (workflowIds.length === 0) return out;
  const add = (workflowId: string, r: { kind: ProjectedState['kind']; status: string; seq: number }) =>
    out.set(workflowId, [...(out.get(workflowId) ?? []), r]);
  const apps = await ctx.db
    .select({
      workflowId: applications.workflowId,
      status: applications.status,
      seq: applications.seq,
      orderStatus: workOrders.status,
      orderSeq: workOrders.seq,
    })
    .from(applications)
    .leftJoin(workOrders, eq(workOrders.applicationId, applications.id))
    .where(inArray(applications.workflowId, workflowIds));
  for (const a of apps) {
    add(a.workflowId, { kind: 'application', status: a.status, seq: a.seq });
    if (a.orderStatus !== null && a.orderSeq !== null) add(a.workflowId, { kind: 'workOrder', status: a.orderStatus, seq: a.orderSeq });
  }
  const escs = await ctx.db
    .selectDistinctOn([escalations.workflowId], { workflowId: escalations.workflowId, status: escalations.status, seq: escalations.seq })
    .from(escalations)
    .where(inArray(escalations.workflowId, workflowIds))
    .orderBy(escalations.workflowId, desc(escalations.openedAt));
  for (const e of escs) add(e.workflowId, { kind: 'escalation', status: e.status, seq: e.seq });
  return out;
}

/**
 * One page of running case workflows (visibility, newest first), each checked against the record:
 * its own `state` (a worker's answer) against the rows; no answer, a workflow task failing. The
 * page token goes on to the next page, so a scan over any number of open cases is paged.
 */
async function inspectRunning(
  ctx: ServiceContext,
  graceMs: number,
  pageSize: number,
  token?: Uint8Array,
): Promise<{ rows: StuckRow[]; next?: Uint8Array; scanned: number }> {
  const page = await ctx.temporal.workflowService.listWorkflowExecutions({
    namespace: ctx.temporal.options.namespace,
    query: RUNNING_CASES,
    pageSize,
    nextPageToken: token,
  });
  const ids = (page.executions ?? []).map((e) => e.execution?.workflowId ?? '').filter(Boolean);
  const records = await recordsOfMany(ctx, ids);
  const rows: StuckRow[] = [];
  const inspect = async (workflowId: string) => {
    const parsed = parseWorkflowId(workflowId);
    const kind = parsed?.kind ?? 'unknown';
    const subjectId = parsed?.subjectId ?? '';
    const handle = ctx.temporal.workflow.getHandle(workflowId);
    // A workflow no worker serves, or whose task fails, cannot answer: do not let it hold up the scan.
    const held = await ctx.temporal.withDeadline(Date.now() + 1_500, () => handle.query<CaseState | EscalationState>(STATE_QUERY)).catch(() => undefined);
    if (!held) {
      const task = (await handle.describe()).raw.pendingWorkflowTask;
      if (task && (task.attempt ?? 1) > 1) {
        rows.push({
          workflowId,
          kind,
          subjectId,
          reason: 'workflow_task_failing',
          since: tsToIso(task.originalScheduledTime) ?? tsToIso(task.scheduledTime) ?? iso(null),
          detail: { attempt: task.attempt },
        });
      }
      return;
    }
    for (const state of statesOf(held)) {
      // A transition in flight is not a disagreement: only settled states are compared.
      if (Date.now() - Date.parse(state.updatedAt) < Math.min(graceMs, 2_000)) continue;
      const row = records.get(workflowId)?.find((r) => r.kind === state.kind);
      if (!row || row.status !== state.status || row.seq !== state.seq) {
        rows.push({
          workflowId,
          kind,
          subjectId,
          reason: 'out_of_step',
          since: state.updatedAt,
          detail: { record: state.kind, database: row ? { status: row.status, seq: row.seq } : null, workflow: { status: state.status, seq: state.seq } },
        });
        return;
      }
    }
  };
  for (let i = 0; i < ids.length; i += 32) await Promise.all(ids.slice(i, i + 32).map((id) => inspect(id).catch(() => undefined)));
  return { rows, next: page.nextPageToken?.length ? page.nextPageToken : undefined, scanned: ids.length };
}

/** An opaque cursor over Temporal's page token, with a check that tells one this API issued (Temporal answers a bad token with UNKNOWN). */
const tokenCheck = (token: Uint8Array) => createHash('sha256').update('postal-bpm stuck cursor').update(token).digest('base64url').slice(0, 12);
const stuckCursor = (token: Uint8Array) => `${Buffer.from(token).toString('base64url')}.${tokenCheck(token)}`;
function pageToken(cursor: string): Uint8Array {
  const [encoded = '', check] = cursor.split('.');
  const token = Buffer.from(encoded, 'base64url');
  if (!token.length || check !== tokenCheck(token)) throw badRequest('cursor is not one this API issued', [{ field: 'cursor', rule: 'opaque cursor' }]);
  return token;
}

export interface StuckPage {
  rows: StuckRow[];
  /** Where the next page of running workflows starts (absent after the last). */
  cursor?: string;
  /** Running case workflows checked on this page. */
  scanned: number;
}

/**
 * What is stuck, a page at a time. The first page (no cursor) holds everything the record shows
 * wherever it is among the open cases (deadlines passed, starts owed, activities failing: indexed
 * queries) and the first `limit` running workflows checked against their own state; each further
 * page checks the next `limit` running workflows.
 */
export async function findStuckPage(ctx: ServiceContext, options: { graceMs?: number; limit?: number; cursor?: string } = {}): Promise<StuckPage> {
  const graceMs = options.graceMs ?? 60_000;
  const limit = options.limit ?? 500;
  const token = options.cursor ? pageToken(options.cursor) : undefined;
  const [recorded, running] = await Promise.all([
    token ? [] : Promise.all([pastDeadline(ctx, graceMs), notStarted(ctx, graceMs), failingActivities(ctx, limit)]).then((all) => all.flat()),
    inspectRunning(ctx, graceMs, limit, token),
  ]);
  return {
    rows: [...running.rows, ...recorded].sort((a, b) => a.since.localeCompare(b.since)),
    cursor: running.next ? stuckCursor(running.next) : undefined,
    scanned: running.scanned,
  };
}

/**
 * Writes what an operator did to a workflow to the audit log (/v1/audit: who, what, which case,
 * why) and to the case's history (outside any run: its own run id, seq 0), together.
 */
async function audit(ctx: ServiceContext, actor: Actor, workflowId: string, action: string, detail: Record<string, unknown>) {
  const target = (await recordsOf(ctx, workflowId))[0];
  await ctx.db.transaction(async (tx) => {
    await auditLog(tx, actor, `ops.${action}`, { type: 'workflow', id: workflowId }, { caseKind: target?.kind ?? null, caseId: target?.id ?? null, ...detail });
    if (target) await recordOutsideRun(tx, { caseKind: target.kind, caseId: target.id, workflowId, source: 'ops', actor, action: `ops_${action}`, detail });
  });
}

/** The workflow types operators act on: this service's cases, never another application's workflows in the namespace. */
export const CASE_WORKFLOW_TYPES: readonly string[] = [WORKFLOW_TYPES.application, WORKFLOW_TYPES.escalation];

/**
 * A caller's visibility query limited to this service's case workflows. The caller's part stays
 * inside its parentheses: one that would close them (to OR its way out) is refused.
 */
export function casesQuery(query: string): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) break;
  }
  if (depth !== 0 || quote) throw unprocessable('query', 'balancedParentheses', 'the query’s parentheses and quotes must be balanced');
  return `WorkflowType IN (${CASE_WORKFLOW_TYPES.map((t) => `'${t}'`).join(', ')}) AND (${query})`;
}

/** A case workflow of this service, or 404 (another application's workflow is not ours to touch). */
async function describeOr404(ctx: ServiceContext, workflowId: string) {
  try {
    const d = await ctx.temporal.workflow.getHandle(workflowId).describe();
    if (!CASE_WORKFLOW_TYPES.includes(d.type)) throw notFound('workflow');
    return d;
  } catch (error) {
    if ((error as Error).name === 'WorkflowNotFoundError') throw notFound('workflow');
    throw error;
  }
}

/** Asks the failing activities of a workflow to run again now (attempts reset). */
export async function retryActivities(ctx: ServiceContext, actor: Actor, workflowId: string, reason?: string) {
  // A case whose workflow start is owed (workflow_not_started): the retry is starting it.
  const parsed = parseWorkflowId(workflowId);
  if (parsed?.kind === 'application' && (await settlePendingStart(ctx, parsed.subjectId))) {
    await audit(ctx, actor, workflowId, 'retry', { started: true, reason: reason ?? null });
    const started = await describeOr404(ctx, workflowId);
    return { workflowId, runId: started.runId, retried: [], started: true };
  }
  const d = await describeOr404(ctx, workflowId);
  const pending = (d.raw.pendingActivities ?? []).map((a) => a.activityId ?? '');
  if (pending.length === 0) throw new AppError(409, 'NOTHING_TO_RETRY', 'the workflow has no pending activity', { status: d.status.name });
  for (const id of pending) {
    try {
      await ctx.temporal.workflowService.resetActivity({
        namespace: ctx.temporal.options.namespace,
        execution: { workflowId, runId: d.runId },
        id,
        resetHeartbeat: true,
        identity: actor.userId,
      });
    } catch (error) {
      // It completed between describe and reset: nothing left to retry for that one.
      if (grpcCode(error) !== grpc.NOT_FOUND) throw error;
    }
  }
  // Why: each activity's last failure, as the operator saw it.
  const failures = (d.raw.pendingActivities ?? []).map((a) => ({ activityId: a.activityId, attempt: a.attempt, lastFailure: a.lastFailure?.message ?? null }));
  await audit(ctx, actor, workflowId, 'retry', { activities: pending, failures, reason: reason ?? null });
  return { workflowId, runId: d.runId, retried: pending, started: false };
}

export type ResetTarget = 'last-workflow-task' | 'first-workflow-task' | number;

/** What happened just before a workflow task, in words an operator can choose a reset point by. */
function describeEvent(e: proto.temporal.api.history.v1.IHistoryEvent): string | undefined {
  switch (e.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      return 'started';
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
      return `update ${e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? ''}`.trim();
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      return `signal ${e.workflowExecutionSignaledEventAttributes?.signalName ?? ''}`.trim();
    case EventType.EVENT_TYPE_TIMER_FIRED:
      return 'timer fired';
    case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      return 'activity completed';
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      return 'activity failed';
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
      return 'child workflow started';
    default:
      return undefined;
  }
}

/** The points a workflow's current run can be reset to: each completed workflow task, with what led to it. */
export async function resetPoints(ctx: ServiceContext, workflowId: string) {
  const d = await describeOr404(ctx, workflowId);
  const events = (await ctx.temporal.workflow.getHandle(workflowId, d.runId).fetchHistory()).events ?? [];
  const points: { eventId: number; at: string; after: string[] }[] = [];
  let since: string[] = [];
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      points.push({ eventId: Number(e.eventId), at: tsToIso(e.eventTime) ?? iso(null), after: since });
      since = [];
    } else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED && points.length) {
      // An update is recorded just after the task that took it: it belongs to that point.
      points.at(-1)!.after.push(describeEvent(e)!);
    } else {
      const what = describeEvent(e);
      if (what) since.push(what);
    }
  }
  return { workflowId, runId: d.runId, points };
}

/**
 * Resets a workflow to a workflow-task boundary; signals and updates after that point are reapplied.
 * The same `requestId` again on the run it made is answered with that run (Temporal de-duplicates).
 */
export async function resetWorkflow(
  ctx: ServiceContext,
  actor: Actor,
  workflowId: string,
  to: ResetTarget,
  reason: string,
  options: { requestId?: string; syncRecord?: boolean } = {},
) {
  const requestId = options.requestId ?? randomUUID();
  const d = await describeOr404(ctx, workflowId);
  const handle = ctx.temporal.workflow.getHandle(workflowId, d.runId);
  const events = (await handle.fetchHistory()).events ?? [];
  const finishes = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).map((e) => Number(e.eventId));
  const eventId = to === 'last-workflow-task' ? finishes.at(-1) : to === 'first-workflow-task' ? finishes[0] : finishes.includes(to) ? to : undefined;
  if (eventId === undefined)
    throw unprocessable(
      'to',
      'workflowTaskCompletedEvent',
      `event ${String(to)} is not a WorkflowTaskCompleted event of this run (those are: ${finishes.join(', ')})`,
    );
  const result = await ctx.temporal.workflowService.resetWorkflowExecution({
    namespace: ctx.temporal.options.namespace,
    workflowExecution: { workflowId, runId: d.runId },
    reason: resetReason(reason, actor),
    workflowTaskFinishEventId: Long.fromNumber(eventId),
    requestId,
    resetReapplyExcludeTypes: [],
  });
  const runId = result.runId ?? '';
  // The new run does not write again what it recorded before the reset point, so rows that had
  // drifted from the workflow stay drifted: bring them in step with the new run's state. A batch
  // leaves this to the stuck scan (one state query per workflow would halve its pace).
  // Within 5 s: with no worker to answer the query the reset stands and the stuck scan shows the row.
  const record = options.syncRecord
    ? await ctx.temporal.withDeadline(Date.now() + 5_000, () => syncRecords(ctx, workflowId, runId)).catch((error) => ({ error: String(error) }))
    : undefined;
  await audit(ctx, actor, workflowId, 'reset', { reason, to, eventId, fromRunId: d.runId, runId, ...(record ? { record } : {}) });
  return { workflowId, previousRunId: d.runId, runId, eventId };
}

/** The reason Temporal records with a reset (on the workflow task it fails in the new run). */
const resetReason = (reason: string, actor: Actor) => `${reason} (by ${actor.userId})`;

/**
 * A reset of run `fromRunId` that Temporal made but whose audit entry was never written (the
 * operator's process died between the two): found by the mark the reset leaves in the run it made
 * (the workflow task it failed, naming the base run and the reason), it gets its entry now.
 */
export async function recordInterruptedReset(
  ctx: ServiceContext,
  actor: Actor,
  workflowId: string,
  reset: { fromRunId: string; currentRunId: string; to: ResetTarget; reason: string },
): Promise<void> {
  const [recorded] = await ctx.db
    .select({ id: history.id })
    .from(history)
    .where(and(eq(history.workflowId, workflowId), eq(history.action, 'ops_reset'), sql`${history.detail}->>'fromRunId' = ${reset.fromRunId}`))
    .limit(1);
  if (recorded) return;
  const events = (await ctx.temporal.workflow.getHandle(workflowId, reset.currentRunId).fetchHistory()).events ?? [];
  const mark = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED &&
      e.workflowTaskFailedEventAttributes?.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW &&
      e.workflowTaskFailedEventAttributes.baseRunId === reset.fromRunId &&
      e.workflowTaskFailedEventAttributes.failure?.message === resetReason(reset.reason, actor),
  );
  if (!mark) return; // reset by someone else
  const runId = mark.workflowTaskFailedEventAttributes!.newRunId || reset.currentRunId;
  await audit(ctx, actor, workflowId, 'reset', {
    reason: reset.reason,
    to: reset.to,
    eventId: Number(mark.eventId),
    fromRunId: reset.fromRunId,
    runId,
    recordedAfterInterruption: true,
  });
}

/** Lists the case workflows a visibility query matches; a malformed query is the caller's error (422). */
async function listIds(ctx: ServiceContext, query: string, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const wf of ctx.temporal.workflow.list({ query: casesQuery(query) })) {
      if (!CASE_WORKFLOW_TYPES.includes(wf.type)) continue;
      ids.push(wf.workflowId);
      if (ids.length >= limit) break;
    }
  } catch (error) {
    throw asQueryError(error);
  }
  return ids;
}

/** A visibility query Temporal cannot parse is the caller's error (422 naming the field); anything else stays as it is. */
export function asQueryError(error: unknown): unknown {
  return grpcCode(error) === grpc.INVALID_ARGUMENT
    ? unprocessable('query', 'visibilityQuery', `not a valid visibility query: ${(error as Error).message}`)
    : error;
}

/**
 * Replays recorded histories against the workflow code the workers run (an ops job on a worker,
 * which holds that code) and reports which are deterministic.
 */
export async function replay(ctx: ServiceContext, actor: Actor, options: ReplayTargets): Promise<ReplayResult[]> {
  const ids = await replayTargets(ctx, options);
  const results = ids.length ? await runReplay(ctx.temporal, ctx.taskQueue, ids) : [];
  await auditReplay(ctx, actor, options, results);
  return results;
}

/** A replay in the audit log: what was asked for, which workflows were replayed, which are not deterministic. */
export async function auditReplay(ctx: ServiceContext, actor: Actor, options: ReplayTargets, results: ReplayResult[]) {
  await auditLog(
    ctx.db,
    actor,
    'ops.replay',
    { type: 'ops', id: 'replay' },
    {
      query: options.query ?? null,
      reason: options.reason ?? null,
      workflowIds: results.map((r) => r.workflowId),
      replayed: results.length,
      deterministic: results.filter((r) => r.deterministic).length,
      nonDeterministic: results.filter((r) => !r.deterministic).map((r) => r.workflowId),
    },
  );
}

export interface ReplayTargets {
  workflowIds?: string[];
  query?: string;
  limit?: number;
  reason?: string;
}

/** The workflows to replay: the ids given (each must exist), or those a visibility query matches. */
export async function replayTargets(ctx: ServiceContext, options: ReplayTargets): Promise<string[]> {
  if (!options.workflowIds?.length) return listIds(ctx, options.query || `BpmKind IN ('application', 'escalation')`, options.limit ?? 200);
  for (const id of options.workflowIds) await describeOr404(ctx, id);
  return options.workflowIds;
}

/** Rewrites the database rows of a case from its workflow's own state (its `state` query). */
export async function reconcile(ctx: ServiceContext, actor: Actor, workflowId: string, reason?: string) {
  const d = await describeOr404(ctx, workflowId);
  const { before, after, records } = await syncRecords(ctx, workflowId, d.runId);
  await audit(ctx, actor, workflowId, 'reconcile', { before, after, records, reason: reason ?? null });
  return { workflowId, runId: d.runId, before, after };
}

/** Rewrites a case's rows from the `state` query of its run `runId`: the workflow owns the state. */
async function syncRecords(ctx: ServiceContext, workflowId: string, runId: string) {
  const states = statesOf(await ctx.temporal.workflow.getHandle(workflowId, runId).query<CaseState | EscalationState>(STATE_QUERY));
  const records = await recordsOf(ctx, workflowId);
  const before = records[0] ? { status: records[0].status, seq: records[0].seq } : null;
  await ctx.db.transaction(async (tx) => {
    for (const state of states) await upsertCaseRow(tx, state, workflowId, runId, false);
  });
  const after = { status: states[0]!.status, seq: states[0]!.seq };
  return { before, after, records: states.map((st) => ({ kind: st.kind, status: st.status, seq: st.seq })) };
}
