// The service's vocabulary: one source of truth for every enum in the contract.
// Pure constants, safe to import from workflows, activities and the API alike.

export const ROLES = ['office', 'reviewer', 'handler', 'supervisor', 'ops', 'admin', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see every organisation's records; the others see only their own. */
export const CROSS_ORG_ROLES: readonly Role[] = ['reviewer', 'supervisor', 'ops', 'admin'];

export const ORG_KINDS = ['office', 'provincial', 'department'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const BUSINESS_TYPES = ['domestic_standard', 'express_parcel', 'intl_export_ems', 'intl_export_parcel_domestic'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** Business types that are international and therefore need leg, country and detail sheet. */
export const INTERNATIONAL_BUSINESS_TYPES: readonly BusinessType[] = ['intl_export_ems', 'intl_export_parcel_domestic'];

export const PROBLEM_CATEGORIES = [
  'loss',
  'damage',
  'shortage',
  'delay',
  'misrouted',
  'returned_item',
  'forwarded_item',
  'collection_quality',
  'delivery_service',
  'out_of_area',
  'compensation',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const COMPLEXITIES = ['simple', 'complex'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

export const LEGS = ['leg2', 'leg3'] as const;
export type Leg = (typeof LEGS)[number];

export const APPLICATION_STATUSES = ['submitted', 'returned', 'closed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const WORK_ORDER_STATUSES = ['dispatched', 'accepted', 'replied', 'closed', 'misrouted'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const ESCALATION_STATUSES = ['open', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const SUBJECT_TYPES = ['application', 'workOrder'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const SUGGESTED_ACTIONS = ['wait', 'urge', 'append', 'reactivate', 'explain'] as const;
export type SuggestedAction = (typeof SUGGESTED_ACTIONS)[number];

/**
 * The clocks a case runs against: an application's review and, once returned, the office's action
 * window; a work order's response and resolution; an escalation level's limit.
 */
export const CLOCKS = ['review', 'action', 'response', 'resolution', 'level'] as const;
export type Clock = (typeof CLOCKS)[number];

/** The deadline that applies to a case now, and which clock it belongs to. */
export interface CurrentDeadline {
  clock: Clock;
  deadline: string;
  /** When the clock started (its last share is "due soon"). */
  startedAt: string;
}

export const CASE_KINDS = ['application', 'workOrder', 'escalation'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** Who acts: a person or system signed in, or the service itself (timers, auto-abandon). */
export interface Actor {
  userId: string;
  org: string;
  role: Role | 'system';
  /** The person's name from the directory (or an API key's name), for history and audit. */
  name?: string | null;
  /** Leads their organisation (a department's 负责人): assigns its orders, sees its people's figures. */
  lead?: boolean;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', org: 'system', role: 'system', name: '系统' };
