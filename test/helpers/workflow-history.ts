// What a workflow still waits for, read from its own history. Once it has nothing in flight (no
// workflow task, activity or outgoing signal pending), only a timer it holds open or a message from
// outside can move it: a test that "nothing happens after a deadline" asks this instead of sleeping
// past the deadline and looking (which passes whenever the thing happens later than it looked).
import type { Client } from '@temporalio/client';
import { eventually } from './service.js';

/** Waits until the workflow's current run has settled; answers the ids of the timers it holds open. */
export async function untilSettled(client: Client, workflowId: string, timeoutMs = 20_000): Promise<{ openTimers: string[] }> {
  return eventually(async () => {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const timers = new Set<string>();
    const activities = new Set<string>();
    let workflowTask = false;
    let signals = 0;
    for (const e of events) {
      const timerEnded = e.timerFiredEventAttributes ?? e.timerCanceledEventAttributes;
      const activityEnded =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
      if (e.workflowTaskScheduledEventAttributes) workflowTask = true;
      else if (e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes) workflowTask = false;
      else if (e.timerStartedEventAttributes) timers.add(e.timerStartedEventAttributes.timerId!);
      else if (timerEnded) timers.delete(timerEnded.timerId!);
      else if (e.activityTaskScheduledEventAttributes) activities.add(String(e.eventId));
      else if (activityEnded) activities.delete(String(activityEnded.scheduledEventId));
      else if (e.signalExternalWorkflowExecutionInitiatedEventAttributes) signals += 1;
      else if (e.externalWorkflowExecutionSignaledEventAttributes || e.signalExternalWorkflowExecutionFailedEventAttributes) signals -= 1;
    }
    return workflowTask || activities.size > 0 || signals > 0 ? undefined : { openTimers: [...timers] };
  }, timeoutMs);
}
