// A command the current state does not allow is refused, as data: the workflow turns a refusal into
// a rejected update, the API into 409 (with the current status) or 422 (naming the field).

export interface Refusal {
  refused: true;
  /** INVALID_TRANSITION: not in this state (409); VALIDATION: a field breaks a rule (422). */
  code: 'INVALID_TRANSITION' | 'VALIDATION';
  action: string;
  status: string;
  message: string;
  allowedFrom?: readonly string[];
  field?: string;
  rule?: string;
}

export type Decision<S> = S | Refusal;

export const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && (value as Refusal).refused === true;

/** A transition table: action → the statuses it may start from. */
export type TransitionTable<S extends string, A extends string> = Record<A, readonly S[]>;

/** Refused unless `table` allows `action` from `status`. */
export function notAllowedFrom<S extends string, A extends string>(table: TransitionTable<S, A>, action: A, status: S): Refusal | undefined {
  const from = table[action];
  if (from.includes(status)) return undefined;
  return {
    refused: true,
    code: 'INVALID_TRANSITION',
    action,
    status,
    allowedFrom: from,
    message: `cannot ${action} when status is ${status} (allowed from: ${from.join(', ') || 'none'})`,
  };
}

export function refuse(action: string, status: string, why: string): Refusal {
  return { refused: true, code: 'INVALID_TRANSITION', action, status, message: `cannot ${action}: ${why}` };
}

export function invalidField(action: string, status: string, field: string, rule: string, message: string): Refusal {
  return { refused: true, code: 'VALIDATION', action, status, field, rule, message };
}
