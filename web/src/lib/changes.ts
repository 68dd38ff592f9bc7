// Resubmitting sends only what the office changed (the contract's resubmit body is a patch).
import { stableJson } from './idempotency';

export function changedFields<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const value = after[key];
    if (value === undefined) continue;
    if (stableJson(value) !== stableJson(before[key] ?? null)) out[key] = value;
  }
  return out;
}
