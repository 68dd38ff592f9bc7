// What a Temporal error means for a request, decided in one place by the error's type and gRPC
// status code (never by its message).
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Refusal } from '../domain/transitions.js';

/** Failure types the workflows raise for a refused command: a domain refusal (domain/transitions.ts), or their check of who may (workflows/decide.ts permit). */
const REFUSALS = new Set<string>([...(['INVALID_TRANSITION', 'VALIDATION'] satisfies Refusal['code'][]), 'FORBIDDEN', 'NOT_FOUND']);

export type TemporalOutcome =
  /** The case refused the command: its failure carries the refusal. */
  | { kind: 'refused'; failure: ApplicationFailure }
  /** The update never ran (dropped by the server, over the in-flight limit): resending it with the same id is safe. */
  | { kind: 'notProcessed' }
  /** No such workflow running (never started, or finished). */
  | { kind: 'notRunning' }
  /** The case's workflow task keeps failing: it cannot act until an operator repairs it. */
  | { kind: 'stuck' }
  /** Temporal is down, overloaded or too slow: a retry outlives it. */
  | { kind: 'unavailable' }
  | { kind: 'other' };

/**
 * The gRPC status code of a Temporal service error, looking through its causes. The client turns a
 * NOT_FOUND into a WorkflowNotFoundError without a cause (also for an update the workflow never
 * admitted), so that one counts as NOT_FOUND.
 */
export function grpcCode(error: unknown): number | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
    if (e instanceof WorkflowNotFoundError) return status.NOT_FOUND;
  }
  return undefined;
}

export function classifyTemporalError(error: unknown): TemporalOutcome {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type && REFUSALS.has(cause.type)) return { kind: 'refused', failure: cause };
    // UnprocessedUpdate, AcceptedUpdateCompletedWorkflow (Temporal's own types): the command did not happen.
    return { kind: 'notProcessed' };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { kind: 'unavailable' };
  switch (grpcCode(error)) {
    case status.NOT_FOUND:
      return { kind: 'notRunning' };
    case status.RESOURCE_EXHAUSTED:
      return { kind: 'notProcessed' };
    case status.FAILED_PRECONDITION: // WorkflowNotReady: its workflow task is failing
      return { kind: 'stuck' };
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
    case status.ABORTED:
      return { kind: 'unavailable' };
    default:
      return { kind: 'other' };
  }
}
