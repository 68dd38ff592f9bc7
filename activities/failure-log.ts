// Records in the database which activities are failing (activity_failures), so the operators'
// stuck scan finds them with one query among any number of open cases instead of describing every
// workflow. A failed attempt writes its row; the first attempt after failures that succeeds
// deletes it (the happy path, attempt 1, costs nothing). Local activities are left out: they are
// retried inside the workflow task, and an operator's retry cannot reach them.
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { activityFailures } from '../db/schema.js';

export function activityFailureLog(db: Db, log: Logger): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const { info } = ctx;
        const workflowId = info.workflowExecution?.workflowId;
        if (info.isLocal || !workflowId) return next(input);
        const key = and(eq(activityFailures.workflowId, workflowId), eq(activityFailures.activityId, info.activityId));
        try {
          const result = await next(input);
          if (info.attempt > 1)
            await db
              .delete(activityFailures)
              .where(key)
              .catch((error) => log.warn({ err: error }, 'clearing an activity failure'));
          return result;
        } catch (error) {
          const row = {
            workflowId,
            activityId: info.activityId,
            runId: info.workflowExecution!.runId,
            activityType: info.activityType,
            attempt: info.attempt,
            lastFailure: error instanceof Error ? error.message.slice(0, 2000) : String(error),
            failedAt: new Date(),
          };
          await db
            .insert(activityFailures)
            .values(row)
            .onConflictDoUpdate({ target: [activityFailures.workflowId, activityFailures.activityId], set: row })
            .catch((e) => log.warn({ err: e }, 'recording an activity failure'));
          throw error;
        }
      },
    };
    return { inbound };
  };
}
