// Sending an update to a case workflow and mapping Temporal's answers to HTTP errors.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { AppError, invalidTransition } from '../errors.js';

export function updateIdFor(principal: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? `${principal}:${idempotencyKey}` : randomUUID();
}

function completed(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const message = (error as { message?: string })?.message ?? '';
  return /already completed|workflow execution already|not found/i.test(message);
}

/**
 * Runs an update; a rejected one becomes 409 (invalid transition) or 422 (bad input), a finished
 * workflow becomes 409 with `currentStatus()`.
 */
export async function runUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  workflowId: string,
  def: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId: string,
  currentStatus: () => Promise<string>,
): Promise<Ret> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(def, { args, updateId });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const failure = error.cause;
      const details = (failure.details?.[0] ?? {}) as Record<string, unknown>;
      if (failure.type === 'VALIDATION') throw new AppError(422, 'VALIDATION_FAILED', failure.message, [details]);
      throw invalidTransition(failure.message, { status: details.status ?? (await currentStatus()), ...details });
    }
    if (completed(error)) {
      const status = await currentStatus();
      throw invalidTransition(`the case is ${status} and its process has ended`, { status });
    }
    throw error;
  }
}
