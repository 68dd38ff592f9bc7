// "May this person do this to this case now?" — answered once per case kind (application.ts,
// work-order.ts, escalation.ts hold their rules), read by the workflow (the state half), the API
// (its 403/404/409 refusals and every case's `allowedActions`) and, through those, the console.
import type { Refusal } from './transitions.js';
import { CROSS_ORG_ROLES, type Actor, type Role } from './vocabulary.js';

/**
 * Whose case it is for a role that does not see every organisation: the organisation the person
 * must belong to (the creating office, the handling department), or 'any'.
 */
export type Party<F> = 'any' | ((facts: F) => string);

export interface ActionRule<F> {
  /** The roles that may take the action, each with the party it must be. */
  who: Partial<Record<Role, Party<F>>>;
  /** Which of those people (the department's lead, the order's assignee): why not, when not (403). */
  only?: (facts: F, person: Actor) => string | undefined;
  /** The state rule: refused (409/422) unless the case is in a state that allows it now. */
  when: (facts: F, nowMs: number, person: Actor) => Refusal | undefined;
}

export type ActionRules<F, A extends string> = Record<A, ActionRule<F>>;

/** Why a person may not act: not their role (403), not their case (404), not now (409). */
export type Permission =
  | { ok: true }
  | { ok: false; why: 'role'; roles: Role[] }
  | { ok: false; why: 'party' }
  | { ok: false; why: 'person'; message: string }
  | { ok: false; why: 'state'; refusal: Refusal };

/** The roles an action allows (the API's route-level role check). */
export const rolesFor = <F>(rule: ActionRule<F>): Role[] => Object.keys(rule.who) as Role[];

/** May `person` take `action` on the case described by `facts` at `nowMs`? */
export function permission<F, A extends string>(rules: ActionRules<F, A>, action: A, facts: F, person: Actor, nowMs: number): Permission {
  const rule = rules[action];
  const party = rule.who[person.role as Role];
  if (!party) return { ok: false, why: 'role', roles: rolesFor(rule) };
  if (party !== 'any' && !CROSS_ORG_ROLES.includes(person.role as Role) && party(facts) !== person.org) return { ok: false, why: 'party' };
  const notThem = rule.only?.(facts, person);
  if (notThem) return { ok: false, why: 'person', message: notThem };
  const refusal = rule.when(facts, nowMs, person);
  return refusal ? { ok: false, why: 'state', refusal } : { ok: true };
}

/** Every action `person` may take on the case now, in the rules' order. */
export function allowedActionsOf<F, A extends string>(rules: ActionRules<F, A>, facts: F, person: Actor, nowMs: number): A[] {
  return (Object.keys(rules) as A[]).filter((a) => permission(rules, a, facts, person, nowMs).ok);
}
