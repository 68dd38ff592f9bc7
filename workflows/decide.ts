// A domain decision inside a workflow: the new state, or the refusal as a failure the update's
// caller receives (the API maps it to 409 with the current status, or 422 naming the field).
import { ApplicationFailure } from '@temporalio/workflow';
import { isRefusal, type Decision } from '../domain/transitions.js';

export function must<S>(decision: Decision<S>): S {
  if (!isRefusal(decision)) return decision;
  const { refused: _r, code, message, ...details } = decision;
  throw ApplicationFailure.create({ type: code, message, details: [details], nonRetryable: true });
}

/** For update validators: refuse now, before anything is recorded. */
export const check = <S>(decision: Decision<S>): void => void must(decision);
