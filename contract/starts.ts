// Starting the workflows from a Temporal client, typed by the workflow they start (the API starts
// applications and escalations by hand; the activities start escalations). Not for workflow code.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type SearchAttributes } from '@temporalio/common';
import type { ApplicationState } from '../domain/application.js';
import type { CasePolicy } from '../domain/policy.js';
import { workflowIds, WORKFLOW_TYPES } from './ids.js';
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
