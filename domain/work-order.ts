// The service work order (服务工单): its state and its state machine. Dispatched → accepted (the
// first response) → replied (the result) → closed; a closed order that does not meet the closure
// standard may be reactivated within the window, with fresh deadlines. Orders only move forward
// (工单不得逆转). Pure.
import type { ApplicationState } from './application.js';
import { assignedDepartment, iso, reactivatableUntil, workOrderDeadlines, type WorkOrderDeadlines } from './deadlines.js';
import type { CasePolicy } from './policy.js';
import { notAllowedFrom, refuse, type Decision, type TransitionTable } from './transitions.js';
import { WORK_ORDER_STATUSES, type Actor, type BusinessType, type Complexity, type ProblemCategory, type WorkOrderStatus } from './vocabulary.js';

export interface WorkOrderState extends WorkOrderDeadlines {
  kind: 'workOrder';
  id: string;
  number: string;
  applicationId: string;
  mailNumber: string;
  /** The creating office: it may urge, append and reactivate. */
  org: string;
  createdBy: Actor;
  assignedOrg: string;
  businessType: BusinessType;
  problemCategory: ProblemCategory;
  complexity: Complexity;
  status: WorkOrderStatus;
  respondedAt: string | null;
  resolvedAt: string | null;
  result: string | null;
  customerAccepted: boolean | null;
  meetsStandard: boolean | null;
  satisfaction: number | null;
  urgeCount: number;
  reactivationCount: number;
  escalationLevel: number;
  overdue: boolean;
  reactivatableUntil: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  seq: number;
}

export type WorkOrderCommand =
  | { type: 'accept' }
  | { type: 'reply'; result: string; customerAccepted: boolean }
  | { type: 'close'; meetsStandard: boolean }
  | { type: 'reactivate'; reason: string }
  | { type: 'urge' }
  | { type: 'append' }
  | { type: 'returnVisit'; satisfaction: number }
  /** The deadline that applied passed with nothing done (system). */
  | { type: 'deadlineMissed' }
  /** Its escalation reached a level (0: ended). */
  | { type: 'escalationLevel'; level: number };

const OPEN: readonly WorkOrderStatus[] = ['dispatched', 'accepted', 'replied'];
/** Waiting on the department: the response, then the resolution. */
const IN_HAND: readonly WorkOrderStatus[] = ['dispatched', 'accepted'];

export const WORK_ORDER_TRANSITIONS: TransitionTable<WorkOrderStatus, WorkOrderCommand['type']> = {
  accept: ['dispatched'],
  reply: ['accepted'],
  close: ['replied'],
  reactivate: ['closed'],
  urge: OPEN,
  append: OPEN,
  returnVisit: ['closed'],
  deadlineMissed: IN_HAND,
  escalationLevel: WORK_ORDER_STATUSES,
};

export const isOpen = (s: WorkOrderState) => OPEN.includes(s.status);

/**
 * The one definition of the deadline that applies now: the response deadline until the order is
 * accepted, then the resolution deadline until it is replied to; none after that (the reply is the
 * resolution; closing is the reviewer's). Stored as `current_deadline` on the row for SQL.
 */
export function currentDeadline(s: WorkOrderState): string | null {
  if (s.status === 'dispatched') return s.responseDeadline;
  if (s.status === 'accepted') return s.resolutionDeadline;
  return null;
}

export function isOverdueAt(s: WorkOrderState, nowMs: number): boolean {
  const d = currentDeadline(s);
  return d !== null && Date.parse(d) <= nowMs;
}

/** An urge on an order past its deadline escalates it. */
export const urgeEscalates = (s: WorkOrderState, nowMs: number) => isOverdueAt(s, nowMs);

/**
 * An application becomes at most one work order, so the order's id and number derive from the
 * application's: the same UUID with version digit 5 (application ids are random version-4 UUIDs, so
 * the two never meet), and the number SQ-20261123-00042 → GD-20261123-00042. Deterministic: an
 * approval run again (an ops reset) makes the same order.
 */
export const workOrderIdFor = (applicationId: string) => `${applicationId.slice(0, 14)}5${applicationId.slice(15)}`;

export const workOrderNumberFor = (applicationNumber: string) => applicationNumber.replace(/^[A-Z]+-/, 'GD-');

/** The work order an approved application becomes. */
export function newWorkOrder(app: ApplicationState, nowMs: number, policy: CasePolicy): WorkOrderState {
  const now = iso(nowMs);
  return {
    kind: 'workOrder',
    id: workOrderIdFor(app.id),
    number: workOrderNumberFor(app.number),
    applicationId: app.id,
    mailNumber: app.mailNumber,
    org: app.org,
    createdBy: app.createdBy,
    assignedOrg: assignedDepartment(app.problemCategory, app.businessType, policy),
    businessType: app.businessType,
    problemCategory: app.problemCategory,
    complexity: app.complexity,
    status: 'dispatched',
    ...workOrderDeadlines(nowMs, app.problemCategory, app.complexity, policy),
    respondedAt: null,
    resolvedAt: null,
    result: null,
    customerAccepted: null,
    meetsStandard: null,
    satisfaction: null,
    urgeCount: 0,
    reactivationCount: 0,
    escalationLevel: 0,
    overdue: false,
    reactivatableUntil: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
    seq: 0,
  };
}

export function workOrderTransition(s: WorkOrderState, c: WorkOrderCommand, nowMs: number, policy: CasePolicy): Decision<WorkOrderState> {
  const refused = notAllowedFrom(WORK_ORDER_TRANSITIONS, c.type, s.status);
  if (refused) return refused;
  const updatedAt = iso(nowMs);
  switch (c.type) {
    case 'accept': {
      const accepted: WorkOrderState = { ...s, status: 'accepted', respondedAt: updatedAt, updatedAt };
      return { ...accepted, overdue: isOverdueAt(accepted, nowMs) };
    }
    case 'reply':
      return { ...s, status: 'replied', result: c.result, customerAccepted: c.customerAccepted, resolvedAt: updatedAt, overdue: false, updatedAt };
    case 'close':
      return {
        ...s,
        status: 'closed',
        meetsStandard: c.meetsStandard,
        closedAt: updatedAt,
        overdue: false,
        reactivatableUntil: reactivatableUntil(nowMs, policy),
        updatedAt,
      };
    case 'reactivate':
      if (s.meetsStandard !== false) return refuse('reactivate', s.status, 'the closed result meets the standard: explain it to the customer');
      if (s.reactivatableUntil && nowMs > Date.parse(s.reactivatableUntil)) return refuse('reactivate', s.status, 'the reactivation window has passed');
      return {
        ...s,
        status: 'dispatched',
        ...workOrderDeadlines(nowMs, s.problemCategory, s.complexity, policy),
        respondedAt: null,
        resolvedAt: null,
        result: null,
        customerAccepted: null,
        meetsStandard: null,
        closedAt: null,
        reactivatableUntil: null,
        overdue: false,
        reactivationCount: s.reactivationCount + 1,
        updatedAt,
      };
    case 'urge':
      return { ...s, urgeCount: s.urgeCount + 1, updatedAt };
    case 'append':
      return { ...s, updatedAt };
    case 'returnVisit':
      return { ...s, satisfaction: c.satisfaction, updatedAt };
    case 'deadlineMissed':
      if (!isOverdueAt(s, nowMs)) return refuse('deadlineMissed', s.status, `its deadline ${currentDeadline(s)} has not passed`);
      return { ...s, overdue: true, updatedAt };
    case 'escalationLevel':
      return { ...s, escalationLevel: c.level, updatedAt };
  }
}
