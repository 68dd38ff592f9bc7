// The escalation (升级) as data: a ladder of levels, each with a time limit; climbing is pure.
import type { EscalationStatus, Role, SubjectType } from './vocabulary.js';

export interface LadderLevel {
  name: string;
  role: Role;
  org: string;
  limit: number;
}

export interface EscalationState {
  kind: 'escalation';
  id: string;
  subjectType: SubjectType;
  subjectId: string;
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

export const atTop = (s: EscalationState) => s.level >= s.ladder.length;

export function enterLevel(s: EscalationState, level: number, nowMs: number): void {
  const step = s.ladder[level - 1];
  if (!step) throw new Error(`ladder has no level ${level}`);
  s.level = level;
  s.levelName = step.name;
  s.acknowledgedAt = null;
  // The top level stays open until resolved: its limit is informative only.
  s.levelDeadline = new Date(nowMs + step.limit).toISOString();
  s.updatedAt = new Date(nowMs).toISOString();
}

/** The organisation to notify at a level: the subject's own, the provincial centre, or a fixed code. */
export function levelOrg(step: LadderLevel, subjectOrg: string, provincialOrg: string): string {
  if (step.org === 'subject') return subjectOrg;
  if (step.org === 'provincial') return provincialOrg;
  return step.org;
}
