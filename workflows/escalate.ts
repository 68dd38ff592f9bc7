// How a case starts, raises and ends its escalation: mechanics kept out of the process code.
import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { SYSTEM_ACTOR, type SubjectType } from '../domain/vocabulary.js';
import { acts } from './activities.js';
import { subjectResolved, workflowIds } from './messages.js';
import type { CasePolicy } from './policy.js';

export function escalationHook(
  policy: CasePolicy,
  subjectType: SubjectType,
  subject: { id: string; org: string },
  isOpen: () => boolean = () => false,
) {
  let triggered = false;
  return {
    /** Starts the subject's escalation or raises the open one; `seq` makes a retried trigger count once. */
    async trigger(reason: string, seq: number): Promise<void> {
      triggered = true;
      await acts.triggerEscalation({
        subjectType,
        subjectId: subject.id,
        org: subject.org,
        ladder: policy.ladder,
        provincialOrg: policy.provincialOrg,
        triggerId: `${workflowInfo().workflowId}:${seq}`,
        reason,
        actor: SYSTEM_ACTOR,
      });
    },
    /** The subject was resolved or closed: end its escalation, if it has one running. */
    async subjectResolved(reason: string): Promise<void> {
      if (!triggered && !isOpen()) return;
      triggered = false;
      try {
        await getExternalWorkflowHandle(workflowIds.escalation(subjectType, subject.id)).signal(subjectResolved, { reason });
      } catch {
        // No escalation running (never started, or already ended): nothing to end.
      }
    },
  };
}
