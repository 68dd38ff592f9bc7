// "One open escalation per subject": signal-with-start on a workflow id derived from the subject.
// A running escalation is raised; otherwise a new one starts. Trigger ids make retries harmless.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { LadderLevel } from '../domain/escalation.js';
import type { SubjectType } from '../domain/vocabulary.js';
import { raiseEscalation, workflowIds, type EscalationInput, type RaiseSignal } from '../workflows/messages.js';

export interface EscalationTrigger extends RaiseSignal {
  subjectType: SubjectType;
  subjectId: string;
  org: string;
  ladder: LadderLevel[];
  provincialOrg: string;
}

export async function startOrRaiseEscalation(client: Client, taskQueue: string, t: EscalationTrigger): Promise<string> {
  const workflowId = workflowIds.escalation(t.subjectType, t.subjectId);
  const input: EscalationInput = {
    id: randomUUID(),
    subjectType: t.subjectType,
    subjectId: t.subjectId,
    org: t.org,
    reason: t.reason,
    ladder: t.ladder,
    provincialOrg: t.provincialOrg,
    openedBy: t.actor,
    triggerId: t.triggerId,
  };
  await client.workflow.signalWithStart('escalationWorkflow', {
    workflowId,
    taskQueue,
    args: [input],
    signal: raiseEscalation,
    signalArgs: [{ triggerId: t.triggerId, reason: t.reason, actor: t.actor }],
  });
  return workflowId;
}
