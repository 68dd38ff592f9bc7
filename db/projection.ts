// Writing a workflow's transition to the record: each changed case's row and history entry, and the
// messages it causes, in one transaction. Idempotent: a history entry is unique per (workflow, run,
// seq), so a retried write inserts nothing, and a row is only overwritten by a newer transition.
// Used by the recordTransition activity, and by ops reconcile (rows only, from the workflow's state).
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { HistoryEntry, TransitionRecord, ProjectedState } from '../contract/inputs.js';
import type { ApplicationState } from '../domain/application.js';
import type { CasePolicy } from '../domain/policy.js';
import type { WorkOrderState } from '../domain/work-order.js';
import type { Actor } from '../domain/vocabulary.js';
import type { Db } from './client.js';
import { writeNotices, type NoticeSettings } from './notices.js';
import { refreshOrderFacts } from './performance.js';
import { applicationRow, escalationRow, workOrderRow } from './rows.js';
import { applications, assignmentDecisions, escalations, history, outbox, workOrders } from './schema.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function rowFor(state: ProjectedState, workflowId: string, runId: string | null) {
  switch (state.kind) {
    case 'application':
      return { table: applications, row: applicationRow(state, workflowId, runId) };
    case 'workOrder':
      return { table: workOrders, row: workOrderRow(state, workflowId, runId) };
    case 'escalation':
      return { table: escalations, row: escalationRow(state, workflowId, runId) };
  }
}

/** Upsert a case row; with `guarded`, a write older than the row (same run, lower seq) is skipped. */
export async function upsertCaseRow(tx: Tx, state: ProjectedState, workflowId: string, runId: string, guarded: boolean) {
  const { table, row } = rowFor(state, workflowId, runId);
  const t = table as typeof applications; // the three tables share id/seq/run_id columns
  const { id: _id, ...set } = row as typeof applications.$inferInsert;
  await tx
    .insert(table as PgTable)
    .values(row)
    .onConflictDoUpdate({
      target: t.id,
      set,
      setWhere: guarded ? or(sql`${t.seq} < ${state.seq}`, sql`${t.runId} is distinct from ${runId}`) : undefined,
    });
}

export interface WrittenTransition {
  /** Newly recorded entries (a retried write records none): for the metrics. */
  recorded: { kind: ProjectedState['kind']; action: string; status: string; detail: Record<string, unknown> }[];
  /** SMS waiting for the sender (notices are delivered by being written). */
  smsIds: string[];
}

function historyRow(state: Pick<ProjectedState, 'kind' | 'id'>, entry: HistoryEntry, workflowId: string, runId: string | null): typeof history.$inferInsert {
  return {
    caseKind: state.kind,
    caseId: state.id,
    workflowId,
    runId,
    seq: entry.seq,
    at: new Date(entry.at),
    actorUser: entry.actor.userId,
    actorOrg: entry.actor.org,
    actorRole: entry.actor.role,
    actorName: entry.actor.name ?? null,
    action: entry.action,
    detail: entry.detail,
    visibility: entry.visibility ?? 'all',
  };
}

/**
 * The API's reservation of a new application, in its creation transaction: the row and the case's
 * first history entry ('created', the state's seq), both outside any run (the workflow starts after
 * the commit and records from the next seq on).
 */
export async function reserveApplication(tx: Tx, state: ApplicationState, workflowId: string) {
  const [row] = await tx
    .insert(applications)
    .values(applicationRow(state, workflowId, null))
    .returning();
  await tx
    .insert(history)
    .values(
      historyRow(
        state,
        { seq: state.seq, at: state.createdAt, actor: state.createdBy, action: 'created', detail: { number: state.number, mailNumber: state.mailNumber } },
        workflowId,
        null,
      ),
    );
  return row!;
}

/**
 * `notices`: how notices are written (their email and webhook copies queued for a worker's relay);
 * `facts`: the policy whose calendars count the performance facts' business minutes.
 */
export async function writeTransition(
  db: Db,
  run: { workflowId: string; runId: string },
  t: TransitionRecord,
  o: { notices?: NoticeSettings; facts: { policy: CasePolicy; onError?: (error: unknown, workOrderId: string) => void } },
): Promise<WrittenTransition> {
  const messages = t.messages ?? [];
  return db.transaction(async (tx) => {
    const recorded: WrittenTransition['recorded'] = [];
    const orders = new Map<string, Pick<WorkOrderState, 'id' | 'problemCategory' | 'complexity'>>();
    for (const { state, entry } of t.writes) {
      const inserted = await tx
        .insert(history)
        .values(historyRow(state, entry, run.workflowId, run.runId))
        .onConflictDoNothing()
        .returning({ id: history.id });
      if (inserted.length === 0) continue;
      recorded.push({ kind: state.kind, action: entry.action, status: state.status, detail: entry.detail });
      await upsertCaseRow(tx, state, run.workflowId, run.runId, true);
      // The order took its automatic assignment: the decision no longer counts apart from the row.
      if (entry.action === 'auto_assigned' || entry.action === 'unassignable')
        await tx.delete(assignmentDecisions).where(eq(assignmentDecisions.workOrderId, state.id));
      if (state.kind === 'workOrder') orders.set(state.id, { id: state.id, problemCategory: state.problemCategory, complexity: state.complexity });
    }
    // The order's performance facts follow its history in the same transaction.
    for (const order of orders.values()) await refreshOrderFacts(tx, order, o.facts.policy, (e) => o.facts.onError?.(e, order.id));
    if (messages.length === 0) return { recorded, smsIds: [] };
    // Keyed by the causing case and transition, not the run: a transition run again after an ops reset does not message twice.
    const cause = t.writes[0]!;
    const keys = messages.map((_, i) => `${cause.state.kind}:${cause.state.id}:${cause.entry.seq}:${i}`);
    if (recorded.length > 0) {
      const inserted = await tx
        .insert(outbox)
        .values(
          messages.map((m, i) => ({
            dedupeKey: keys[i]!,
            channel: m.channel,
            event: m.event,
            recipientUser: m.to.userId ?? null,
            recipientOrg: m.to.org ?? null,
            recipientRole: m.to.role ?? null,
            body: m.body,
            caseKind: cause.state.kind,
            caseId: cause.state.id,
            // In-app notices are delivered by being written; only SMS wait for the gateway.
            ...(m.channel === 'notice' ? { status: 'sent' as const, sentAt: new Date(cause.entry.at) } : {}),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: outbox.id, dedupeKey: outbox.dedupeKey });
      // Each notice reaches its people now, in this transaction (a repeated write inserted nothing above).
      const written = inserted.map((r) => ({ outboxId: r.id, message: messages[keys.indexOf(r.dedupeKey)]! }));
      await writeNotices(tx, { state: cause.state, seq: cause.entry.seq, at: cause.entry.at }, written, o.notices);
    }
    if (!messages.some((m) => m.channel === 'sms')) return { recorded, smsIds: [] };
    const pending = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(inArray(outbox.dedupeKey, keys), eq(outbox.status, 'pending')));
    return { recorded, smsIds: pending.map((r) => r.id) };
  });
}

/**
 * A history entry of something done to a case outside its workflow (an operator's repair, a tag):
 * its own run key (`<source>:<uuid>`) and seq 0, so it never meets a run's sequence.
 */
export async function recordOutsideRun(
  tx: Pick<Db, 'insert'>,
  e: {
    caseKind: 'application' | 'workOrder' | 'escalation';
    caseId: string;
    workflowId: string;
    source: string;
    actor: Actor;
    action: string;
    detail: Record<string, unknown>;
    /** `department`: seen inside like an internal note. */
    visibility?: 'department';
  },
) {
  const entry = { seq: 0, at: new Date().toISOString(), actor: e.actor, action: e.action, detail: e.detail, visibility: e.visibility };
  await tx.insert(history).values(historyRow({ kind: e.caseKind, id: e.caseId }, entry, e.workflowId, `${e.source}:${randomUUID()}`));
}
