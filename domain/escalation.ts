// The escalation (升级): a ladder of levels, each with a time limit. It opens at level 1; without an
// acknowledgement within a level's limit it climbs; a new trigger raises it a level; it ends when
// resolved (by hand, or because its subject was resolved or closed). Pure.
import { iso, levelDeadline } from './deadlines.js';
import type { LadderLevel } from './policy.js';
import { allowedActionsOf, permission, type ActionRules } from './permissions.js';
import { notAllowedFrom, refuse, type Decision, type TransitionTable } from './transitions.js';
import type { Actor, CurrentDeadline, EscalationStatus, SubjectType } from './vocabulary.js';

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
  /** When the current level began. Absent from states recorded before it was kept. */
  levelStartedAt?: string;
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

export const isOpen = (s: Pick<EscalationState, 'status'>) => s.status === 'open';

/** At the top of the ladder it started with (not today's policy's). */
export const atTop = (s: Pick<EscalationState, 'level' | 'ladder'>) => s.level >= s.ladder.length;

/** Waiting for the current level to act: climbs when its deadline passes. */
export const awaitingLevel = (s: Pick<EscalationState, 'status' | 'acknowledgedAt' | 'level' | 'ladder'>) =>
  s.status === 'open' && !s.acknowledgedAt && !atTop(s);

/** The level's limit while it awaits the level (at the top the limit is informative: nothing climbs). */
type DeadlineFacts = Pick<EscalationState, 'status' | 'acknowledgedAt' | 'level' | 'ladder' | 'levelDeadline' | 'levelStartedAt' | 'updatedAt'>;

export function currentDeadline(s: DeadlineFacts): CurrentDeadline | null {
  return awaitingLevel(s) && s.levelDeadline ? { clock: 'level', deadline: s.levelDeadline, startedAt: s.levelStartedAt ?? s.updatedAt } : null;
}

export function isOverdue(s: DeadlineFacts, nowMs: number): boolean {
  const d = currentDeadline(s);
  return d !== null && Date.parse(d.deadline) <= nowMs;
}

/** What the rules of who may act read: a state, or the row the API shows of it. */
export type EscalationFacts = Pick<EscalationState, 'status' | 'acknowledgedAt'>;

const from = (action: keyof typeof ESCALATION_TRANSITIONS) => (f: EscalationFacts) => notAllowedFrom(ESCALATION_TRANSITIONS, action, f.status);

/** Who may take each action on an escalation, and in which state. */
export const ESCALATION_ACTIONS = {
  acknowledge: {
    who: { supervisor: 'any' },
    when: (f) => from('acknowledge')(f) ?? (f.acknowledgedAt ? refuse('acknowledge', f.status, 'this level has acknowledged it') : undefined),
  },
  resolve: { who: { supervisor: 'any', reviewer: 'any' }, when: from('resolve') },
} satisfies ActionRules<EscalationFacts, string>;

export type EscalationAction = keyof typeof ESCALATION_ACTIONS;

export const escalationPermission = (action: EscalationAction, f: EscalationFacts, person: Actor, nowMs: number) =>
  permission<EscalationFacts, EscalationAction>(ESCALATION_ACTIONS, action, f, person, nowMs);
export const escalationAllowedActions = (f: EscalationFacts, person: Actor, nowMs: number) =>
  allowedActionsOf<EscalationFacts, EscalationAction>(ESCALATION_ACTIONS, f, person, nowMs);

function atLevel(s: EscalationState, level: number, nowMs: number): EscalationState {
  const step = s.ladder[level - 1];
  if (!step) throw new Error(`ladder has no level ${level}`);
  return {
    ...s,
    level,
    levelName: step.name,
    acknowledgedAt: null,
    levelDeadline: levelDeadline(nowMs, step),
    levelStartedAt: iso(nowMs),
    updatedAt: iso(nowMs),
  };
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
    case 'acknowledge': {
      const refused = ESCALATION_ACTIONS.acknowledge.when(s);
      if (refused) return refused;
      return { ...s, acknowledgedAt: iso(nowMs), updatedAt: iso(nowMs) };
    }
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
