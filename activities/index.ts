// Activities: all I/O of the workflows, built by a factory that receives its dependencies. Every
// activity is idempotent (a retried call has one effect).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { AssignmentRequest, CaseActivities, EscalationTrigger, ReplayInput, ReplayResult, TransitionRecord } from '../contract/inputs.js';
import { startOrRaiseEscalation } from '../contract/starts.js';
import type { Db } from '../db/client.js';
import type { NoticeSettings } from '../db/notices.js';
import type { CasePolicy } from '../domain/policy.js';
import { writeTransition, type WrittenTransition } from '../db/projection.js';
import { outbox, users } from '../db/schema.js';
import { chooseAssignee, ordersHeldBy } from '../db/desk.js';
import { replayHistories, type WorkflowSource } from './replay.js';
import { sendMonthlyReports } from './monthly-report.js';
import type { SmsSender } from './sms.js';

export interface ActivityDeps {
  db: Db;
  log: Logger;
  sms: SmsSender;
  client: Client;
  taskQueue: string;
  /** Told of each newly recorded transition (the process's metrics). */
  onRecorded?: (r: WrittenTransition['recorded'][number]) => void;
  /** The workflow code this worker runs, for replays. */
  workflows: WorkflowSource;
  /** How notices are written (their email and webhook copies queued for this worker's relay). */
  notices?: NoticeSettings;
  /** The policy in force: its calendars count the performance facts' business minutes. */
  policy: CasePolicy;
}

function currentRun(): { workflowId: string; runId: string } {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('activity called outside a workflow');
  return { workflowId: execution.workflowId, runId: execution.runId };
}

export function createActivities(deps: ActivityDeps): CaseActivities {
  const { db, log, sms } = deps;

  /** The directory's phone for a person, read when the message is sent (a changed number is used). */
  async function phoneOf(userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const [user] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
    return user?.phone ?? null;
  }

  return {
    /** Writes one transition: the changed records and their history entries, and the messages it causes. */
    async recordTransition(t: TransitionRecord): Promise<{ smsIds: string[] }> {
      const written = await writeTransition(db, currentRun(), t, {
        notices: deps.notices,
        facts: {
          policy: deps.policy,
          onError: (err, workOrderId) =>
            log.error({ err, workOrderId }, 'performance facts not computed: the order keeps its last ones (npm run performance -- check)'),
        },
      });
      for (const r of written.recorded) deps.onRecorded?.(r);
      return { smsIds: written.smsIds };
    },

    /**
     * Delivers pending SMS; sent ones are skipped, so a retry never re-sends a delivered message. No
     * transaction is held across the network call; the gateway gets the message id to drop a duplicate
     * should two attempts ever overlap.
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
        const phone = await phoneOf(row.recipientUser);
        if (!phone) {
          // Nobody to text: retrying will not help until the directory has a number, so say so and stop.
          await db.update(outbox).set({ status: 'failed', lastError: 'no phone number in the user directory' }).where(eq(outbox.id, id));
          log.warn({ outboxId: id, userId: row.recipientUser }, 'SMS not sent: no phone number in the user directory');
          continue;
        }
        try {
          await db.update(outbox).set({ recipientPhone: phone }).where(eq(outbox.id, id));
          await sms.send({ id: row.id, phone, userId: row.recipientUser, body: row.body });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await db
            .update(outbox)
            .set({ lastError: message.slice(0, 500) })
            .where(eq(outbox.id, id));
          throw ApplicationFailure.retryable(`delivery of ${id} failed: ${message}`, 'DELIVERY_FAILED');
        }
        await db.update(outbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(outbox.id, id));
        sent += 1;
      }
      return { sent };
    },

    /** Starts the subject's escalation, or raises the open one (one open escalation per subject). */
    async triggerEscalation(trigger: EscalationTrigger): Promise<void> {
      await startOrRaiseEscalation(deps.client, deps.taskQueue, trigger);
    },

    /** The department's automatic assignment: decided once per request. */
    chooseAssignee: (request: AssignmentRequest) => chooseAssignee(db, request),

    /** The case workflows of the orders a person holds (their leave began). */
    ordersHeldBy: (userId: string) => ordersHeldBy(db, userId),

    /** Each department's month to its leads. */
    sendMonthlyReports: (input) => sendMonthlyReports(db, deps.policy, input, deps.notices),

    /** Replays recorded histories against the workflow code this worker runs (an ops job). */
    async replayHistories({ workflowIds }: ReplayInput): Promise<ReplayResult[]> {
      return replayHistories(deps.client, deps.workflows, workflowIds, () => Context.current().heartbeat());
    },
  };
}
