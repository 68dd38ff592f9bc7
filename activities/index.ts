// Activities: all I/O of the case workflows. Built by a factory that receives its dependencies;
// every activity is idempotent (a retried call has one effect).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { history, outbox, users, workOrders } from '../db/schema.js';
import type { WorkOrderState } from '../domain/work-order.js';
import { allocateNumber } from './numbering.js';
import { countTransition } from '../platform/metrics.js';
import { workOrderRow } from './rows.js';
import { upsertCaseRow } from './projection.js';
import type { SmsSender } from './sms.js';
import type { OutboxMessage, RecordTransitionInput } from './types.js';
import { startOrRaiseEscalation, type EscalationTrigger } from './escalation-trigger.js';

export interface ActivityDeps {
  db: Db;
  log: Logger;
  sms: SmsSender;
  /** Needed only by activities that start or signal other workflows. */
  client?: Client;
  taskQueue?: string;
}


function workflowContext(): { workflowId: string; runId: string } {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('activity called outside a workflow');
  return { workflowId: execution.workflowId, runId: execution.runId };
}

/** The directory's phone for a person, read when the message is sent (a changed number is used). */
async function phoneOf(db: Db, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [user] = await db.select({ phone: users.phone, active: users.active }).from(users).where(eq(users.id, userId));
  return user?.phone ?? null;
}

export function createActivities(deps: ActivityDeps) {
  const { db, log, sms } = deps;

  return {
    /** Writes one transition: history entry, the case row and any outbox messages, in one transaction. */
    async recordTransition(input: RecordTransitionInput): Promise<{ outboxIds: string[] }> {
      const { workflowId, runId } = workflowContext();
      const { state, entry, messages = [] } = input;
      return db.transaction(async (tx) => {
        const inserted = await tx
          .insert(history)
          .values({
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
          })
          .onConflictDoNothing()
          .returning({ id: history.id });
        // Keyed by case and transition, not run: a transition re-executed after an ops reset does not message twice.
        const keys = messages.map((_, i) => `${state.kind}:${state.id}:${entry.seq}:${i}`);
        if (inserted.length > 0) {
          countTransition(state.kind, entry.action, state.status, entry.detail);
          await upsertCaseRow(tx, state, workflowId, runId, true);
          for (const [i, m] of messages.entries()) {
            await tx
              .insert(outbox)
              .values({
                dedupeKey: keys[i]!,
                channel: m.channel,
                recipientUser: m.to.userId ?? null,
                recipientOrg: m.to.org ?? null,
                recipientRole: m.to.role ?? null,
                body: m.body,
                caseKind: state.kind,
                caseId: state.id,
                // In-app notices are delivered by being written; only SMS wait for the gateway.
                ...(m.channel === 'notice' ? { status: 'sent' as const, sentAt: new Date(entry.at) } : {}),
              })
              .onConflictDoNothing();
          }
        }
        if (!messages.some((m) => m.channel === 'sms')) return { outboxIds: [] };
        const rows = await tx.select({ id: outbox.id }).from(outbox).where(and(inArray(outbox.dedupeKey, keys), eq(outbox.status, 'pending')));
        return { outboxIds: rows.map((r) => r.id) };
      });
    },

    /**
     * Creates the work-order record on approval (numbered, with its deadlines). An application has
     * one work order: a repeat — or the approval run again after an ops reset, with a fresh id —
     * returns the one recorded first.
     */
    async createWorkOrderRecord(state: Omit<WorkOrderState, 'number'>): Promise<{ id: string; number: string }> {
      const recorded = () => db.select({ id: workOrders.id, number: workOrders.number }).from(workOrders).where(eq(workOrders.applicationId, state.applicationId));
      const [existing] = await recorded();
      if (existing) return existing;
      return db.transaction(async (tx) => {
        const number = await allocateNumber(tx, 'GD', new Date(state.createdAt));
        const row = workOrderRow({ ...state, number }, `work-order-${state.id}`, null);
        const [inserted] = await tx
          .insert(workOrders)
          .values({ ...row, seq: 0 })
          .onConflictDoNothing()
          .returning({ id: workOrders.id, number: workOrders.number });
        if (inserted) return inserted;
        const [first] = await tx.select({ id: workOrders.id, number: workOrders.number }).from(workOrders).where(eq(workOrders.applicationId, state.applicationId));
        return first!;
      });
    },

    /**
     * Delivers pending outbox messages; sent ones are skipped, so a retry never re-sends a delivered
     * message. No transaction is held across the network call; the gateway gets the message id to
     * drop a duplicate should two attempts ever overlap.
     */
    async deliverMessages(ids: string[]): Promise<{ sent: number }> {
      let sent = 0;
      for (const id of ids) {
        const [row] = await db
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1` })
          .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
          .returning();
        if (!row) continue;
        try {
          if (row.channel === 'sms') {
            const phone = await phoneOf(db, row.recipientUser);
            if (!phone) {
              // Nobody to text: retrying will not help until the directory has a number, so say so and stop.
              await db.update(outbox).set({ status: 'failed', lastError: 'no phone number in the user directory' }).where(eq(outbox.id, id));
              log.warn({ outboxId: id, userId: row.recipientUser }, 'SMS not sent: no phone number in the user directory');
              continue;
            }
            await db.update(outbox).set({ recipientPhone: phone }).where(eq(outbox.id, id));
            await sms.send({ id: row.id, phone, userId: row.recipientUser, body: row.body });
          } else {
            log.info({ notice: { to: { org: row.recipientOrg, role: row.recipientRole, user: row.recipientUser }, body: row.body } }, 'notice');
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await db.update(outbox).set({ lastError: message.slice(0, 500) }).where(eq(outbox.id, id));
          throw ApplicationFailure.retryable(`delivery of ${id} failed: ${message}`, 'DELIVERY_FAILED');
        }
        await db.update(outbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(outbox.id, id));
        sent += 1;
      }
      return { sent };
    },

    /** Starts the subject's escalation, or raises the open one (one open escalation per subject). */
    async triggerEscalation(trigger: EscalationTrigger): Promise<void> {
      if (!deps.client || !deps.taskQueue) throw new Error('triggerEscalation needs a Temporal client and task queue');
      await startOrRaiseEscalation(deps.client, deps.taskQueue, trigger);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
