// The service work order (服务工单): its state and its state machine. Dispatched → accepted (the
// first response) → replied (the result) → closed; a closed order that does not meet the closure
// standard may be reactivated within the window, with fresh deadlines. Orders only move forward
// (工单不得逆转). Pure.
import type { ApplicationState } from './application.js';
import { assignedDepartment, iso, reactivationWindowEnd, workOrderDeadlines, type WorkOrderDeadlines } from './deadlines.js';
import type { CasePolicy } from './policy.js';
import { allowedActionsOf, permission, type ActionRules } from './permissions.js';
import { notAllowedFrom, refuse, type Decision, type TransitionTable } from './transitions.js';
import {
  WORK_ORDER_STATUSES,
  type Actor,
  type BusinessType,
  type Complexity,
  type CurrentDeadline,
  type ProblemCategory,
  type WorkOrderStatus,
} from './vocabulary.js';

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

/** Still being worked on: dispatched, accepted or replied (the statuses as data, for SQL filters too). */
export const OPEN_WORK_ORDER_STATUSES = OPEN;
export const isOpen = (s: Pick<WorkOrderState, 'status'>) => OPEN.includes(s.status);

/**
 * The one definition of the deadline that applies now: the response deadline until the order is
 * accepted, then the resolution deadline until it is replied to; none after that (the reply is the
 * resolution; closing is the reviewer's). Stored as `current_deadline`/`current_clock` on the row.
 */
export function currentDeadline(s: Pick<WorkOrderState, 'status' | 'responseDeadline' | 'resolutionDeadline'>): CurrentDeadline | null {
  if (s.status === 'dispatched') return { clock: 'response', deadline: s.responseDeadline };
  if (s.status === 'accepted') return { clock: 'resolution', deadline: s.resolutionDeadline };
  return null;
}

export function isOverdue(s: Pick<WorkOrderState, 'status' | 'responseDeadline' | 'resolutionDeadline'>, nowMs: number): boolean {
  const d = currentDeadline(s);
  return d !== null && Date.parse(d.deadline) <= nowMs;
}

/** Until when a closed order may be reactivated: only one whose result missed the closure standard; null otherwise. */
export function reactivatableUntil(s: Pick<WorkOrderState, 'status' | 'meetsStandard' | 'reactivatableUntil'>): string | null {
  return s.status === 'closed' && s.meetsStandard === false ? s.reactivatableUntil : null;
}

/** An urge on an order past its deadline escalates it. */
export const urgeEscalates = (s: WorkOrderState, nowMs: number) => isOverdue(s, nowMs);

/** What the rules of who may act read: a state, or the row the API shows of it. */
export type WorkOrderFacts = Pick<WorkOrderState, 'status' | 'org' | 'assignedOrg' | 'meetsStandard' | 'reactivatableUntil' | 'satisfaction'>;

const creatingOffice = (f: WorkOrderFacts) => f.org;
const handlingDepartment = (f: WorkOrderFacts) => f.assignedOrg;
const from = (action: keyof typeof WORK_ORDER_TRANSITIONS) => (f: WorkOrderFacts) => notAllowedFrom(WORK_ORDER_TRANSITIONS, action, f.status);

/** Why a closed order cannot be reactivated at `nowMs`, if it cannot. */
function reactivationRefused(f: WorkOrderFacts, nowMs: number) {
  const refused = from('reactivate')(f);
  if (refused) return refused;
  if (f.meetsStandard !== false) return refuse('reactivate', f.status, 'the closed result meets the standard: explain it to the customer');
  const until = reactivatableUntil(f);
  if (until && nowMs > Date.parse(until)) return refuse('reactivate', f.status, 'the reactivation window has passed');
  return undefined;
}

/** A closed order whose result missed the standard, within its window: the creation rules send the office to reactivate it. */
export const isReactivatable = (f: WorkOrderFacts, nowMs: number) => reactivationRefused(f, nowMs) === undefined;

/** Who may take each action on a work order, and in which state. */
export const WORK_ORDER_ACTIONS = {
  accept: { who: { handler: handlingDepartment }, when: from('accept') },
  reply: { who: { handler: handlingDepartment }, when: from('reply') },
  close: { who: { reviewer: 'any' }, when: from('close') },
  reactivate: { who: { office: creatingOffice, reviewer: 'any' }, when: reactivationRefused },
  urge: { who: { office: creatingOffice }, when: from('urge') },
  append: { who: { office: creatingOffice }, when: from('append') },
  returnVisit: {
    who: { reviewer: 'any' },
    when: (f) =>
      from('returnVisit')(f) ?? (f.satisfaction !== null ? refuse('returnVisit', f.status, 'the return visit of this closure is recorded') : undefined),
  },
  escalate: { who: { reviewer: 'any', supervisor: 'any' }, when: (f) => (isOpen(f) ? undefined : refuse('escalate', f.status, 'the work order is closed')) },
} satisfies ActionRules<WorkOrderFacts, string>;

export type WorkOrderAction = keyof typeof WORK_ORDER_ACTIONS;

export const workOrderPermission = (action: WorkOrderAction, f: WorkOrderFacts, person: Actor, nowMs: number) =>
  permission<WorkOrderFacts, WorkOrderAction>(WORK_ORDER_ACTIONS, action, f, person, nowMs);
export const workOrderAllowedActions = (f: WorkOrderFacts, person: Actor, nowMs: number) =>
  allowedActionsOf<WorkOrderFacts, WorkOrderAction>(WORK_ORDER_ACTIONS, f, person, nowMs);

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
      return { ...accepted, overdue: isOverdue(accepted, nowMs) };
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
        reactivatableUntil: reactivationWindowEnd(nowMs, policy),
        updatedAt,
      };
    case 'reactivate': {
      const refused = reactivationRefused(s, nowMs);
      if (refused) return refused;
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
        // A new cycle: its closure gets its own return visit.
        satisfaction: null,
        overdue: false,
        reactivationCount: s.reactivationCount + 1,
        updatedAt,
      };
    }
    case 'urge':
      return { ...s, urgeCount: s.urgeCount + 1, updatedAt };
    case 'append':
      return { ...s, updatedAt };
    case 'returnVisit': {
      const refused = WORK_ORDER_ACTIONS.returnVisit.when(s);
      if (refused) return refused;
      return { ...s, satisfaction: c.satisfaction, updatedAt };
    }
    case 'deadlineMissed':
      if (!isOverdue(s, nowMs)) return refuse('deadlineMissed', s.status, `its deadline ${currentDeadline(s)?.deadline} has not passed`);
      return { ...s, overdue: true, updatedAt };
    case 'escalationLevel':
      return { ...s, escalationLevel: c.level, updatedAt };
  }
}
