// The internal service application (内部客服申请单) as data: its state, its transition table,
// and the pure steps the workflow applies. No I/O here.
import type { Actor, ApplicationStatus, BusinessType, Complexity, Leg, ProblemCategory } from './vocabulary.js';
import type { TransitionTable } from './transitions.js';

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
  overdue: boolean;
  reviewCount: number;
  returnCount: number;
  firstReviewedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  /** Transitions projected so far (the history row's seq). */
  seq: number;
}

export const APPLICATION_TRANSITIONS: TransitionTable<ApplicationStatus, 'review' | 'resubmit' | 'abandon'> = {
  review: ['submitted'],
  resubmit: ['returned'],
  abandon: ['returned'],
};

/** Fields an office may change when resubmitting. */
export type ResubmitChanges = Partial<Omit<ApplicationFields, 'mailNumber' | 'businessType'>>;

export function applyResubmit(state: ApplicationState, changes: ResubmitChanges, nowIso: string, reviewDeadline: string): void {
  Object.assign(state, stripUndefined(changes));
  state.status = 'submitted';
  state.returnReason = null;
  state.actionDeadline = null;
  state.reviewDeadline = reviewDeadline;
  state.overdue = false;
  state.updatedAt = nowIso;
}

export function applyReturn(state: ApplicationState, reason: string, nowIso: string, actionDeadline: string): void {
  noteReview(state, nowIso);
  state.status = 'returned';
  state.returnReason = reason;
  state.returnCount += 1;
  state.reviewDeadline = null;
  state.actionDeadline = actionDeadline;
  state.overdue = false;
  state.updatedAt = nowIso;
}

export function applyApprove(state: ApplicationState, workOrderId: string, nowIso: string): void {
  noteReview(state, nowIso);
  state.status = 'closed';
  state.becameOrder = true;
  state.workOrderId = workOrderId;
  state.reviewDeadline = null;
  state.overdue = false;
  state.closedAt = nowIso;
  state.updatedAt = nowIso;
}

export function applyAbandon(state: ApplicationState, nowIso: string): void {
  state.status = 'closed';
  state.becameOrder = false;
  state.actionDeadline = null;
  state.closedAt = nowIso;
  state.updatedAt = nowIso;
}

function noteReview(state: ApplicationState, nowIso: string): void {
  state.reviewCount += 1;
  state.firstReviewedAt ??= nowIso;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
