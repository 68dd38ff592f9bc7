// One error shape for "not allowed in the current state", thrown by workflow update validators
// and mapped by the API to 409 INVALID_TRANSITION with the current status.
import { ApplicationFailure } from '@temporalio/common';

export const INVALID_TRANSITION = 'INVALID_TRANSITION';
export const NOT_PERMITTED = 'NOT_PERMITTED';

export function invalidTransition(action: string, status: string, allowedFrom: readonly string[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: INVALID_TRANSITION,
    message: `cannot ${action} when status is ${status} (allowed from: ${allowedFrom.join(', ') || 'none'})`,
    details: [{ status, action, allowedFrom }],
    nonRetryable: true,
  });
}

/** A transition table: action → statuses it may start from. */
export type TransitionTable<S extends string, A extends string> = Record<A, readonly S[]>;

export function assertTransition<S extends string, A extends string>(
  table: TransitionTable<S, A>,
  action: A,
  status: S,
): void {
  if (!table[action].includes(status)) throw invalidTransition(action, status, table[action]);
}
