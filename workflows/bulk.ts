// One bulk action: its items (recorded in PostgreSQL before it started) applied a few at a time, each
// by an activity that goes through the single action's service. Killed half-way, the worker that
// takes it over asks again for what is pending: every item ends done or refused, none twice.
import { proxyActivities } from '@temporalio/workflow';
import { BULK_CONCURRENCY, type BulkActivities, type BulkInput } from '../contract/bulk.js';

const { bulkPendingItems, bulkApplyItem, bulkFinish } = proxyActivities<BulkActivities>({
  startToCloseTimeout: '2 minutes',
  // An item's activity beats while it works: one on a killed worker is retried within seconds.
  heartbeatTimeout: '10 seconds',
  // Refusals are recorded as outcomes; only failures to reach Temporal or PostgreSQL are retried, for as long as it takes.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function bulkActionWorkflow({ batchId }: BulkInput): Promise<void> {
  const pending = await bulkPendingItems(batchId);
  let next = 0;
  const lane = async () => {
    while (next < pending.length) {
      const id = pending[next++]!;
      await bulkApplyItem(batchId, id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, pending.length) }, lane));
  await bulkFinish(batchId);
}
