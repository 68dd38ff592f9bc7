// 请假: a person's leave. When it begins, and their department sends a person's work back to the
// queue on leave, each order they hold is told to release them (the case records it). Durable: the
// leave's start is a timer, so it happens on time after a restart. Cancelling the leave before it
// begins ends this workflow (the API cancels it).
import { getExternalWorkflowHandle, sleep } from '@temporalio/workflow';
import type { AbsenceInput } from '../contract/inputs.js';
import { assigneeOnLeave } from '../contract/messages.js';
import { msUntil } from '../domain/deadlines.js';
import { desk } from './activities.js';

/** Returns how many orders were sent back to the queue. */
export async function absenceWorkflow(input: AbsenceInput): Promise<number> {
  await sleep(msUntil(input.startsAt, Date.now()));
  if (input.onLeave !== 'return_to_queue') return 0;
  const held = await desk.ordersHeldBy(input.userId);
  for (const workflowId of held) {
    try {
      await getExternalWorkflowHandle(workflowId).signal(assigneeOnLeave, { userId: input.userId });
    } catch {
      // The case has completed meanwhile: nothing to release.
    }
  }
  return held.length;
}
