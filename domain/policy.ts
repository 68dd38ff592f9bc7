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

/** How a handling department's desk runs (policy `desk`): who gets a new order, and the desk's limits. */
export interface DeskSettings {
  /** manual: claimed or assigned by the lead; round_robin: in turn; least_load: whoever holds the fewest running orders. */
  assignment: 'manual' | 'round_robin' | 'least_load';
  /** Open, clock-running orders one person holds at most (auto-assignment skips them; a lead must confirm going over). */
  cap: number;
  /** Milliseconds of business time an assignee has to act before the order returns to the queue. */
  claimTimeout: number;
  /** What happens to a person's open orders when their leave starts. */
  onLeave: 'stay' | 'return_to_queue';
  /** Milliseconds (wall clock) the receiving department has to refuse a transfer. */
  refuseWindow: number;
  /** The business calendar the claim timeout counts on (`calendar`: wall clock). */
  clock: string;
}

export interface DeskPolicy {
  default: DeskSettings;
  departments: Record<string, Partial<DeskSettings>>;
  /** More transfers than this open an escalation. */
  maxTransfers: number;
  /** The last share of a clock counted as "due soon" (0.25: the last quarter). */
  dueSoonShare: number;
  /** Transfer reasons people choose from. */
  transferReasons: string[];
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
  /** Absent from cases started before the desk existed: they run as manual desks with the defaults. */
  desk?: DeskPolicy;
}
