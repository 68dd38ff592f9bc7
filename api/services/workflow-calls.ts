// Sending an update to a case workflow and turning Temporal's answer into the HTTP one.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { AppError, forbidden, invalidTransition, notFound, unavailable } from '../errors.js';
import { classifyTemporalError } from '../temporal-errors.js';

const UPDATE_DEADLINE_MS = 20_000;

export function updateIdFor(principal: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? `${principal}:${idempotencyKey}` : randomUUID();
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs an update. A refusal becomes 409 (with the current status) or 422 (naming the field); an
 * update the server dropped unprocessed is sent again with the same id (at most once in effect); a
 * workflow that has ended is 409 with `currentStatus()`; a stuck case or an unreachable Temporal 503.
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
      const outcome = classifyTemporalError(error);
      switch (outcome.kind) {
        case 'refused': {
          const details = (outcome.failure.details?.[0] ?? {}) as { status?: string; field?: string; rule?: string };
          if (outcome.failure.type === 'VALIDATION')
            throw new AppError(422, 'VALIDATION_FAILED', outcome.failure.message, [
              { field: details.field, rule: details.rule, message: outcome.failure.message },
            ]);
          // The workflow's own check of who may (domain/permissions.ts): as the API answers it.
          if (outcome.failure.type === 'FORBIDDEN') throw forbidden(outcome.failure.message);
          if (outcome.failure.type === 'NOT_FOUND') throw notFound('case');
          throw invalidTransition(outcome.failure.message, { ...details, status: details.status ?? (await currentStatus()) });
        }
        case 'notProcessed':
          if (attempt < 20) {
            await pause(20 + Math.random() * 30 * attempt); // spread racing callers out
            continue;
          }
          throw unavailable('the action did not complete; retry with the same Idempotency-Key');
        case 'notRunning': {
          // An update that met the run as it continued-as-new is sent again (same id) to the new run.
          const running = await handle.describe().then(
            (d) => d.status.name === 'RUNNING',
            () => false,
          );
          if (running && attempt < 4) continue;
          const status = await currentStatus();
          throw invalidTransition(`the case is ${status} and its process has ended`, { status });
        }
        case 'stuck':
          // A stuck case (its workflow task keeps failing) shows in GET /v1/ops/stuck for operators.
          throw unavailable('this case cannot take actions until its process is repaired; retry later');
        case 'unavailable':
          throw unavailable('Temporal did not answer in time; retry with the same Idempotency-Key');
        default:
          throw error;
      }
    }
  }
}
