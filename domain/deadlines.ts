// Every deadline of the process, computed in one place from the case's policy: the review window
// and its reminder, the returned application's action window, a work order's response, resolution
// and promise deadlines (wall-clock or business-calendar time) and its reactivation window, and an
// escalation level's limit. Times are ISO strings, as the states keep them.
import { deadlineAfter } from './calendar.js';
import type { CasePolicy, LadderLevel } from './policy.js';
import type { BusinessType, Complexity, ProblemCategory } from './vocabulary.js';
import { INTERNATIONAL_BUSINESS_TYPES } from './vocabulary.js';

export const iso = (ms: number) => new Date(ms).toISOString();

/** A submitted (or resubmitted) application must be reviewed by then. */
export const reviewDeadline = (nowMs: number, policy: CasePolicy) => iso(nowMs + policy.application.reviewDeadline);

/** When reviewers are reminded: the policy's share of the window between submission and the deadline. */
export function reviewReminderAt(submittedAt: string, deadline: string, policy: CasePolicy): number {
  const from = Date.parse(submittedAt);
  return from + (Date.parse(deadline) - from) * policy.application.reviewReminderAt;
}

/** A returned application is abandoned for the office if it does nothing by then. */
export const returnedActionDeadline = (nowMs: number, policy: CasePolicy) => iso(nowMs + policy.application.returnedActionDeadline);

export interface WorkOrderDeadlines {
  responseDeadline: string;
  resolutionDeadline: string;
  promiseDeadline: string;
}

/** The clock rule for a category and complexity: the most specific configured, else the default. */
export function clockFor(category: ProblemCategory, complexity: Complexity, policy: CasePolicy) {
  const rules = policy.workOrder.byCategory.filter((r) => r.category === category);
  return rules.find((r) => r.complexity === complexity) ?? rules.find((r) => r.complexity === undefined) ?? policy.workOrder.default;
}

/** A (re)dispatched work order's deadlines, counted from `nowMs`. */
export function workOrderDeadlines(nowMs: number, category: ProblemCategory, complexity: Complexity, policy: CasePolicy): WorkOrderDeadlines {
  const rule = clockFor(category, complexity, policy);
  const after = (ms: number) => iso(deadlineAfter(nowMs, ms, rule.clock, policy.calendars));
  return { responseDeadline: after(rule.response), resolutionDeadline: after(rule.resolution), promiseDeadline: after(policy.workOrder.promise[complexity]) };
}

/** A closed work order that does not meet the standard can be reactivated until then. */
export const reactivationWindowEnd = (nowMs: number, policy: CasePolicy) => iso(nowMs + policy.workOrder.reactivationWindow);

/** An escalation level must be acknowledged by then, or the case climbs (the top level's limit is informative). */
export const levelDeadline = (nowMs: number, level: LadderLevel) => iso(nowMs + level.limit);

/** The handling department (责任单位) a new work order goes to. */
export function assignedDepartment(category: ProblemCategory, businessType: BusinessType, policy: CasePolicy): string {
  const routing = policy.workOrder.routing;
  return routing.byCategory[category] ?? (INTERNATIONAL_BUSINESS_TYPES.includes(businessType) ? routing.international : routing.default);
}

/** Milliseconds from now until an instant, at least 1 (a timer of 0 would never be scheduled). */
export const msUntil = (instant: string, nowMs: number) => Math.max(1, Date.parse(instant) - nowMs);
