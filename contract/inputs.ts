// What each workflow starts with, and the shapes crossing the workflow/activity boundary.
import type { ApplicationState } from '../domain/application.js';
import type { CaseState } from '../domain/case.js';
import type { EscalationState } from '../domain/escalation.js';
import type { Message } from '../domain/notices.js';
import type { CasePolicy, DeskSettings, LadderLevel, WarningStep } from '../domain/policy.js';
import type { Actor, SubjectType } from '../domain/vocabulary.js';
import type { Person, WorkOrderState } from '../domain/work-order.js';

export interface ApplicationInput {
  application: ApplicationState;
  policy: CasePolicy;
  /** Carried across continue-as-new. */
  resume?: { state: CaseState; seq: number };
}

export interface EscalationInput {
  id: string;
  subjectType: SubjectType;
  subjectId: string;
  subjectNumber: string;
  /** The workflow of the subject's case, told the level as it changes. */
  subjectWorkflowId: string;
  org: string;
  reason: string;
  ladder: LadderLevel[];
  provincialOrg: string;
  /** Warning steps of each level's clock (absent from escalations started before levels warned). */
  warnings?: WarningStep[];
  openedBy: Actor;
  /** The trigger that opened it (its signal-with-start signal is not a second raise). */
  triggerId: string;
  /** Carried across continue-as-new. */
  resume?: EscalationState;
}

export interface ReplayInput {
  workflowIds: string[];
}

export interface ReplayResult {
  workflowId: string;
  runId: string;
  deterministic: boolean;
  error?: string;
}

export type ApplicationWorkflow = (input: ApplicationInput) => Promise<CaseState>;
export type EscalationWorkflow = (input: EscalationInput) => Promise<EscalationState>;
export type ReplayWorkflow = (input: ReplayInput) => Promise<ReplayResult[]>;
export type AbsenceWorkflow = (input: AbsenceInput) => Promise<number>;
export type MonthlyReportWorkflow = (input?: MonthlyReportInput) => Promise<MonthlyReportResult>;

/** The monthly report: of `month` (YYYY-MM), or of the month before the run (the schedule's case). */
export interface MonthlyReportInput {
  month?: string;
}

export interface MonthlyReportResult {
  month: string;
  departments: number;
  /** Messages written to leads now (a repeated run of the same month writes none). */
  messages: number;
}

/** A case record as projected: one of the three kinds of row. */
export type ProjectedState = ApplicationState | WorkOrderState | EscalationState;

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  detail: Record<string, unknown>;
  /** `department`: an internal note of the handling department (the office never sees it). */
  visibility?: 'department';
}

/** One transition of a workflow: each record it changed with its history entry, and what to tell whom (about the first record). */
export interface TransitionRecord {
  writes: { state: ProjectedState; entry: HistoryEntry }[];
  messages?: Message[];
}

/** A trigger for the subject's escalation: starts it, or raises the open one. */
export interface EscalationTrigger {
  subjectType: SubjectType;
  subjectId: string;
  subjectNumber: string;
  subjectWorkflowId: string;
  org: string;
  ladder: LadderLevel[];
  provincialOrg: string;
  /** Warning steps of each level's clock (absent from escalations started before levels warned). */
  warnings?: WarningStep[];
  triggerId: string;
  reason: string;
  actor: Actor;
}

/** The department's automatic assignment, asked once per transition that needs it (`key`). */
export interface AssignmentRequest {
  key: string;
  workOrderId: string;
  org: string;
  mode: DeskSettings['assignment'];
  cap: number;
}

/** A person's leave: from its start, the orders they hold follow their department's setting. */
export interface AbsenceInput {
  absenceId: string;
  userId: string;
  startsAt: string;
  onLeave: DeskSettings['onLeave'];
}

/** The activities the workflows call (activities/index.ts implements them). */
export interface CaseActivities {
  chooseAssignee(request: AssignmentRequest): Promise<Person | null>;
  /** The case workflows of the orders a person holds now. */
  ordersHeldBy(userId: string): Promise<string[]>;
  recordTransition(t: TransitionRecord): Promise<{ smsIds: string[] }>;
  deliverMessages(ids: string[]): Promise<{ sent: number }>;
  triggerEscalation(trigger: EscalationTrigger): Promise<void>;
  replayHistories(input: ReplayInput): Promise<ReplayResult[]>;
  /** Each department's figures of the month to its leads (once per month and lead). */
  sendMonthlyReports(input: MonthlyReportInput & { at: string }): Promise<MonthlyReportResult>;
}
