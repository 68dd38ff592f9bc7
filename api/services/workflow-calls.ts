// Sending an update to a case workflow and mapping Temporal's answers to HTTP errors.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { INVALID_TRANSITION } from '../../domain/transitions.js';
import { AppError, invalidTransition, unavailable } from '../errors.js';

const UPDATE_DEADLINE_MS = 20_000;

export function updateIdFor(principal: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? `${principal}:${idempotencyKey}` : randomUUID();
}

/**
 * The update never ran: the server dropped it with the workflow task that carried it (many updates
 * racing on one case), or it was over its in-flight limit. Sending it again (same id) is safe.
 */
function notProcessed(error: unknown): boolean {
  if ((error as { code?: unknown })?.code === 8) return true; // RESOURCE_EXHAUSTED
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  return cause instanceof ApplicationFailure && /wasn't processed by worker|rejected because|too many/i.test(cause.message) && cause.type !== 'VALIDATION' && cause.type !== INVALID_TRANSITION;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const handle = client.workflow.getHandle(workflowId);
  for (let attempt = 1; ; attempt++) {
    try {
      // A case whose workflow cannot answer (no worker, a failing task) must not hold the request forever.
      return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () => handle.executeUpdate(def, { args, updateId }));
    } catch (error) {
      if (attempt < 20 && completed(error)) {
        const status = await handle.describe().then(
          (d) => d.status.name,
          (e) => (e instanceof WorkflowNotFoundError ? 'NOT_FOUND' : Promise.reject(e)),
        );
        // An update that met the run as it continued-as-new is retried (same update id) on the new run.
        if (status === 'RUNNING' && attempt < 4) continue;
        // Not started yet: a just-approved work order's workflow starts moments after the approval.
        if (status === 'NOT_FOUND') {
          await pause(100);
          continue;
        }
      }
      if (attempt < 20 && notProcessed(error)) {
        await pause(20 + Math.random() * 30 * attempt); // spread the racing callers out
        continue;
      }
      return await mapUpdateError(error, currentStatus);
    }
  }
}

async function mapUpdateError(error: unknown, currentStatus: () => Promise<string>): Promise<never> {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const failure = error.cause;
      const details = (failure.details?.[0] ?? {}) as Record<string, unknown>;
      if (failure.type === 'VALIDATION') throw new AppError(422, 'VALIDATION_FAILED', failure.message, [details]);
      if (failure.type === INVALID_TRANSITION) throw invalidTransition(failure.message, { status: details.status ?? (await currentStatus()), ...details });
      // Anything else (e.g. the run continued-as-new under the update) did not happen: retry it.
      throw unavailable(`the action did not complete (${failure.message}); retry with the same Idempotency-Key`);
    }
    if (/Workflow Task in failed state/i.test((error as Error)?.message ?? '')) {
      // A stuck case (its workflow task keeps failing) shows in GET /v1/ops/stuck for operators.
      throw unavailable('this case cannot take actions until its process is repaired; retry later');
    }
    if (completed(error)) {
      const status = await currentStatus();
      throw invalidTransition(`the case is ${status} and its process has ended`, { status });
    }
  throw error;
}
