// Which deadlines and which department a new (or reactivated) work order gets. Pure.
import type { Policy } from '../config/policy.js';
import { deadlineAfter } from './calendar.js';
import type { BusinessType, Complexity, ProblemCategory } from './vocabulary.js';
import { INTERNATIONAL_BUSINESS_TYPES } from './vocabulary.js';

export type WorkOrderPolicy = Pick<Policy, 'workOrder' | 'calendars'>;

export interface WorkOrderDeadlines {
  responseDeadline: string;
  resolutionDeadline: string;
  promiseDeadline: string;
}

export function clockFor(category: ProblemCategory, complexity: Complexity, policy: WorkOrderPolicy) {
  const rules = policy.workOrder.byCategory.filter((r) => r.category === category);
  return rules.find((r) => r.complexity === complexity) ?? rules.find((r) => r.complexity === undefined) ?? policy.workOrder.default;
}

export function workOrderDeadlines(
  startMs: number,
  category: ProblemCategory,
  complexity: Complexity,
  policy: WorkOrderPolicy,
): WorkOrderDeadlines {
  const rule = clockFor(category, complexity, policy);
  const at = (ms: number) => new Date(deadlineAfter(startMs, ms, rule.clock, policy.calendars)).toISOString();
  return {
    responseDeadline: at(rule.response),
    resolutionDeadline: at(rule.resolution),
    promiseDeadline: at(policy.workOrder.promise[complexity]),
  };
}

export function assignedDepartment(category: ProblemCategory, businessType: BusinessType, policy: WorkOrderPolicy): string {
  const routing = policy.workOrder.routing;
  return routing.byCategory[category] ?? (INTERNATIONAL_BUSINESS_TYPES.includes(businessType) ? routing.international : routing.default);
}
