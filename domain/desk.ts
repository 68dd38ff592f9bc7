// The department desk (处理部门工作台): each department's settings, who gets a new order when the
// department assigns automatically, and whom an absent person's work goes to. Pure: the activity
// that assigns reads the people and their loads, then asks these.
import type { CasePolicy, DeskPolicy, DeskSettings } from './policy.js';

export const DEFAULT_DESK: DeskPolicy = {
  default: { assignment: 'manual', cap: 20, claimTimeout: 2 * 3_600_000, onLeave: 'stay', refuseWindow: 2 * 3_600_000, clock: 'calendar' },
  departments: {},
  maxTransfers: 3,
  dueSoonShare: 0.25,
  transferReasons: ['非本部门职责', '需其他部门协办', '地址/区域不符', '其他'],
};

/** The case's desk policy: cases started before the desk existed run as manual desks with the defaults. */
export const deskPolicy = (policy: CasePolicy): DeskPolicy => policy.desk ?? DEFAULT_DESK;

/** A department's settings: its own over the default. */
export function deskSettings(policy: CasePolicy, org: string): DeskSettings {
  const desk = deskPolicy(policy);
  return { ...desk.default, ...desk.departments[org] };
}

export interface Candidate {
  userId: string;
  name: string;
  /** Open orders with a clock running that the person holds now. */
  load: number;
  absent: boolean;
  /** When the person was last given an order (null: never). */
  lastAssignedAt: string | null;
}

/**
 * Who gets the next order (the department's handlers, not its leads): round robin takes the first person after the last one given an order
 * (in the order of their ids), least load the one holding fewest, ties to whoever waited longest
 * since their last order, then by id. Both skip the absent and those at the cap; null: nobody can.
 */
export function chooseAssignee(mode: DeskSettings['assignment'], candidates: Candidate[], cap: number, lastGiven: string | null): Candidate | null {
  const byId = [...candidates].sort((a, b) => (a.userId < b.userId ? -1 : 1));
  const eligible = (c: Candidate) => !c.absent && c.load < cap;
  if (mode === 'round_robin') {
    const after = lastGiven === null ? -1 : byId.findIndex((c) => c.userId > lastGiven) - 1;
    const start = after < -1 ? byId.length - 1 : after; // everyone's id is at or before the last one given: wrap round
    for (let i = 1; i <= byId.length; i++) {
      const c = byId[(start + i + byId.length) % byId.length]!;
      if (eligible(c)) return c;
    }
    return null;
  }
  if (mode === 'least_load') {
    const waited = (c: Candidate) => (c.lastAssignedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(c.lastAssignedAt));
    return byId.filter(eligible).sort((a, b) => a.load - b.load || waited(a) - waited(b))[0] ?? null;
  }
  return null;
}

/**
 * Whom work meant for an absent person goes to: their substitute, or the substitute's while that
 * one is away too; a chain that ends nowhere or runs in a circle goes to the lead.
 */
export function resolveSubstitute(userId: string, absentNow: Map<string, string | null>, lead: string | null): string | null {
  const seen = new Set<string>();
  let who = userId;
  while (absentNow.has(who)) {
    seen.add(who);
    const next = absentNow.get(who);
    if (!next || seen.has(next)) return lead;
    who = next;
  }
  return who;
}
