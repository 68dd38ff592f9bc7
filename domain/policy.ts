// The policy a case gets when it starts: deadlines, calendars, routing, the escalation ladder. It
// is part of the case's workflow input, so a later change of config/policy.yaml never rewrites a
// running case's past decisions. config/policy.ts validates the file into this shape.
import type { BusinessCalendar } from './calendar.js';
import type { Complexity, ProblemCategory, Role } from './vocabulary.js';

export interface ClockRule {
  /** Milliseconds. */
  response: number;
  resolution: number;
  /** `calendar` counts wall-clock time; any other value names a business calendar. */
  clock: string;
}

export interface CategoryClockRule extends ClockRule {
  category: ProblemCategory;
  complexity?: Complexity;
}

export interface LadderLevel {
  name: string;
  role: Role;
  /** Whose people are notified: the subject's own organisation, the provincial centre, or a fixed org code. */
  org: string;
  /** Milliseconds the level has to acknowledge before the case climbs. */
  limit: number;
}

export interface CasePolicy {
  application: {
    reviewDeadline: number;
    returnedActionDeadline: number;
    /** Remind reviewers when this share of the review window has passed (0.8 = at 80 %). */
    reviewReminderAt: number;
  };
  workOrder: {
    default: ClockRule;
    byCategory: CategoryClockRule[];
    promise: Record<Complexity, number>;
    reactivationWindow: number;
    routing: { default: string; international: string; byCategory: Partial<Record<ProblemCategory, string>> };
  };
  calendars: Record<string, BusinessCalendar>;
  ladder: LadderLevel[];
  /** Org code of the provincial customer-service centre (reviewers, hotline supervisors). */
  provincialOrg: string;
}
