// Who sees what: cross-org roles see every organisation; the others only their own.
import { CROSS_ORG_ROLES, type Actor, type Role } from '../../domain/vocabulary.js';
import { notFound } from '../errors.js';

export const seesAllOrgs = (actor: Actor) => CROSS_ORG_ROLES.includes(actor.role as Role);

/** Whether the caller may see a record of these organisations (a case's own, and a work order's department). */
export const mayView = (actor: Actor, orgs: (string | null)[]) => seesAllOrgs(actor) || orgs.includes(actor.org);

/** 404, not 403, for another organisation's record: do not reveal that it exists. */
export function assertVisible(actor: Actor, orgs: string[], what: string): void {
  if (!mayView(actor, orgs)) throw notFound(what);
}
