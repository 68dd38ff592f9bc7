// Starting the workflows from a Temporal client, typed by the workflow they start (the API starts
// applications and escalations by hand; the activities start escalations). Not for workflow code.
import { randomUUID } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowExecutionAlreadyStartedError, type Client, type ScheduleOptions } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type SearchAttributes } from '@temporalio/common';
import type { ApplicationState } from '../domain/application.js';
import type { CasePolicy } from '../domain/policy.js';
import { monthlyReportScheduleId, workflowIds, WORKFLOW_TYPES } from './ids.js';
import type { ApplicationWorkflow, EscalationInput, EscalationTrigger, EscalationWorkflow, ReplayResult, ReplayWorkflow } from './inputs.js';
import { raiseEscalation, type RaiseSignal } from './messages.js';

/** What a case shows in Temporal's visibility, set once at start: what operators select by. */
export const applicationSearchAttributes = (a: ApplicationState): SearchAttributes => ({
  BpmKind: ['application'],
  BpmOrg: [a.org],
  BpmMailNumber: [a.mailNumber],
});

/** Starts an application's workflow; a running one is kept, a finished one is never started again. */
export async function startApplication(client: Client, taskQueue: string, application: ApplicationState, policy: CasePolicy): Promise<void> {
  try {
    await client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPES.application, {
      workflowId: workflowIds.application(application.id),
      taskQueue,
      args: [{ application, policy }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      searchAttributes: applicationSearchAttributes(application),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error; // it ran and finished
  }
}

/** "One open escalation per subject": signal-with-start raises the running one, or starts one. Trigger ids make retries harmless. */
export async function startOrRaiseEscalation(client: Client, taskQueue: string, t: EscalationTrigger): Promise<string> {
  const workflowId = workflowIds.escalation(t.subjectType, t.subjectId);
  const input: EscalationInput = {
    id: randomUUID(),
    subjectType: t.subjectType,
    subjectId: t.subjectId,
    subjectNumber: t.subjectNumber,
    subjectWorkflowId: t.subjectWorkflowId,
    org: t.org,
    reason: t.reason,
    ladder: t.ladder,
    provincialOrg: t.provincialOrg,
    ...(t.warnings ? { warnings: t.warnings } : {}),
    openedBy: t.actor,
    triggerId: t.triggerId,
  };
  await client.workflow.signalWithStart<EscalationWorkflow, [RaiseSignal]>(WORKFLOW_TYPES.escalation, {
    workflowId,
    taskQueue,
    args: [input],
    signal: raiseEscalation,
    signalArgs: [{ triggerId: t.triggerId, reason: t.reason, actor: t.actor }],
    searchAttributes: { BpmKind: ['escalation'], BpmOrg: [t.org] },
  });
  return workflowId;
}

/** Replays recorded histories on a worker (which holds the workflow code), as an ops job. */
export async function runReplay(client: Client, taskQueue: string, workflowIds: string[]): Promise<ReplayResult[]> {
  return client.workflow.execute<ReplayWorkflow>(WORKFLOW_TYPES.replay, { workflowId: `ops-replay-${randomUUID()}`, taskQueue, args: [{ workflowIds }] });
}

/**
 * The monthly performance report as a Temporal Schedule: on the 1st at 08:00 in the calendar's
 * zone it starts the report's workflow on this task queue. Kept by the server (it survives any
 * restart of ours; a missed run within a day is caught up, overlapping runs skipped); made once,
 * and brought back to this spec when a start finds it differs.
 */
export async function ensureMonthlyReportSchedule(client: Client, taskQueue: string, timeZone: string): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = monthlyReportScheduleId(taskQueue);
  const options: ScheduleOptions = {
    scheduleId,
    spec: { calendars: [{ dayOfMonth: 1, hour: 8, minute: 0, comment: 'the 1st of each month, 08:00' }], timezone: timeZone },
    action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.monthlyReport, workflowId: scheduleId, taskQueue, args: [{}] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(options);
    return { scheduleId, created: true };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  const action = current.action as { taskQueue?: string; workflowType?: string };
  if (current.spec.timezone !== timeZone || action.taskQueue !== taskQueue || action.workflowType !== WORKFLOW_TYPES.monthlyReport)
    await handle.update((prev) => ({ ...prev, spec: options.spec, action: options.action, policies: options.policies }));
  return { scheduleId, created: false };
}
