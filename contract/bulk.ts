// A bulk action's workflow (one per batch, bulk-<batch id>) and the activities it calls: the items
// are recorded in PostgreSQL before it starts; it applies the pending ones, each through the single
// action's service, so a worker killed half-way resumes with what is left and nothing twice.

export interface BulkInput {
  batchId: string;
}

export interface BulkActivities {
  /** The items not yet done or refused, in the batch's order. */
  bulkPendingItems(batchId: string): Promise<string[]>;
  /** Applies one item as the single action would (its rules, history, notices, idempotency key) and records done or why refused. */
  bulkApplyItem(batchId: string, workOrderId: string): Promise<'done' | 'refused' | 'skipped'>;
  /** Marks the batch finished once no item is pending. */
  bulkFinish(batchId: string): Promise<void>;
}

export type BulkWorkflow = (input: BulkInput) => Promise<void>;

/** How many items are applied at once (each its own update on its own case). */
export const BULK_CONCURRENCY = 4;
