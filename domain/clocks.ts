// A case's clocks as people see them, and the warnings they give before they run out. Each clock
// runs from its start to its deadline, counted in wall-clock time or a calendar's working hours;
// its state is one of running, warning (its last share, policy desk.dueSoonShare), overdue,
// paused, met and missed — what every client shows without arithmetic. Warning steps fire at a
// share of the clock, some time before its deadline, at it, or past it: once per clock cycle,
// again only when the deadline moves later (a pause, a reactivation). Pure.
import { timeline, type Timeline } from './calendar.js';
import type { CasePolicy, ClockPoint, ClockPolicy, WarningStep } from './policy.js';
import type { Clock } from './vocabulary.js';

export const PAUSE_REASONS = ['等待申请人补充', '等待第三方', '等待查询结果', '其他'];

/** Cases started before clocks warned: no warnings (pausing with the defaults). */
const BEFORE_WARNINGS: ClockPolicy = { warnings: {}, pause: { maxWorkingDays: 5, reasons: PAUSE_REASONS, forbiddenCategories: [] } };
export const clockPolicy = (policy: CasePolicy): ClockPolicy => policy.clocks ?? BEFORE_WARNINGS;

export const CLOCK_STATES = ['running', 'warning', 'overdue', 'paused', 'met', 'missed'] as const;
export type ClockStateName = (typeof CLOCK_STATES)[number];

/** A clock as the record holds it. */
export interface ClockFacts {
  clock: Clock;
  startedAt: string;
  deadline: string;
  /** Stopped in time or late (the response, the resolution, the acknowledgement). */
  metAt: string | null;
  /** Paused since (only a clock not breached when paused counts as paused). */
  pausedAt: string | null;
}

export interface ClockView extends ClockFacts {
  state: ClockStateName;
  /** Until the deadline: negative once past it; frozen while paused; at the stop once met or missed. */
  remainingMs: number;
}

export function clockView(f: ClockFacts, nowMs: number, dueSoonShare: number): ClockView {
  const deadline = Date.parse(f.deadline);
  const start = Date.parse(f.startedAt);
  if (f.metAt) {
    const met = Date.parse(f.metAt);
    return { ...f, state: met <= deadline ? 'met' : 'missed', remainingMs: deadline - met };
  }
  if (f.pausedAt && Date.parse(f.pausedAt) < deadline) return { ...f, state: 'paused', remainingMs: deadline - Date.parse(f.pausedAt) };
  const remainingMs = deadline - nowMs;
  if (remainingMs <= 0) return { ...f, state: 'overdue', remainingMs };
  return { ...f, state: remainingMs <= (deadline - start) * dueSoonShare ? 'warning' : 'running', remainingMs };
}

/** The instant a clock point falls at, for a clock from `start` to `deadline` on a timeline. */
export function pointAt(point: ClockPoint, start: number, deadline: number, tl: Timeline): number {
  const total = tl.between(start, deadline);
  if ('share' in point) return tl.add(start, total * point.share);
  if ('before' in point) return tl.add(start, Math.max(0, total - point.before));
  if ('after' in point) return tl.add(deadline, total * point.after);
  return deadline;
}

/** A step fires at the earliest of its points. */
export const stepAt = (step: WarningStep, start: number, deadline: number, tl: Timeline) => Math.min(...step.at.map((p) => pointAt(p, start, deadline, tl)));

/** A warning fired: which clock, which step, for which deadline (a later deadline re-arms it). */
export interface FiredWarning {
  clock: Clock;
  step: number;
  deadline: string;
}

export interface PendingWarning extends FiredWarning {
  at: number;
}

/**
 * The warnings still to come for running clocks (neither met nor paused): each step of the
 * clock's policy not yet fired for this deadline or a later one, with when it falls.
 */
export function pendingWarnings(
  running: ClockFacts[],
  steps: ClockPolicy['warnings'],
  fired: readonly FiredWarning[],
  tl: (clock: Clock) => Timeline,
): PendingWarning[] {
  return running.flatMap((c) => {
    if (c.metAt || c.pausedAt) return [];
    const list = steps[c.clock as keyof ClockPolicy['warnings']] ?? [];
    const deadline = Date.parse(c.deadline);
    return list.flatMap((step, i) => {
      const done = fired.some((f) => f.clock === c.clock && f.step === i && Date.parse(f.deadline) >= deadline);
      return done ? [] : [{ clock: c.clock, step: i, deadline: c.deadline, at: stepAt(step, Date.parse(c.startedAt), deadline, tl(c.clock)) }];
    });
  });
}

/** The timeline a work order's clocks count on (its category's rule). */
export const clockTimeline = (clockName: string, policy: CasePolicy) => timeline(clockName, policy.calendars);
