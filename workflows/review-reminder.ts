// The reminder before a review deadline: at the policy's share of the review window the reviewers
// are told once. A step of its own so the replay gate can show what shipping a change to it
// without patched() would do (test/fixtures/variants).
import { condition } from '@temporalio/workflow';

/** Waits until `remindAt` (ms); reminds unless reviewed first. True if reviewed meanwhile. */
export async function remindBeforeDeadline(reviewed: () => boolean, remindAt: number, remind: () => Promise<unknown>): Promise<boolean> {
  if (await condition(reviewed, Math.max(1, remindAt - Date.now()))) return true;
  await remind();
  return false;
}
