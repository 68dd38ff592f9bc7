// Every update, signal and query of the case workflows, with their commands: the API sends them,
// the workflows handle them. Each command carries who acts.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ResubmitChanges } from '../domain/application.js';
import type { CaseState } from '../domain/case.js';
import type { EscalationState } from '../domain/escalation.js';
import type { Actor } from '../domain/vocabulary.js';
import type { Person } from '../domain/work-order.js';

/** Every case workflow answers this query with its full state (ops compare it with the rows). */
export const STATE_QUERY = 'state';

export interface Command {
  actor: Actor;
}

// The application and its work order (one workflow)
export type ReviewCommand = Command & ({ decision: 'approve'; reason?: string } | { decision: 'return'; reason: string });
export interface ResubmitCommand extends Command {
  changes: ResubmitChanges;
}
export interface NoteCommand extends Command {
  note?: string;
}
export interface ReplyCommand extends Command {
  result: string;
  customerAccepted: boolean;
  attachments?: AttachmentRef[];
}
export interface CloseCommand extends Command {
  meetsStandard: boolean;
}
export interface ReasonCommand extends Command {
  reason: string;
}
export interface AppendCommand extends Command {
  info: string;
  attachments?: AttachmentRef[];
}
export interface ReturnVisitCommand extends Command {
  satisfaction: number;
  note?: string;
}
/** Files kept with a message (uploaded by the API before the update; the history names them). */
export interface AttachmentRef {
  id: string;
  name: string;
}
export interface MessageCommand extends Command {
  text: string;
  attachments?: AttachmentRef[];
}
export interface AssignCommand extends Command {
  to: Person;
  /** The lead confirmed giving it to someone at or over the department's cap. */
  overCap?: boolean;
}
export interface TransferCommand extends Command {
  to: string;
  reasonCategory: string;
  reason: string;
}
export interface RedispatchCommand extends Command {
  to: string;
}

export const caseState = defineQuery<CaseState>(STATE_QUERY);
export const reviewApplication = defineUpdate<CaseState, [ReviewCommand]>('review');
export const resubmitApplication = defineUpdate<CaseState, [ResubmitCommand]>('resubmit');
export const abandonApplication = defineUpdate<CaseState, [NoteCommand]>('abandon');
export const acceptWorkOrder = defineUpdate<CaseState, [Command]>('accept');
export const replyWorkOrder = defineUpdate<CaseState, [ReplyCommand]>('reply');
export const closeWorkOrder = defineUpdate<CaseState, [CloseCommand]>('close');
export const reactivateWorkOrder = defineUpdate<CaseState, [ReasonCommand]>('reactivate');
export const urgeWorkOrder = defineUpdate<CaseState, [NoteCommand]>('urge');
export const appendWorkOrder = defineUpdate<CaseState, [AppendCommand]>('append');
export const returnVisitWorkOrder = defineUpdate<CaseState, [ReturnVisitCommand]>('returnVisit');
// The department's desk
export const claimWorkOrder = defineUpdate<CaseState, [Command]>('claim');
export const assignWorkOrder = defineUpdate<CaseState, [AssignCommand]>('assign');
export const releaseWorkOrder = defineUpdate<CaseState, [NoteCommand]>('release');
export const transferWorkOrder = defineUpdate<CaseState, [TransferCommand]>('transfer');
export const refuseTransferWorkOrder = defineUpdate<CaseState, [ReasonCommand]>('refuseTransfer');
export const returnToReviewerWorkOrder = defineUpdate<CaseState, [ReasonCommand]>('returnToReviewer');
export const redispatchWorkOrder = defineUpdate<CaseState, [RedispatchCommand]>('redispatch');
export const askWorkOrder = defineUpdate<CaseState, [MessageCommand]>('ask');
export const noteWorkOrder = defineUpdate<CaseState, [MessageCommand]>('note');
/** A person's leave began: the orders they hold return to the queue (the department's setting said so). */
export const assigneeOnLeave = defineSignal<[{ userId: string }]>('assigneeOnLeave');
/** The subject's escalation tells the case which level it reached (0: it ended); shown as the work order's escalationLevel. */
export const escalationLevelChanged = defineSignal<[{ subjectType: 'application' | 'workOrder'; level: number }]>('escalationLevelChanged');

// Escalations
export interface RaiseSignal {
  /** Stable per cause, so a retried trigger raises once. */
  triggerId: string;
  reason: string;
  actor: Actor;
}
export const escalationState = defineQuery<EscalationState>(STATE_QUERY);
export const raiseEscalation = defineSignal<[RaiseSignal]>('raise');
export const acknowledgeEscalation = defineUpdate<EscalationState, [NoteCommand]>('acknowledge');
export const resolveEscalation = defineUpdate<EscalationState, [NoteCommand]>('resolve');
/** The subject was resolved or closed: the escalation ends. */
export const subjectResolved = defineSignal<[{ reason: string }]>('subjectResolved');
