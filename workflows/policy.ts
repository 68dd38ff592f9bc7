// The slice of policy a case workflow receives as input (so config changes never rewrite a
// running case's past decisions).
import type { Policy } from '../config/policy.js';

export interface CasePolicy {
  application: Policy['application'];
  workOrder: Policy['workOrder'];
  calendars: Policy['calendars'];
  ladder: Policy['escalation']['ladder'];
  /** Org code of the provincial customer-service centre (reviewers, hotline supervisors). */
  provincialOrg: string;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Milliseconds until an ISO instant, at least 1 (a timer of 0 would never be scheduled). */
export const msUntil = (instant: string) => Math.max(1, Date.parse(instant) - Date.now());
