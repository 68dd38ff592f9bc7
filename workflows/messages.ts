// Every update, signal and query, and the workflow-id scheme: shared by the API and the workflows.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApplicationState, ResubmitChanges } from '../domain/application.js';
import type { EscalationState, LadderLevel } from '../domain/escalation.js';
import type { Actor, SubjectType } from '../domain/vocabulary.js';
import type { WorkOrderState } from '../domain/work-order.js';

/** Every case workflow answers this query with its full state (ops compare it with the row). */
export const STATE_QUERY = 'state';

export const workflowIds = {
  application: (id: string) => `application-${id}`,
  workOrder: (id: string) => `work-order-${id}`,
  escalation: (subjectType: string, subjectId: string) => `escalation-${subjectType}-${subjectId}`,
};

export interface Command {
  actor: Actor;
}

// Applications
export interface ReviewCommand extends Command {
  decision: 'approve' | 'return';
  reason?: string;
}
export interface ResubmitCommand extends Command {
  changes: ResubmitChanges;
}
export interface AbandonCommand extends Command {
  reason?: string;
}

export const applicationState = defineQuery<ApplicationState>(STATE_QUERY);
export const reviewApplication = defineUpdate<ApplicationState, [ReviewCommand]>('review');
export const resubmitApplication = defineUpdate<ApplicationState, [ResubmitCommand]>('resubmit');
export const abandonApplication = defineUpdate<ApplicationState, [AbandonCommand]>('abandon');

// Work orders
export interface ReplyCommand extends Command {
  result: string;
  customerAccepted: boolean;
}
export interface CloseCommand extends Command {
  meetsStandard: boolean;
}
export interface ReasonCommand extends Command {
  reason: string;
}
export interface UrgeCommand extends Command {
  note?: string;
}
export interface AppendCommand extends Command {
  info: string;
}
export interface ReturnVisitCommand extends Command {
  satisfaction: number;
  note?: string;
}

export const workOrderState = defineQuery<WorkOrderState>(STATE_QUERY);
export const acceptWorkOrder = defineUpdate<WorkOrderState, [Command]>('accept');
export const replyWorkOrder = defineUpdate<WorkOrderState, [ReplyCommand]>('reply');
export const closeWorkOrder = defineUpdate<WorkOrderState, [CloseCommand]>('close');
export const reactivateWorkOrder = defineUpdate<WorkOrderState, [ReasonCommand]>('reactivate');
export const urgeWorkOrder = defineUpdate<WorkOrderState, [UrgeCommand]>('urge');
export const appendWorkOrder = defineUpdate<WorkOrderState, [AppendCommand]>('append');
export const returnVisitWorkOrder = defineUpdate<WorkOrderState, [ReturnVisitCommand]>('returnVisit');
/** The subject's escalation tells it which level it reached (shown as escalationLevel). */
export const escalationLevelChanged = defineSignal<[{ level: number }]>('escalationLevelChanged');

// Escalations
export interface EscalationInput {
  id: string;
  subjectType: SubjectType;
  subjectId: string;
  org: string;
  reason: string;
  ladder: LadderLevel[];
  provincialOrg: string;
  openedBy: Actor;
  /** The trigger that opened it (its signal-with-start signal is not a second raise). */
  triggerId: string;
  /** Carried across continue-as-new. */
  resume?: EscalationState;
}
export interface RaiseSignal {
  /** Stable per cause, so a retried trigger raises once. */
  triggerId: string;
  reason: string;
  actor: Actor;
}
export const escalationState = defineQuery<EscalationState>(STATE_QUERY);
export const raiseEscalation = defineSignal<[RaiseSignal]>('raise');
export const acknowledgeEscalation = defineUpdate<EscalationState, [UrgeCommand]>('acknowledge');
export const resolveEscalation = defineUpdate<EscalationState, [UrgeCommand]>('resolve');
/** The subject was resolved or closed: the escalation ends. */
export const subjectResolved = defineSignal<[{ reason: string }]>('subjectResolved');

/** Which case a workflow id belongs to. */
export function parseWorkflowId(workflowId: string): { kind: 'application' | 'workOrder' | 'escalation'; subjectId: string } | undefined {
  const m = /^(application|work-order|escalation-(?:application|workOrder))-([0-9a-f-]{36})$/.exec(workflowId);
  if (!m) return undefined;
  const kind = m[1] === 'application' ? 'application' : m[1] === 'work-order' ? 'workOrder' : 'escalation';
  return { kind, subjectId: m[2]! };
}
