// The API's answer in words for the person who acted.
import { has, label, t, type MessageKey } from '../messages';
import { fieldPath } from '../lib/fields';
import { ApiError } from './client';

export type StatusGroup = 'appStatus' | 'woStatus' | 'escStatus';

/** The form label of a server-named field ("body.customer.phone" → 客户电话). */
export function fieldLabel(field: string): string {
  const path = fieldPath(field);
  const last = path[path.length - 1];
  const joined = path.map((p, i) => (i === 0 ? String(p) : String(p)[0]!.toUpperCase() + String(p).slice(1))).join('');
  for (const key of [`form.${joined}`, `form.${String(last)}`]) if (has(key)) return t(key as MessageKey);
  return field;
}

/** A field's problem in words: the rule when we know it, else the server's message. */
export function fieldMessage(d: { rule?: string; message?: string }): string {
  const key = `fieldRule.${d.rule}`;
  return has(key) ? t(key as MessageKey) : (d.message ?? '');
}

export function errorText(error: unknown, statusGroup?: StatusGroup): string {
  if (!(error instanceof ApiError)) return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
  if (error.code === 'INVALID_TRANSITION') {
    const status = error.currentStatus;
    return t('error.conflict', { status: status ? (statusGroup ? label(statusGroup, status) : status) : t('none') });
  }
  if (error.code === 'CREATION_REFUSED') {
    const rule = `rule.${error.refusal?.rule}`;
    return has(rule) ? t(rule as MessageKey) : error.message;
  }
  if (error.code === 'NOTHING_TO_RETRY') return t('error.nothingToRetry');
  if (error.code === 'IDEMPOTENCY_KEY_REUSED') return t('error.idempotencyReused');
  if (error.code === 'CSRF_TOKEN_INVALID') return t('error.csrf');
  switch (error.status) {
    case 0:
      return t('error.network');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 413:
      return t('error.tooLarge');
    case 422: {
      const first = error.fields[0];
      return first
        ? t('error.validation', { field: fieldLabel(first.field), message: fieldMessage(first) })
        : t('error.validationGeneric', { message: error.message });
    }
    case 429:
      return t('error.rateLimited');
    case 503:
      return t('error.unavailable');
    default:
      return t('error.generic', { message: error.message });
  }
}
