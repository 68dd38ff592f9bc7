// A domain decision inside a workflow: the new state, or the refusal as a failure the update's
// caller receives (the API maps it to 409 with the current status, or 422 naming the field).
import { ApplicationFailure } from '@temporalio/workflow';
import type { Permission } from '../domain/permissions.js';
import { isRefusal, type Decision } from '../domain/transitions.js';

export function must<S>(decision: Decision<S>): S {
  if (!isRefusal(decision)) return decision;
  const { refused: _r, code, message, ...details } = decision;
  throw ApplicationFailure.create({ type: code, message, details: [details], nonRetryable: true });
}

/** For update validators: refuse now, before anything is recorded. */
export const check = <S>(decision: Decision<S>): void => void must(decision);

/**
 * For update validators: the whole rule of who may do this to the case now (domain/permissions.ts),
 * so a caller the API let through on a retry (its first attempt's answer unknown) is held to it too.
 * FORBIDDEN → 403, NOT_FOUND → 404 (someone else's case), the state's refusal as `must`.
 */
export function permit(p: Permission): void {
  if (p.ok) return;
  if (p.why === 'state') {
    check(p.refusal);
    return;
  }
  const forbidden = p.why === 'role' ? `only ${p.roles.join(', ')} may do this` : p.why === 'person' ? p.message : 'not found';
  throw ApplicationFailure.create({ type: p.why === 'party' ? 'NOT_FOUND' : 'FORBIDDEN', message: forbidden, nonRetryable: true });
}
