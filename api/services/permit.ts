// A case kind's answer to "may this person do this now" (domain/permissions.ts) as the API's:
// 403 naming the roles that may, 404 for another organisation's case (its existence is not
// revealed), 409 with the current status and the rule, or 422 naming the field.
import type { Permission } from '../../domain/permissions.js';
import { AppError, forbidden, invalidTransition, notFound } from '../errors.js';

/** Refuses unless `permission` is ok; `what` names the case for a 404. */
export function assertPermitted(permission: Permission, what: string): void {
  if (permission.ok) return;
  switch (permission.why) {
    case 'role':
      throw forbidden(`only ${permission.roles.join(', ')} may do this`);
    case 'party':
      throw notFound(what);
    case 'person':
      throw forbidden(permission.message);
    case 'state': {
      const { refused: _r, code, message, ...details } = permission.refusal;
      if (code === 'VALIDATION') throw new AppError(422, 'VALIDATION_FAILED', message, [{ field: details.field, rule: details.rule, message }]);
      throw invalidTransition(message, details);
    }
  }
}

/** The role and organisation half only: what never changes with the case's state, checked before an idempotent replay. */
export const assertParty = (permission: Permission, what: string) =>
  assertPermitted(permission.ok || permission.why === 'state' || permission.why === 'person' ? { ok: true } : permission, what);
