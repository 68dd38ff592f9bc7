// How a case starts, raises and ends the escalation of one of its subjects (the application, or
// its work order): mechanics kept out of the process code.
import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { workflowIds } from '../contract/ids.js';
import { subjectResolved } from '../contract/messages.js';
import type { CasePolicy } from '../domain/policy.js';
import { SYSTEM_ACTOR, type SubjectType } from '../domain/vocabulary.js';
import { escalations } from './activities.js';

export function escalationOf(
  policy: CasePolicy,
  subjectType: SubjectType,
  subject: () => { id: string; number: string; org: string },
  mayBeOpen: () => boolean = () => false,
) {
  let triggered = false;
  return {
    /** Starts the subject's escalation or raises the open one; `seq` (the transition's) makes a retried trigger count once. */
    async trigger(reason: string, seq: number): Promise<void> {
      triggered = true;
      const { id, number, org } = subject();
      await escalations.triggerEscalation({
        subjectType,
        subjectId: id,
        subjectNumber: number,
        subjectWorkflowId: workflowInfo().workflowId,
        org,
        ladder: policy.ladder,
        provincialOrg: policy.provincialOrg,
        ...(policy.clocks?.warnings.level ? { warnings: policy.clocks.warnings.level } : {}),
        triggerId: `${workflowInfo().workflowId}:${seq}`,
        reason,
        actor: SYSTEM_ACTOR,
      });
    },
    /** The subject was resolved or closed: end its escalation, if it has one running. */
    async resolved(reason: string): Promise<void> {
      if (!triggered && !mayBeOpen()) return;
      triggered = false;
      try {
        await getExternalWorkflowHandle(workflowIds.escalation(subjectType, subject().id)).signal(subjectResolved, { reason });
      } catch {
        // No escalation running (never started, or already ended): nothing to end.
      }
    },
  };
}
