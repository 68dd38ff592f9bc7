// The service work order (服务工单): its state and its state machine. Dispatched → accepted (the
// first response) → replied (the result) → closed; a closed order that does not meet the closure
// standard may be reactivated within the window, with fresh deadlines. Orders only move forward
// (工单不得逆转): a department passes one on by transfer (转派, which the receiver may refuse) or
// sends it back to the reviewer when it was misrouted (退回改派). Inside the department the order
// has at most one assignee (认领, 分派, 释放). Pure.
import type { ApplicationState } from './application.js';
import { assignedDepartment, iso, reactivationWindowEnd, workOrderDeadlines, type WorkOrderDeadlines } from './deadlines.js';
import { deadlineAfter } from './calendar.js';
import { clockPolicy, clockTimeline, pendingWarnings, type ClockFacts, type FiredWarning } from './clocks.js';
import { clockFor } from './deadlines.js';
import { deskPolicy, deskSettings } from './desk.js';
import type { CasePolicy } from './policy.js';
import { allowedActionsOf, permission, type ActionRules } from './permissions.js';
import { invalidField, notAllowedFrom, refuse, type Decision, type TransitionTable } from './transitions.js';
import {
  WORK_ORDER_STATUSES,
  type Actor,
  type BusinessType,
  type Clock,
  type Complexity,
  type CurrentDeadline,
  type ProblemCategory,
  type WorkOrderStatus,
} from './vocabulary.js';

/** A person of a department, as the order names them. */
export interface Person {
  userId: string;
  name: string | null;
}

export interface Transfer {
  from: string;
  to: string;
  at: string;
  /** The receiving department may refuse it until then. */
  refuseUntil: string;
  reasonCategory: string;
  reason: string;
  by: Person;
}

/** Who holds the order inside its department, and how it travelled between departments. */
export interface DeskState {
  /** The person who owns it now; null: it waits in the department's queue. */
  assignee: Person | null;
  assignedAt: string | null;
  /** The assignee must act by then or the order returns to the queue (null once they acted). */
  claimDeadline: string | null;
  /** Waiting for the department's automatic assignment. */
  autoAssign: boolean;
  transferCount: number;
  /** The last transfer, while the receiving department may still refuse it. */
  pendingTransfer: Transfer | null;
  /** Each department's time with the order (`to`: null while it holds it). */
  holds: { org: string; from: string; to: string | null }[];
  /** Why the department sent it back to the reviewer (status misrouted). */
  misrouteReason: string | null;
  /** The department's question to the office, until the office's append answers it (请求补充). */
  openQuestion: { at: string; text: string; by: Person } | null;
  /** When this cycle's clocks started: the dispatch, or the last reactivation. */
  dispatchedAt: string;
}

/** The resolution clock stopped while the case waits on someone outside the department (挂起). */
export interface PauseState {
  at: string;
  /** It resumes by itself then (or when the office appends, or by hand). */
  until: string;
  reasonCategory: string;
  reason: string;
  by: Person;
}

/** The clocks' own record: pauses and the warnings already given. */
export interface ClockTrack {
  pause: PauseState | null;
  pauseCount: number;
  /** Working time paused in all (the clock's calendar), for the reports. */
  pausedMs: number;
  warned: FiredWarning[];
}

export interface WorkOrderState extends WorkOrderDeadlines, DeskState, ClockTrack {
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
  /** The first response; a handler accepting an order in the queue takes it. */
  | { type: 'accept'; by?: Person }
  | { type: 'reply'; result: string; customerAccepted: boolean; by?: Person }
  | { type: 'claim'; by: Person }
  /** By the department's lead (the API checked the person belongs to the department). */
  | { type: 'assign'; to: Person }
  /** The department's automatic choice (system); null: nobody can take it now. */
  | { type: 'autoAssign'; to: Person | null }
  | { type: 'release'; why: 'by_hand' | 'claim_timeout' | 'leave' }
  | { type: 'transfer'; to: string; reasonCategory: string; reason: string; by: Person }
  | { type: 'refuseTransfer'; reason: string }
  /** The receiving department's window to refuse passed (system). */
  | { type: 'transferSettled' }
  | { type: 'returnToReviewer'; reason: string }
  | { type: 'redispatch'; to: string }
  | { type: 'ask'; text: string; by: Person }
  | { type: 'note'; by?: Person }
  /** A warning step of a clock came (system). */
  | { type: 'warn'; clock: Clock; step: number; deadline: string }
  | { type: 'pause'; reasonCategory: string; reason: string; until: string; by: Person }
  | { type: 'resume'; why: 'by_hand' | 'due' }
  | { type: 'close'; meetsStandard: boolean }
  | { type: 'reactivate'; reason: string }
  | { type: 'urge' }
  | { type: 'append' }
  | { type: 'returnVisit'; satisfaction: number }
  /** The deadline that applied passed with nothing done (system). */
  | { type: 'deadlineMissed' }
  /** Its escalation reached a level (0: ended). */
  | { type: 'escalationLevel'; level: number };

const OPEN: readonly WorkOrderStatus[] = ['dispatched', 'accepted', 'replied', 'misrouted'];
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
  deadlineMissed: [...IN_HAND, 'misrouted'],
  escalationLevel: WORK_ORDER_STATUSES,
  claim: IN_HAND,
  assign: IN_HAND,
  autoAssign: IN_HAND,
  release: IN_HAND,
  transfer: IN_HAND,
  refuseTransfer: IN_HAND,
  transferSettled: WORK_ORDER_STATUSES,
  returnToReviewer: ['dispatched'],
  redispatch: ['misrouted'],
  ask: IN_HAND,
  note: WORK_ORDER_STATUSES,
  warn: [...IN_HAND, 'misrouted'],
  pause: IN_HAND,
  resume: IN_HAND,
};

/** Still being worked on: dispatched, accepted, replied or waiting to be re-dispatched (the statuses as data, for SQL filters too). */
export const OPEN_WORK_ORDER_STATUSES = OPEN;
export const isOpen = (s: Pick<WorkOrderState, 'status'>) => OPEN.includes(s.status);

/**
 * The one definition of the deadline that applies now: the response deadline until the order is
 * accepted, then the resolution deadline until it is replied to; none after that (the reply is the
 * resolution; closing is the reviewer's). Stored as `current_deadline`/`current_clock` on the row.
 */
type DeadlineFacts = Pick<WorkOrderState, 'status' | 'responseDeadline' | 'resolutionDeadline' | 'createdAt'> & {
  dispatchedAt?: string | null;
  pause?: { at: string } | null;
};

/** Paused before it was breached: the resolution clock counts nothing meanwhile (one breached stays breached). */
export const isPaused = (s: DeadlineFacts) => !!s.pause && Date.parse(s.pause.at) < Date.parse(s.resolutionDeadline);

export function currentDeadline(s: DeadlineFacts): CurrentDeadline | null {
  const startedAt = s.dispatchedAt ?? s.createdAt;
  // Sent back to the reviewer before anyone answered: the customer still waits for the call.
  if (s.status === 'dispatched' || s.status === 'misrouted') return { clock: 'response', deadline: s.responseDeadline, startedAt };
  if (s.status === 'accepted' && !isPaused(s)) return { clock: 'resolution', deadline: s.resolutionDeadline, startedAt };
  return null;
}

/** Both clocks of the order as the record holds them (clocks.ts gives their states). */
export function orderClocks(s: DeadlineFacts & Pick<WorkOrderState, 'respondedAt' | 'resolvedAt'>): ClockFacts[] {
  const startedAt = s.dispatchedAt ?? s.createdAt;
  return [
    { clock: 'response', startedAt, deadline: s.responseDeadline, metAt: s.respondedAt, pausedAt: null },
    { clock: 'resolution', startedAt, deadline: s.resolutionDeadline, metAt: s.resolvedAt, pausedAt: isPaused(s) ? s.pause!.at : null },
  ];
}

export function isOverdue(s: DeadlineFacts, nowMs: number): boolean {
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
export type WorkOrderFacts = Pick<
  WorkOrderState,
  'status' | 'org' | 'assignedOrg' | 'meetsStandard' | 'reactivatableUntil' | 'satisfaction' | 'assignee' | 'pendingTransfer' | 'pause'
>;

const creatingOffice = (f: WorkOrderFacts) => f.org;
const handlingDepartment = (f: WorkOrderFacts) => f.assignedOrg;
const from = (action: keyof typeof WORK_ORDER_TRANSITIONS) => (f: Pick<WorkOrderFacts, 'status'>) => notAllowedFrom(WORK_ORDER_TRANSITIONS, action, f.status);
const nameOf = (p: Person) => p.name ?? p.userId;

/** On an order someone holds, only they or the department's lead act; on one in the queue, anyone of the department. */
const holderOrLead = (f: WorkOrderFacts, p: Actor) =>
  !f.assignee || f.assignee.userId === p.userId || p.lead ? undefined : `assigned to ${nameOf(f.assignee)}: only they or the department's lead may`;
const holderOrLeadOnly = (f: WorkOrderFacts, p: Actor) =>
  f.assignee?.userId === p.userId || p.lead ? undefined : "only the assignee or the department's lead may";
const leadOnly = (_f: WorkOrderFacts, p: Actor) => (p.lead ? undefined : "only the department's lead may");

/** Why a closed order cannot be reactivated at `nowMs`, if it cannot. */
function reactivationRefused(f: Pick<WorkOrderFacts, 'status' | 'meetsStandard' | 'reactivatableUntil'>, nowMs: number) {
  const refused = from('reactivate')(f);
  if (refused) return refused;
  if (f.meetsStandard !== false) return refuse('reactivate', f.status, 'the closed result meets the standard: explain it to the customer');
  const until = reactivatableUntil(f);
  if (until && nowMs > Date.parse(until)) return refuse('reactivate', f.status, 'the reactivation window has passed');
  return undefined;
}

/** A closed order whose result missed the standard, within its window: the creation rules send the office to reactivate it. */
export const isReactivatable = (f: Pick<WorkOrderFacts, 'status' | 'meetsStandard' | 'reactivatableUntil'>, nowMs: number) =>
  reactivationRefused(f, nowMs) === undefined;

/** Why a claim is refused: not in the department's hands, or someone holds it already (409 naming them). */
const claimRefused = (f: WorkOrderFacts, _now: number, p: Actor) =>
  from('claim')(f) ??
  (f.assignee ? refuse('claim', f.status, f.assignee.userId === p.userId ? 'it is yours already' : `${nameOf(f.assignee)} holds it`) : undefined);

/** Who may take each action on a work order, and in which state. */
export const WORK_ORDER_ACTIONS = {
  accept: { who: { handler: handlingDepartment }, only: holderOrLead, when: from('accept') },
  reply: { who: { handler: handlingDepartment }, only: holderOrLead, when: from('reply') },
  claim: { who: { handler: handlingDepartment }, when: claimRefused },
  assign: { who: { handler: handlingDepartment }, only: leadOnly, when: from('assign') },
  release: {
    who: { handler: handlingDepartment },
    only: holderOrLeadOnly,
    when: (f) => from('release')(f) ?? (f.assignee ? undefined : refuse('release', f.status, 'nobody holds it')),
  },
  transfer: { who: { handler: handlingDepartment }, only: holderOrLead, when: from('transfer') },
  refuseTransfer: {
    who: { handler: handlingDepartment },
    when: (f, nowMs) =>
      from('refuseTransfer')(f) ??
      (f.pendingTransfer?.to !== f.assignedOrg
        ? refuse('refuseTransfer', f.status, 'it was not transferred to this department')
        : nowMs > Date.parse(f.pendingTransfer.refuseUntil)
          ? refuse('refuseTransfer', f.status, 'the window to refuse the transfer has passed')
          : undefined),
  },
  returnToReviewer: { who: { handler: handlingDepartment }, only: holderOrLead, when: from('returnToReviewer') },
  redispatch: { who: { reviewer: 'any' }, when: from('redispatch') },
  ask: { who: { handler: handlingDepartment }, only: holderOrLead, when: from('ask') },
  pause: {
    who: { handler: handlingDepartment },
    only: holderOrLeadOnly,
    when: (f) => from('pause')(f) ?? (f.pause ? refuse('pause', f.status, 'the resolution clock is paused already') : undefined),
  },
  resume: {
    who: { handler: handlingDepartment },
    only: holderOrLeadOnly,
    when: (f) => from('resume')(f) ?? (f.pause ? undefined : refuse('resume', f.status, 'the resolution clock is not paused')),
  },
  note: { who: { handler: handlingDepartment }, when: from('note') },
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

/** The desk part of a newly dispatched order: in the department's queue, or waiting for its automatic assignment. */
function dispatchedTo(org: string, policy: CasePolicy): Pick<DeskState, 'assignee' | 'assignedAt' | 'claimDeadline' | 'autoAssign'> {
  return { assignee: null, assignedAt: null, claimDeadline: null, autoAssign: deskSettings(policy, org).assignment !== 'manual' };
}

/** The work order an approved application becomes. */
export function newWorkOrder(app: ApplicationState, nowMs: number, policy: CasePolicy): WorkOrderState {
  const now = iso(nowMs);
  const assignedOrg = assignedDepartment(app.problemCategory, app.businessType, policy);
  return {
    kind: 'workOrder',
    id: workOrderIdFor(app.id),
    number: workOrderNumberFor(app.number),
    applicationId: app.id,
    mailNumber: app.mailNumber,
    org: app.org,
    createdBy: app.createdBy,
    assignedOrg,
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
    ...dispatchedTo(assignedOrg, policy),
    transferCount: 0,
    pendingTransfer: null,
    holds: [{ org: assignedOrg, from: now, to: null }],
    misrouteReason: null,
    openQuestion: null,
    dispatchedAt: now,
    ...NO_CLOCK_TRACK,
  };
}

const NO_CLOCK_TRACK: ClockTrack = { pause: null, pauseCount: 0, pausedMs: 0, warned: [] };

/** An order recorded before the desk existed (a continued run's state, a row), with the desk's fields as they were then. */
export function withDesk(s: WorkOrderState): WorkOrderState {
  if (s.holds && s.warned) return s;
  if (s.holds) return { ...NO_CLOCK_TRACK, ...s };
  return {
    ...NO_CLOCK_TRACK,
    ...s,
    assignee: null,
    assignedAt: null,
    claimDeadline: null,
    autoAssign: false,
    transferCount: 0,
    pendingTransfer: null,
    holds: [{ org: s.assignedOrg, from: s.createdAt, to: null }],
    misrouteReason: null,
    openQuestion: null,
    dispatchedAt: s.createdAt,
  };
}

/** Given to a person: they must act within the department's claim timeout (business time). */
function givenTo(s: WorkOrderState, to: Person, nowMs: number, policy: CasePolicy): Partial<WorkOrderState> {
  const settings = deskSettings(policy, s.assignedOrg);
  return {
    assignee: to,
    assignedAt: iso(nowMs),
    claimDeadline: iso(deadlineAfter(nowMs, settings.claimTimeout, settings.clock, policy.calendars)),
    autoAssign: false,
  };
}

/** The department changes hands: the last one's time with it ends, the next one's begins. */
function movedTo(s: WorkOrderState, org: string, nowMs: number, policy: CasePolicy): Partial<WorkOrderState> {
  const now = iso(nowMs);
  return {
    assignedOrg: org,
    ...dispatchedTo(org, policy),
    holds: [...s.holds.map((h) => (h.to === null ? { ...h, to: now } : h)), { org, from: now, to: null }],
  };
}

/** The assignee acted: the claim timeout stops. A handler who acts on an order in the queue takes it. */
function acted(s: WorkOrderState, by: Person | undefined, nowMs: number, policy: CasePolicy): Partial<WorkOrderState> {
  if (!by) return {};
  if (!s.assignee) return { ...givenTo(s, by, nowMs, policy), claimDeadline: null };
  return s.assignee.userId === by.userId ? { claimDeadline: null } : {};
}

/** The timeline the order's clocks count on: its category's rule. */
const timelineOf = (s: WorkOrderState, policy: CasePolicy) => clockTimeline(clockFor(s.problemCategory, s.complexity, policy).clock, policy);

/**
 * The pause ends: the resolution deadline moves later by exactly the working time it lasted (on the
 * clock's calendar), unless the clock was breached when paused (it stays breached).
 */
function resumed(s: WorkOrderState, nowMs: number, policy: CasePolicy): Partial<WorkOrderState> {
  if (!s.pause) return {};
  const tl = timelineOf(s, policy);
  const paused = tl.between(Date.parse(s.pause.at), nowMs);
  const breached = !isPaused(s);
  return {
    pause: null,
    pausedMs: s.pausedMs + paused,
    resolutionDeadline: breached ? s.resolutionDeadline : iso(tl.add(Date.parse(s.resolutionDeadline), paused)),
  };
}

/** Why a pause is refused: already paused, not allowed for the category, or planned too long (422 naming `until`). */
function pauseRefused(s: WorkOrderState, c: { until: string; reasonCategory: string }, nowMs: number, policy: CasePolicy) {
  if (s.pause) return refuse('pause', s.status, 'the resolution clock is paused already');
  const rules = clockPolicy(policy).pause;
  if (rules.forbiddenCategories.includes(s.problemCategory)) return refuse('pause', s.status, `the policy does not allow pausing ${s.problemCategory} orders`);
  if (!rules.reasons.includes(c.reasonCategory)) return invalidField('pause', s.status, 'reasonCategory', 'pauseReason', `one of: ${rules.reasons.join(', ')}`);
  const until = c.until;
  const end = Date.parse(until);
  if (!(end > nowMs)) return invalidField('pause', s.status, 'until', 'future', 'the expected resume time must be in the future');
  const latest = timelineOf(s, policy).add(nowMs, rules.maxWorkingDays * WORKING_DAY_MS);
  if (end > latest) return invalidField('pause', s.status, 'until', 'maxWorkingDays', `at most ${rules.maxWorkingDays} working days ahead`);
  return undefined;
}

/** A working day of the clock: 8 hours of working time (or 24 wall-clock hours counted as such). */
const WORKING_DAY_MS = 8 * 3_600_000;

/** More hops between departments than the policy allows: the case escalates. */
export const tooManyTransfers = (s: WorkOrderState, policy: CasePolicy) => s.transferCount > deskPolicy(policy).maxTransfers;

export function workOrderTransition(input: WorkOrderState, c: WorkOrderCommand, nowMs: number, policy: CasePolicy): Decision<WorkOrderState> {
  const s = withDesk(input);
  const refused = notAllowedFrom(WORK_ORDER_TRANSITIONS, c.type, s.status);
  if (refused) return refused;
  const updatedAt = iso(nowMs);
  switch (c.type) {
    case 'accept': {
      const accepted: WorkOrderState = { ...s, ...acted(s, c.by, nowMs, policy), status: 'accepted', respondedAt: updatedAt, updatedAt };
      return { ...accepted, overdue: isOverdue(accepted, nowMs) };
    }
    case 'reply':
      return {
        ...s,
        ...resumed(s, nowMs, policy),
        ...acted(s, c.by, nowMs, policy),
        claimDeadline: null,
        status: 'replied',
        result: c.result,
        customerAccepted: c.customerAccepted,
        resolvedAt: updatedAt,
        overdue: false,
        openQuestion: null,
        updatedAt,
      };
    case 'close':
      return {
        ...s,
        status: 'closed',
        meetsStandard: c.meetsStandard,
        closedAt: updatedAt,
        overdue: false,
        reactivatableUntil: reactivationWindowEnd(nowMs, policy),
        holds: s.holds.map((h) => (h.to === null ? { ...h, to: updatedAt } : h)),
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
        // A new cycle: its closure gets its own return visit; the department that answered takes it up again.
        satisfaction: null,
        overdue: false,
        reactivationCount: s.reactivationCount + 1,
        ...dispatchedTo(s.assignedOrg, policy),
        holds: [...s.holds, { org: s.assignedOrg, from: updatedAt, to: null }],
        dispatchedAt: updatedAt,
        // A new cycle of the clocks: nothing paused, every warning to come again.
        pause: null,
        warned: [],
        updatedAt,
      };
    }
    case 'urge':
      return { ...s, urgeCount: s.urgeCount + 1, updatedAt };
    case 'append':
      // The office's answer to the department's question, if one was open; a clock paused waiting on it resumes.
      return { ...s, ...resumed(s, nowMs, policy), openQuestion: null, updatedAt };
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
    case 'claim': {
      if (s.assignee) return refuse('claim', s.status, `${nameOf(s.assignee)} holds it`);
      return { ...s, ...givenTo(s, c.by, nowMs, policy), updatedAt };
    }
    case 'assign':
      return { ...s, ...givenTo(s, c.to, nowMs, policy), updatedAt };
    case 'autoAssign':
      if (!s.autoAssign) return refuse('autoAssign', s.status, 'it is not waiting for an automatic assignment');
      return c.to ? { ...s, ...givenTo(s, c.to, nowMs, policy), updatedAt } : { ...s, autoAssign: false, updatedAt };
    case 'release':
      if (!s.assignee) return refuse('release', s.status, 'nobody holds it');
      return { ...s, assignee: null, assignedAt: null, claimDeadline: null, updatedAt };
    case 'transfer': {
      if (c.to === s.assignedOrg) return invalidField('transfer', s.status, 'to', 'anotherDepartment', 'transfer to another department');
      const transfer: Transfer = {
        from: s.assignedOrg,
        to: c.to,
        at: updatedAt,
        refuseUntil: iso(nowMs + deskSettings(policy, c.to).refuseWindow),
        reasonCategory: c.reasonCategory,
        reason: c.reason,
        by: c.by,
      };
      return { ...s, ...movedTo(s, c.to, nowMs, policy), transferCount: s.transferCount + 1, pendingTransfer: transfer, updatedAt };
    }
    case 'refuseTransfer': {
      const refused = WORK_ORDER_ACTIONS.refuseTransfer.when(s, nowMs);
      if (refused) return refused;
      // Back to the department and the person who sent it (not counted as another hop).
      const back: WorkOrderState = { ...s, ...movedTo(s, s.pendingTransfer!.from, nowMs, policy), pendingTransfer: null, updatedAt };
      return { ...back, ...givenTo(back, s.pendingTransfer!.by, nowMs, policy) };
    }
    case 'transferSettled':
      if (!s.pendingTransfer) return refuse('transferSettled', s.status, 'no transfer is pending');
      return { ...s, pendingTransfer: null, updatedAt };
    case 'returnToReviewer':
      return {
        ...s,
        status: 'misrouted',
        misrouteReason: c.reason,
        assignee: null,
        assignedAt: null,
        claimDeadline: null,
        autoAssign: false,
        pendingTransfer: null,
        holds: s.holds.map((h) => (h.to === null ? { ...h, to: updatedAt } : h)),
        updatedAt,
      };
    case 'redispatch':
      return {
        ...s,
        status: 'dispatched',
        misrouteReason: null,
        assignedOrg: c.to,
        ...dispatchedTo(c.to, policy),
        holds: [...s.holds, { org: c.to, from: updatedAt, to: null }],
        updatedAt,
      };
    case 'ask':
      return { ...s, ...acted(s, c.by, nowMs, policy), openQuestion: { at: updatedAt, text: c.text, by: c.by }, updatedAt };
    case 'note':
      return { ...s, ...(isInHand(s) ? acted(s, c.by, nowMs, policy) : {}), updatedAt };
    case 'warn':
      return {
        ...s,
        warned: [...s.warned.filter((w) => !(w.clock === c.clock && w.step === c.step)), { clock: c.clock, step: c.step, deadline: c.deadline }],
        updatedAt,
      };
    case 'pause': {
      const refused = pauseRefused(s, c, nowMs, policy);
      if (refused) return refused;
      const pause: PauseState = { at: updatedAt, until: c.until, reasonCategory: c.reasonCategory, reason: c.reason, by: c.by };
      return { ...s, ...acted(s, c.by, nowMs, policy), pause, pauseCount: s.pauseCount + 1, updatedAt };
    }
    case 'resume':
      if (!s.pause) return refuse('resume', s.status, 'the resolution clock is not paused');
      return { ...s, ...resumed(s, nowMs, policy), updatedAt };
  }
}

const isInHand = (s: Pick<WorkOrderState, 'status'>) => IN_HAND.includes(s.status);

export type TimerEvent =
  | { event: 'deadline' | 'claimTimeout' | 'transferSettled' | 'pauseEnds' }
  | { event: 'warning'; clock: Clock; step: number; deadline: string };

/**
 * The next thing the order's own timers must do, if anything: its deadline passing, a warning step
 * of a clock, the claim timeout, the end of a transfer's refusal window, a pause's planned end.
 */
export function nextTimer(s: WorkOrderState, policy: CasePolicy): (TimerEvent & { at: string }) | null {
  const d = withDesk(s);
  const current = currentDeadline(d);
  // Clocks running now warn: the response until accepted, the resolution until replied (not while paused, nor once sent back to the reviewer).
  const running = isInHand(d) ? orderClocks(d).filter((c) => !c.metAt && !c.pausedAt) : [];
  const warnings = pendingWarnings(running, clockPolicy(policy).warnings, d.warned, () => timelineOf(d, policy));
  const timers: (TimerEvent & { at: string })[] = [
    ...(current && !d.overdue ? [{ at: current.deadline, event: 'deadline' as const }] : []),
    ...(d.assignee && d.claimDeadline && isInHand(d) ? [{ at: d.claimDeadline, event: 'claimTimeout' as const }] : []),
    ...(d.pendingTransfer ? [{ at: d.pendingTransfer.refuseUntil, event: 'transferSettled' as const }] : []),
    ...(d.pause && isInHand(d) ? [{ at: d.pause.until, event: 'pauseEnds' as const }] : []),
    ...warnings.map((w) => ({ event: 'warning' as const, clock: w.clock, step: w.step, deadline: w.deadline, at: iso(w.at) })),
  ];
  return timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0] ?? null;
}
