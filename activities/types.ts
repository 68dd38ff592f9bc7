// Shapes that cross the workflow/activity boundary.
import type { ApplicationState } from '../domain/application.js';
import type { Actor, CaseKind } from '../domain/vocabulary.js';
import type { WorkOrderState } from '../domain/work-order.js';
import type { EscalationState } from '../domain/escalation.js';

export type ProjectedState = ApplicationState | WorkOrderState | EscalationState;

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  detail: Record<string, unknown>;
}

/** A message to a person; `to` is resolved by the activity (the case creator's phone, an org's role). */
export interface OutboxMessage {
  channel: 'sms' | 'notice';
  to: { userId?: string; org?: string; role?: string };
  body: string;
}

export interface RecordTransitionInput {
  state: ProjectedState;
  entry: HistoryEntry;
  messages?: OutboxMessage[];
}

export type { CaseKind };
