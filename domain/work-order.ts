// The service work order (服务工单) as data: state, transition table and pure steps.
// Orders only move forward (工单不得逆转); reactivation opens a fresh deadline cycle.
import type { Actor, BusinessType, Complexity, ProblemCategory, WorkOrderStatus } from './vocabulary.js';
import type { TransitionTable } from './transitions.js';
import type { ApplicationState } from './application.js';
import { assignedDepartment, workOrderDeadlines, type WorkOrderDeadlines, type WorkOrderPolicy } from './work-order-policy.js';

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

export type WorkOrderAction = 'accept' | 'reply' | 'close' | 'reactivate' | 'urge' | 'append' | 'returnVisit';

const OPEN: readonly WorkOrderStatus[] = ['dispatched', 'accepted', 'replied'];

export const WORK_ORDER_TRANSITIONS: TransitionTable<WorkOrderStatus, WorkOrderAction> = {
  accept: ['dispatched'],
  reply: ['accepted'],
  close: ['replied'],
  reactivate: ['closed'],
  urge: OPEN,
  append: OPEN,
  returnVisit: ['closed'],
};

export const isOpen = (s: WorkOrderState) => OPEN.includes(s.status);

/** Past the deadline that currently applies (response until responded, then resolution). */
export function currentDeadline(s: WorkOrderState): string | null {
  if (!isOpen(s)) return null;
  return s.respondedAt ? s.resolutionDeadline : s.responseDeadline;
}

export function isOverdueAt(s: WorkOrderState, nowMs: number): boolean {
  const d = currentDeadline(s);
  return d !== null && Date.parse(d) <= nowMs;
}

/** The work order an approved application becomes (numbered later by the record activity). */
export function newWorkOrderState(
  app: ApplicationState,
  id: string,
  nowMs: number,
  policy: WorkOrderPolicy,
): Omit<WorkOrderState, 'number'> {
  const nowIso = new Date(nowMs).toISOString();
  return {
    kind: 'workOrder',
    id,
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
    createdAt: nowIso,
    updatedAt: nowIso,
    seq: 0,
  };
}
