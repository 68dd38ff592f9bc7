// The internal service application (内部客服申请单): its state and its state machine. Submitted →
// approved (closed as a work order) or returned; returned → resubmitted (submitted again) or
// abandoned (closed without one), by the office or by the action deadline. Pure: the workflow
// applies these, the API reads what they produced.
import { iso, returnedActionDeadline, reviewDeadline } from './deadlines.js';
import type { CasePolicy } from './policy.js';
import { allowedActionsOf, permission, type ActionRules } from './permissions.js';
import { invalidField, notAllowedFrom, refuse, type Decision, type TransitionTable } from './transitions.js';
import type { Actor, ApplicationStatus, BusinessType, Complexity, CurrentDeadline, Leg, ProblemCategory } from './vocabulary.js';

export interface ApplicationFields {
  mailNumber: string;
  businessType: BusinessType;
  problemCategory: ProblemCategory;
  demand: string;
  customer: { name: string; phone: string };
  description?: string | null;
  complexity: Complexity;
  international?: { leg: Leg; destinationCountry: string } | null;
}

export interface ApplicationState extends ApplicationFields {
  kind: 'application';
  id: string;
  number: string;
  org: string;
  createdBy: Actor;
  createdAt: string;
  status: ApplicationStatus;
  becameOrder: boolean | null;
  workOrderId: string | null;
  workOrderNumber: string | null;
  returnReason: string | null;
  reviewDeadline: string | null;
  actionDeadline: string | null;
  /** When the clock that applies now started: the (re)submission, or the return. Absent from states recorded before it was kept. */
  clockStartedAt?: string;
  overdue: boolean;
  reviewCount: number;
  returnCount: number;
  firstReviewedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  /** The case's transition sequence when this record last changed (the row and its history entry carry it). */
  seq: number;
}

/** Fields an office may change when resubmitting. */
export type ResubmitChanges = Partial<Omit<ApplicationFields, 'mailNumber' | 'businessType'>>;

export type ApplicationCommand =
  | { type: 'approve'; workOrderId: string; workOrderNumber: string }
  | { type: 'return'; reason: string }
  | { type: 'resubmit'; changes: ResubmitChanges }
  | { type: 'abandon' }
  /** The review deadline passed (system). */
  | { type: 'reviewOverdue' }
  /** The returned application's action deadline passed (system): abandoned for the office. */
  | { type: 'autoAbandon' };

export const APPLICATION_TRANSITIONS: TransitionTable<ApplicationStatus, ApplicationCommand['type']> = {
  approve: ['submitted'],
  return: ['submitted'],
  resubmit: ['returned'],
  abandon: ['returned'],
  reviewOverdue: ['submitted'],
  autoAbandon: ['returned'],
};

/** Not closed: waiting for the review, or for the office after a return (the statuses as data, for SQL filters too). */
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['submitted', 'returned'];
export const isOpen = (s: Pick<ApplicationState, 'status'>) => OPEN_APPLICATION_STATUSES.includes(s.status);

/** The deadline that applies now: the review while submitted, the office's action window while returned. */
export function currentDeadline(
  s: Pick<ApplicationState, 'status' | 'reviewDeadline' | 'actionDeadline' | 'clockStartedAt' | 'createdAt'>,
): CurrentDeadline | null {
  const startedAt = s.clockStartedAt ?? s.createdAt;
  if (s.status === 'submitted' && s.reviewDeadline) return { clock: 'review', deadline: s.reviewDeadline, startedAt };
  if (s.status === 'returned' && s.actionDeadline) return { clock: 'action', deadline: s.actionDeadline, startedAt };
  return null;
}

export function isOverdue(s: Pick<ApplicationState, 'status' | 'reviewDeadline' | 'actionDeadline' | 'createdAt'>, nowMs: number): boolean {
  const d = currentDeadline(s);
  return d !== null && Date.parse(d.deadline) <= nowMs;
}

/** What the rules of who may act read: a state, or the row the API shows of it. */
export type ApplicationFacts = Pick<ApplicationState, 'status' | 'org'>;

const creatingOffice = (f: ApplicationFacts) => f.org;
const from = (action: keyof typeof APPLICATION_TRANSITIONS) => (f: ApplicationFacts) => notAllowedFrom(APPLICATION_TRANSITIONS, action, f.status);

/** Who may take each action on an application, and in which state. */
export const APPLICATION_ACTIONS = {
  approve: { who: { reviewer: 'any' }, when: from('approve') },
  return: { who: { reviewer: 'any' }, when: from('return') },
  resubmit: { who: { office: creatingOffice }, when: from('resubmit') },
  abandon: { who: { office: creatingOffice }, when: from('abandon') },
  escalate: { who: { reviewer: 'any', supervisor: 'any' }, when: (f) => (isOpen(f) ? undefined : refuse('escalate', f.status, 'the application is closed')) },
} satisfies ActionRules<ApplicationFacts, string>;

export type ApplicationAction = keyof typeof APPLICATION_ACTIONS;

export const applicationPermission = (action: ApplicationAction, f: ApplicationFacts, person: Actor, nowMs: number) =>
  permission<ApplicationFacts, ApplicationAction>(APPLICATION_ACTIONS, action, f, person, nowMs);
export const applicationAllowedActions = (f: ApplicationFacts, person: Actor, nowMs: number) =>
  allowedActionsOf<ApplicationFacts, ApplicationAction>(APPLICATION_ACTIONS, f, person, nowMs);

/** A new application, submitted for review. */
export function newApplication(
  o: { id: string; number: string; org: string; createdBy: Actor; fields: ApplicationFields },
  nowMs: number,
  policy: CasePolicy,
): ApplicationState {
  const now = iso(nowMs);
  return {
    kind: 'application',
    id: o.id,
    number: o.number,
    org: o.org,
    createdBy: o.createdBy,
    createdAt: now,
    updatedAt: now,
    ...o.fields,
    description: o.fields.description ?? null,
    international: o.fields.international ?? null,
    status: 'submitted',
    becameOrder: null,
    workOrderId: null,
    workOrderNumber: null,
    returnReason: null,
    reviewDeadline: reviewDeadline(nowMs, policy),
    actionDeadline: null,
    clockStartedAt: now,
    overdue: false,
    reviewCount: 0,
    returnCount: 0,
    firstReviewedAt: null,
    closedAt: null,
    // Creation is the case's first transition, recorded with the reservation (db/projection.ts).
    seq: 1,
  };
}

export function applicationTransition(s: ApplicationState, c: ApplicationCommand, nowMs: number, policy: CasePolicy): Decision<ApplicationState> {
  const refused = notAllowedFrom(APPLICATION_TRANSITIONS, c.type, s.status);
  if (refused) return refused;
  const now = iso(nowMs);
  const reviewed = { reviewCount: s.reviewCount + 1, firstReviewedAt: s.firstReviewedAt ?? now, reviewDeadline: null, overdue: false, updatedAt: now };
  switch (c.type) {
    case 'approve':
      return { ...s, ...reviewed, status: 'closed', becameOrder: true, workOrderId: c.workOrderId, workOrderNumber: c.workOrderNumber, closedAt: now };
    case 'return':
      if (!c.reason.trim()) return invalidField('return', s.status, 'reason', 'required', 'reason is required to return');
      return {
        ...s,
        ...reviewed,
        status: 'returned',
        returnReason: c.reason,
        returnCount: s.returnCount + 1,
        actionDeadline: returnedActionDeadline(nowMs, policy),
        clockStartedAt: now,
      };
    case 'resubmit':
      return {
        ...s,
        ...definedOnly(c.changes),
        status: 'submitted',
        returnReason: null,
        actionDeadline: null,
        reviewDeadline: reviewDeadline(nowMs, policy),
        clockStartedAt: now,
        overdue: false,
        updatedAt: now,
      };
    case 'abandon':
    case 'autoAbandon':
      return { ...s, status: 'closed', becameOrder: false, actionDeadline: null, closedAt: now, updatedAt: now };
    case 'reviewOverdue':
      return { ...s, overdue: true, updatedAt: now };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
