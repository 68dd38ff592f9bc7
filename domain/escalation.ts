// The escalation (升级): a ladder of levels, each with a time limit. It opens at level 1; without an
// acknowledgement within a level's limit it climbs; a new trigger raises it a level; it ends when
// resolved (by hand, or because its subject was resolved or closed). Pure.
import { iso, levelDeadline } from './deadlines.js';
import type { LadderLevel } from './policy.js';
import { notAllowedFrom, type Decision, type TransitionTable } from './transitions.js';
import type { EscalationStatus, SubjectType } from './vocabulary.js';

export interface EscalationState {
  kind: 'escalation';
  id: string;
  subjectType: SubjectType;
  subjectId: string;
  /** The subject's number (SQ-… or GD-…), as people know it. */
  subjectNumber: string;
  /** Organisation of the subject (the creating office). */
  org: string;
  reason: string;
  ladder: LadderLevel[];
  /** 1-based level on the ladder. */
  level: number;
  levelName: string;
  levelDeadline: string | null;
  status: EscalationStatus;
  acknowledgedAt: string | null;
  triggers: number;
  openedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  seq: number;
}

export type EscalationCommand =
  /** The level's limit passed without an acknowledgement (system). */
  | { type: 'climb' }
  /** Another trigger for the same subject (a missed deadline, an urge while overdue, by hand). */
  | { type: 'raise' }
  | { type: 'acknowledge' }
  | { type: 'resolve' };

export const ESCALATION_TRANSITIONS: TransitionTable<EscalationStatus, EscalationCommand['type']> = {
  climb: ['open'],
  raise: ['open'],
  acknowledge: ['open'],
  resolve: ['open'],
};

export const atTop = (s: EscalationState) => s.level >= s.ladder.length;

/** Waiting for the current level to act: climbs when its deadline passes. */
export const awaitingLevel = (s: EscalationState) => s.status === 'open' && !s.acknowledgedAt && !atTop(s);

function atLevel(s: EscalationState, level: number, nowMs: number): EscalationState {
  const step = s.ladder[level - 1];
  if (!step) throw new Error(`ladder has no level ${level}`);
  return { ...s, level, levelName: step.name, acknowledgedAt: null, levelDeadline: levelDeadline(nowMs, step), updatedAt: iso(nowMs) };
}

export function openEscalation(
  o: { id: string; subjectType: SubjectType; subjectId: string; subjectNumber: string; org: string; reason: string; ladder: LadderLevel[] },
  nowMs: number,
): EscalationState {
  const opened: EscalationState = {
    kind: 'escalation',
    ...o,
    level: 0,
    levelName: '',
    levelDeadline: null,
    status: 'open',
    acknowledgedAt: null,
    triggers: 1,
    openedAt: iso(nowMs),
    resolvedAt: null,
    updatedAt: iso(nowMs),
    seq: 0,
  };
  return atLevel(opened, 1, nowMs);
}

export function escalationTransition(s: EscalationState, c: EscalationCommand, nowMs: number): Decision<EscalationState> {
  const refused = notAllowedFrom(ESCALATION_TRANSITIONS, c.type, s.status);
  if (refused) return refused;
  switch (c.type) {
    case 'climb':
      return atLevel(s, Math.min(s.level + 1, s.ladder.length), nowMs);
    case 'raise':
      return { ...atLevel(s, Math.min(s.level + 1, s.ladder.length), nowMs), triggers: s.triggers + 1 };
    case 'acknowledge':
      return { ...s, acknowledgedAt: iso(nowMs), updatedAt: iso(nowMs) };
    case 'resolve':
      return { ...s, status: 'resolved', resolvedAt: iso(nowMs), levelDeadline: null, updatedAt: iso(nowMs) };
  }
}

/** The organisation to notify at a level: the subject's own, the provincial centre, or a fixed code. */
export function levelOrg(step: LadderLevel, subjectOrg: string, provincialOrg: string): string {
  if (step.org === 'subject') return subjectOrg;
  if (step.org === 'provincial') return provincialOrg;
  return step.org;
}
