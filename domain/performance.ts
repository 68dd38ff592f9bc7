// How each department and each person performs: the facts a work order's history yields, and every
// figure of the performance reports defined once over them. Pure.
//
// A fact is one thing that counts, at one instant, for one department and (when someone held the
// order) one person: the order arriving in a department or being given to a person (a span, which
// also says until when it waited on them), a first response, a reply, a closure, a clock missed, a
// transfer, a refusal, a return to the reviewer, an urge, an escalation opened. A period's figure
// counts (or takes the median, p90, average of) the facts of its kind that fall in the period —
// or, for "open at the end", the spans that cover the period's end. So every figure drills down to
// the facts it counts, one order per line, and the list is as long as the figure.
//
// Business minutes are counted on the order's clock (its category's rule: a business calendar's
// working hours, or wall-clock time for a 24-hour clock), paused working time excluded; on time
// means by the deadline the order's clock had (as recorded at dispatch or reactivation, moved by
// each pause as the clock moved it).
import { timeline, zoneOffset, type Timeline } from './calendar.js';
import { clockFor, workOrderDeadlines } from './deadlines.js';
import type { CasePolicy } from './policy.js';
import type { Complexity, ProblemCategory } from './vocabulary.js';

export const FACT_KINDS = [
  /** The order in a department's hands: `at` it arrived, `until` it was passed on, closed or answered (null: still waiting on it). */
  'department',
  /** The order given to a person (claimed, assigned, taken by acting on it): until they passed it on or answered it. */
  'person',
  /** The first response (受理) of a cycle: minutes from dispatch (person: from being given it), on time against the response deadline. */
  'response',
  /** A response deadline passed unanswered: counted at the deadline, for whoever held the order then. */
  'response_missed',
  /** The reply (答复): minutes from dispatch less paused time, on time against the (moved) resolution deadline. */
  'resolution',
  'resolution_missed',
  /** The reviewer closed it: minutes from dispatch less paused time; reopened later (within the window); its return visit's satisfaction. */
  'closure',
  /** Passed on to another department (转派), by the department that had it. */
  'transfer',
  /** A transfer the department refused (拒收). */
  'refusal',
  /** Sent back to the reviewer as misrouted (退回). */
  'return',
  /** The office urged it (催单): counted for whoever held it. */
  'urge',
  /** An escalation opened on it while the department held it; `level`: the highest level it reached. */
  'escalation',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** How an order came into a department's or a person's hands. */
export const FACT_VIAS = ['dispatch', 'redispatch', 'transfer', 'reactivation', 'refused_back', 'claimed', 'assigned', 'auto_assigned', 'taken'] as const;
export type FactVia = (typeof FACT_VIAS)[number];
/** Arrivals a department counts as received: not an order coming back because the receiver refused its transfer. */
export const RECEIVED_VIAS: readonly FactVia[] = ['dispatch', 'redispatch', 'transfer', 'reactivation'];

export interface Fact {
  /** Its place among the order's facts (the key with the order's id). */
  n: number;
  kind: FactKind;
  at: string;
  /** Spans: when it stopped waiting on them (null: it still does). */
  until: string | null;
  org: string;
  person: string | null;
  /** 0 for the first dispatch, n after the n-th reactivation. */
  cycle: number;
  minutes: number | null;
  /** A response's minutes from when the person was given the order. */
  personMinutes: number | null;
  onTime: boolean | null;
  level: number | null;
  satisfaction: number | null;
  reopened: boolean | null;
  via: FactVia | null;
}

/** A history entry of the order, as recorded. */
export interface OrderEntry {
  at: string;
  action: string;
  actorUser: string;
  detail: Record<string, unknown>;
}

export interface OrderFacts {
  problemCategory: ProblemCategory;
  complexity: Complexity;
}

const MINUTE = 60_000;
const minutesOf = (ms: number) => Math.floor(ms / MINUTE);
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const assigneeOf = (v: unknown) => str((v as { userId?: unknown } | null | undefined)?.userId);

/** The timeline an order's clocks count on: its category's rule in the policy. */
export const orderTimeline = (o: OrderFacts, policy: CasePolicy): Timeline =>
  timeline(clockFor(o.problemCategory, o.complexity, policy).clock, policy.calendars);

/**
 * The facts an order's history yields (entries in the order they were recorded). Deadlines come
 * from the entries that set them (dispatched; reactivated, or the policy's rule for entries
 * recorded before reactivations named them); each pause moves the resolution deadline by its
 * working time unless the clock was breached when it began, as the order's clock does.
 */
export function orderFacts(order: OrderFacts, entries: OrderEntry[], policy: CasePolicy): Fact[] {
  const tl = orderTimeline(order, policy);
  const facts: Fact[] = [];
  let cycle = -1;
  let cycleStart = 0;
  let deadlines = { response: 0, resolution: 0 };
  // Who holds it now (an object: closures change it).
  const h: { dept: { org: string; i: number } | null; person: { userId: string; from: number; via: FactVia; i: number } | null } = { dept: null, person: null };
  let lastOrg: string | null = null;
  let lastTransferBy: string | null = null;
  let lastClosure: number | null = null;
  let inHand = false;
  let accepted = false;
  let replied = false;
  let responseMissed = false;
  let resolutionMissed = false;
  let pauses: { from: number; to: number | null }[] = [];
  let escalation: { i: number | null } | null = null;

  const push = (
    f: Omit<Fact, 'n' | 'until' | 'cycle' | 'minutes' | 'personMinutes' | 'onTime' | 'level' | 'satisfaction' | 'reopened' | 'via'> & Partial<Fact>,
  ) =>
    facts.push({
      until: null,
      minutes: null,
      personMinutes: null,
      onTime: null,
      level: null,
      satisfaction: null,
      reopened: null,
      via: null,
      ...f,
      cycle: Math.max(cycle, 0),
      n: facts.length,
    }) - 1;
  const endSpan = (i: number | undefined, at: string) => {
    if (i !== undefined && facts[i]!.until === null) facts[i]!.until = at;
  };
  const openDept = (org: string, at: string, via: FactVia) => {
    h.dept = { org, i: push({ kind: 'department', at, org, person: null, via }) };
    lastOrg = org;
  };
  const closeDept = (at: string) => {
    endSpan(h.dept?.i, at);
    h.dept = null;
  };
  const openPerson = (userId: string, at: string, via: FactVia) => {
    if (!h.dept) return;
    h.person = { userId, from: ms(at), via, i: push({ kind: 'person', at, org: h.dept.org, person: userId, via }) };
  };
  const closePerson = (at: string) => {
    endSpan(h.person?.i, at);
    h.person = null;
  };
  /** A handler acting on an order nobody holds takes it. */
  const take = (actor: string, at: string) => {
    if (!h.person && inHand) openPerson(actor, at, 'taken');
  };
  /** Who held the order at an instant of the past: the department's and the person's spans covering it. */
  const holdersAt = (t: number) => {
    const covering = (kind: FactKind) =>
      facts.filter((f) => f.kind === kind && f.cycle === cycle && ms(f.at) <= t && (f.until === null || t < ms(f.until))).at(-1);
    const d = covering('department');
    return d ? { org: d.org, person: covering('person')?.person ?? null } : null;
  };
  const missed = (kind: 'response_missed' | 'resolution_missed', deadline: number) => {
    const holders = holdersAt(deadline);
    if (holders) push({ kind, at: iso(deadline), org: holders.org, person: holders.person });
  };
  const pausedWorkingTime = (until: number) => pauses.reduce((sum, p) => sum + tl.between(p.from, Math.min(p.to ?? until, until)), 0);
  const endPause = (at: number) => {
    const open = pauses.at(-1);
    if (!open || open.to !== null) return;
    open.to = at;
    // Paused before the resolution deadline: it moves later by the working time paused (a breached clock stays breached).
    if (open.from < deadlines.resolution) deadlines.resolution = tl.add(deadlines.resolution, tl.between(open.from, at));
  };
  const newCycle = (at: string, d: Record<string, unknown>) => {
    cycle += 1;
    cycleStart = ms(at);
    const recorded = { response: str(d.responseDeadline), resolution: str(d.resolutionDeadline) };
    const ruled = workOrderDeadlines(cycleStart, order.problemCategory, order.complexity, policy);
    deadlines = { response: ms(recorded.response ?? ruled.responseDeadline), resolution: ms(recorded.resolution ?? ruled.resolutionDeadline) };
    accepted = replied = responseMissed = resolutionMissed = false;
    pauses = [];
    inHand = true;
  };

  for (const e of entries) {
    const at = e.at;
    const t = ms(at);
    const d = e.detail;
    switch (e.action) {
      case 'dispatched':
        if (cycle >= 0) break; // recorded once; a repeat (an ops reset re-recording it) changes nothing
        newCycle(at, d);
        openDept(str(d.assignedOrg) ?? 'unknown', at, 'dispatch');
        break;
      case 'reactivated':
        if (lastClosure !== null) facts[lastClosure]!.reopened = true;
        lastClosure = null;
        newCycle(at, d);
        if (lastOrg) openDept(lastOrg, at, 'reactivation');
        break;
      case 'claimed':
      case 'assigned':
      case 'auto_assigned': {
        const who = assigneeOf(d.assignee);
        if (!who) break;
        closePerson(at);
        openPerson(who, at, e.action === 'claimed' ? 'claimed' : e.action === 'assigned' ? 'assigned' : 'auto_assigned');
        break;
      }
      case 'released':
        closePerson(at);
        break;
      case 'accepted': {
        if (accepted || !h.dept) break;
        take(e.actorUser, at);
        accepted = true;
        const given = h.person && h.person.via !== 'taken' ? h.person.from : cycleStart;
        const onTime = t <= deadlines.response;
        push({
          kind: 'response',
          at,
          org: h.dept.org,
          person: h.person?.userId ?? null,
          minutes: minutesOf(tl.between(cycleStart, t)),
          personMinutes: minutesOf(tl.between(given, t)),
          onTime,
        });
        if (!onTime && !responseMissed) {
          responseMissed = true;
          missed('response_missed', deadlines.response);
        }
        break;
      }
      case 'response_overdue':
        if (accepted || responseMissed || cycle < 0) break;
        responseMissed = true;
        missed('response_missed', ms(str(d.deadline) ?? iso(deadlines.response)));
        break;
      case 'resolution_overdue':
        if (replied || resolutionMissed || cycle < 0) break;
        resolutionMissed = true;
        missed('resolution_missed', ms(str(d.deadline) ?? iso(deadlines.resolution)));
        break;
      case 'asked':
      case 'note':
        take(e.actorUser, at);
        break;
      case 'paused':
        take(e.actorUser, at);
        if (pauses.at(-1)?.to !== null) pauses.push({ from: t, to: null });
        break;
      case 'resumed':
        endPause(t);
        break;
      case 'appended':
        if (d.resumed) endPause(t);
        break;
      case 'replied': {
        if (replied || !h.dept) break;
        endPause(t);
        take(e.actorUser, at);
        replied = true;
        inHand = false;
        const onTime = t <= deadlines.resolution;
        push({
          kind: 'resolution',
          at,
          org: h.dept.org,
          person: h.person?.userId ?? null,
          minutes: minutesOf(tl.between(cycleStart, t) - pausedWorkingTime(t)),
          onTime,
        });
        if (!onTime && !resolutionMissed) {
          resolutionMissed = true;
          missed('resolution_missed', deadlines.resolution);
        }
        // Answered: it waits on them no more (the reviewer closes it).
        endSpan(h.dept.i, at);
        endSpan(h.person?.i, at);
        break;
      }
      case 'closed': {
        if (!h.dept) break;
        lastClosure = push({
          kind: 'closure',
          at,
          org: h.dept.org,
          person: h.person?.userId ?? null,
          minutes: minutesOf(tl.between(cycleStart, t) - pausedWorkingTime(t)),
          reopened: false,
        });
        inHand = false;
        closePerson(at);
        closeDept(at);
        break;
      }
      case 'return_visit': {
        const s = d.satisfaction;
        if (lastClosure !== null && typeof s === 'number') facts[lastClosure]!.satisfaction = s;
        break;
      }
      case 'transferred': {
        const to = str(d.to);
        if (!h.dept || !to) break;
        push({ kind: 'transfer', at, org: h.dept.org, person: h.person?.userId ?? e.actorUser });
        lastTransferBy = e.actorUser;
        closePerson(at);
        closeDept(at);
        openDept(to, at, 'transfer');
        break;
      }
      case 'transfer_refused': {
        const back = str(d.to);
        if (!h.dept || !back) break;
        push({ kind: 'refusal', at, org: h.dept.org, person: h.person?.userId ?? e.actorUser });
        closePerson(at);
        closeDept(at);
        openDept(back, at, 'refused_back');
        if (lastTransferBy) openPerson(lastTransferBy, at, 'refused_back');
        break;
      }
      case 'returned_to_reviewer':
        if (!h.dept) break;
        push({ kind: 'return', at, org: h.dept.org, person: h.person?.userId ?? e.actorUser });
        inHand = false;
        closePerson(at);
        closeDept(at);
        break;
      case 'redispatched': {
        const to = str(d.to);
        if (!to) break;
        inHand = true;
        openDept(to, at, 'redispatch');
        break;
      }
      case 'urged':
        if (h.dept) push({ kind: 'urge', at, org: h.dept.org, person: h.person?.userId ?? null });
        break;
      case 'escalation_level': {
        const level = typeof d.level === 'number' ? d.level : 0;
        if (level <= 0) escalation = null;
        else if (!escalation) escalation = { i: h.dept ? push({ kind: 'escalation', at, org: h.dept.org, person: h.person?.userId ?? null, level }) : null };
        else if (escalation.i !== null) facts[escalation.i]!.level = Math.max(facts[escalation.i]!.level ?? 0, level);
        break;
      }
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// The figures. Each is a count, a percentile, an average or a distribution of one kind of fact,
// with a filter; ratios divide two of them. The API's SQL and the reference `figuresOf` below
// both read these definitions.

/** Whose figures: a department's (or a category's), or a person's. */
export type Grouping = 'department' | 'person';

export interface FactFilter {
  onTime?: boolean;
  reopened?: boolean;
  /** A return visit recorded. */
  visited?: boolean;
  /** Satisfaction at least this. */
  satisfiedFrom?: number;
  /** The arrivals a department counts as received. */
  received?: boolean;
  /** Spans open at the period's end, by how long they had waited then: (from, to] days. */
  ageDays?: [number, number | null];
}

type ByGrouping<T> = T | { department: T; person: T };
export interface FigureDef {
  agg: 'count' | 'percentile' | 'average' | 'distribution';
  fact: ByGrouping<FactKind>;
  /** period: facts `at` in [from, to); end: spans open at `to`. */
  when: 'period' | 'end';
  filter?: ByGrouping<FactFilter>;
  /** Percentile and average: which number; distribution: which value. */
  value?: ByGrouping<'minutes' | 'personMinutes' | 'satisfaction' | 'level'>;
  p?: number;
}

const span = { department: 'department', person: 'person' } as const;
const DAYS = (from: number, to: number | null): FigureDef => ({ agg: 'count', fact: span, when: 'end', filter: { ageDays: [from, to] } });

export const FIGURES = {
  received: { agg: 'count', fact: span, when: 'period', filter: { department: { received: true }, person: {} } },
  closed: { agg: 'count', fact: 'closure', when: 'period' },
  open: { agg: 'count', fact: span, when: 'end' },
  backlogUpTo1d: DAYS(0, 1),
  backlogUpTo3d: DAYS(1, 3),
  backlogUpTo7d: DAYS(3, 7),
  backlogOlder: DAYS(7, null),
  responses: { agg: 'count', fact: 'response', when: 'period' },
  responseMedianMinutes: { agg: 'percentile', p: 0.5, fact: 'response', when: 'period', value: { department: 'minutes', person: 'personMinutes' } },
  responseP90Minutes: { agg: 'percentile', p: 0.9, fact: 'response', when: 'period', value: { department: 'minutes', person: 'personMinutes' } },
  resolutions: { agg: 'count', fact: 'resolution', when: 'period' },
  resolutionMedianMinutes: { agg: 'percentile', p: 0.5, fact: 'resolution', when: 'period', value: 'minutes' },
  resolutionP90Minutes: { agg: 'percentile', p: 0.9, fact: 'resolution', when: 'period', value: 'minutes' },
  closeMedianMinutes: { agg: 'percentile', p: 0.5, fact: 'closure', when: 'period', value: 'minutes' },
  closeP90Minutes: { agg: 'percentile', p: 0.9, fact: 'closure', when: 'period', value: 'minutes' },
  responsesOnTime: { agg: 'count', fact: 'response', when: 'period', filter: { onTime: true } },
  responsesMissed: { agg: 'count', fact: 'response_missed', when: 'period' },
  resolutionsOnTime: { agg: 'count', fact: 'resolution', when: 'period', filter: { onTime: true } },
  resolutionsMissed: { agg: 'count', fact: 'resolution_missed', when: 'period' },
  escalations: { agg: 'count', fact: 'escalation', when: 'period' },
  escalationsByLevel: { agg: 'distribution', fact: 'escalation', when: 'period', value: 'level' },
  reopened: { agg: 'count', fact: 'closure', when: 'period', filter: { reopened: true } },
  transfers: { agg: 'count', fact: 'transfer', when: 'period' },
  refusedTransfers: { agg: 'count', fact: 'refusal', when: 'period' },
  returnedToReviewer: { agg: 'count', fact: 'return', when: 'period' },
  urges: { agg: 'count', fact: 'urge', when: 'period' },
  visits: { agg: 'count', fact: 'closure', when: 'period', filter: { visited: true } },
  satisfied: { agg: 'count', fact: 'closure', when: 'period', filter: { satisfiedFrom: 4 } },
  satisfactionAverage: { agg: 'average', fact: 'closure', when: 'period', filter: { visited: true }, value: 'satisfaction' },
  satisfactionScores: { agg: 'distribution', fact: 'closure', when: 'period', filter: { visited: true }, value: 'satisfaction' },
} satisfies Record<string, FigureDef>;

export type FigureName = keyof typeof FIGURES;
export const FIGURE_NAMES = Object.keys(FIGURES) as [FigureName, ...FigureName[]];
/** The figures that are a list of orders (counts and the samples of percentiles and averages): what drills down. */
export type CountName = { [K in FigureName]: (typeof FIGURES)[K]['agg'] extends 'count' ? K : never }[FigureName];

/** Ratios: a figure over the sum of others (null when that is 0). */
export const RATIOS = {
  onTimeResponseRate: { of: 'responsesOnTime', over: ['responsesOnTime', 'responsesMissed'] },
  onTimeResolutionRate: { of: 'resolutionsOnTime', over: ['resolutionsOnTime', 'resolutionsMissed'] },
  reopenRate: { of: 'reopened', over: ['closed'] },
  transfersPerOrder: { of: 'transfers', over: ['received'] },
  urgesPerOrder: { of: 'urges', over: ['received'] },
  satisfiedShare: { of: 'satisfied', over: ['visits'] },
  visitRate: { of: 'visits', over: ['closed'] },
} satisfies Record<string, { of: CountName; over: CountName[] }>;
export type RatioName = keyof typeof RATIOS;

export type Figures = {
  [K in FigureName]: (typeof FIGURES)[K]['agg'] extends 'distribution'
    ? Record<string, number>
    : (typeof FIGURES)[K]['agg'] extends 'count'
      ? number
      : number | null;
} & {
  [K in RatioName]: number | null;
};

export const pick = <T>(v: ByGrouping<T> | undefined, g: Grouping): T | undefined =>
  v !== null && typeof v === 'object' && 'department' in (v as object) && 'person' in (v as object)
    ? (v as { department: T; person: T })[g]
    : (v as T | undefined);

export interface Period {
  from: string;
  to: string;
}

/** The period of equal length just before (compare=previous). */
export function previousPeriod(p: Period): Period {
  const from = ms(p.from);
  return { from: iso(from - (ms(p.to) - from)), to: p.from };
}

const DAY = 86_400_000;

/** What a figure's filter reads of a fact: its class (counts by class are what the reports add up). */
export type FactClass = Pick<Fact, 'kind' | 'onTime' | 'reopened' | 'satisfaction' | 'level' | 'via'>;

/** Whether a fact of this class is one a figure counts (its time aside; the age of "open" spans aside). */
export function matches(def: FigureDef, f: FactClass, g: Grouping): boolean {
  if (f.kind !== pick(def.fact, g)) return false;
  const w = pick(def.filter, g) ?? {};
  if (w.onTime !== undefined && f.onTime !== w.onTime) return false;
  if (w.reopened !== undefined && f.reopened !== w.reopened) return false;
  if (w.visited && f.satisfaction === null) return false;
  if (w.satisfiedFrom !== undefined && !(f.satisfaction !== null && f.satisfaction >= w.satisfiedFrom)) return false;
  if (w.received && !(f.via && RECEIVED_VIAS.includes(f.via))) return false;
  return true;
}

/**
 * Whether a fact counts for a figure in a period (the one definition the SQL mirrors). "Open at the
 * end" looks at the period's end, or at `nowMs` while the period is not over.
 */
export function counts(def: FigureDef, f: Fact, period: Period, g: Grouping, nowMs = Number.POSITIVE_INFINITY): boolean {
  if (!matches(def, f, g)) return false;
  const at = ms(f.at);
  const end = def.when === 'end' ? Math.min(ms(period.to), nowMs) : ms(period.to);
  if (def.when === 'period' ? !(at >= ms(period.from) && at < end) : !(at < end && (f.until === null || ms(f.until) > end))) return false;
  const ageDays = pick(def.filter, g)?.ageDays;
  if (ageDays) {
    const age = end - at;
    const [lo, hi] = ageDays;
    if (!((lo === 0 ? age >= 0 : age > lo * DAY) && (hi === null || age <= hi * DAY))) return false;
  }
  return true;
}

/**
 * A period's count, average and distribution figures from how many of its facts there are of each
 * class (the percentiles and the "open" figures come apart: they need more than a class).
 */
export function figuresFromClasses(classes: (FactClass & { n: number })[], g: Grouping): Partial<Record<FigureName, number | null | Record<string, number>>> {
  const out: Partial<Record<FigureName, number | null | Record<string, number>>> = {};
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    if (def.when !== 'period' || def.agg === 'percentile') continue;
    const counted = classes.filter((c) => c.n !== 0 && matches(def, c, g));
    const total = counted.reduce((a, c) => a + c.n, 0);
    const value = pick(def.value, g);
    if (def.agg === 'count') out[name] = total;
    else if (def.agg === 'average') out[name] = reported(name, total ? counted.reduce((a, c) => a + c.n * (c[value as 'satisfaction'] ?? 0), 0) / total : null);
    else {
      const dist: Record<string, number> = {};
      for (const c of counted) {
        const v = c[value as 'satisfaction' | 'level'];
        if (v !== null) dist[String(v)] = (dist[String(v)] ?? 0) + c.n;
      }
      out[name] = Object.fromEntries(Object.entries(dist).filter(([, n]) => n > 0));
    }
  }
  return out;
}

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const round = (v: number | null, places: number) => (v === null ? null : Math.round(v * 10 ** places) / 10 ** places);

/** A figure's value rounded as reported: minutes to 0.1, averages to 0.01. */
export function reported(name: FigureName, v: number | null): number | null {
  const def: FigureDef = FIGURES[name];
  return def.agg === 'percentile' ? round(v, 1) : def.agg === 'average' ? round(v, 2) : v;
}

/** The ratios of a set of figures (rates to 0.0001, per-order figures to 0.01). */
export function ratios(f: Pick<Figures, CountName>): Record<RatioName, number | null> {
  const out = {} as Record<RatioName, number | null>;
  for (const [name, r] of Object.entries(RATIOS) as [RatioName, { of: CountName; over: CountName[] }][]) {
    const over = r.over.reduce((n, k) => n + f[k], 0);
    out[name] = over === 0 ? null : round(f[r.of] / over, name.endsWith('PerOrder') ? 2 : 4);
  }
  return out;
}

/** The reference computation of every figure from a group's facts (the API computes the same in SQL). */
export function figuresOf(facts: Fact[], period: Period, g: Grouping, nowMs = Number.POSITIVE_INFINITY): Figures {
  const out: Record<string, unknown> = {};
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    const counted = facts.filter((f) => counts(def, f, period, g, nowMs));
    const value = pick(def.value, g);
    const values = counted.map((f) => (value ? (f[value] as number | null) : null)).filter((v): v is number => v !== null);
    if (def.agg === 'count') out[name] = counted.length;
    else if (def.agg === 'percentile') out[name] = reported(name, percentile(values, def.p!));
    else if (def.agg === 'average') out[name] = reported(name, values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    else {
      const dist: Record<string, number> = {};
      for (const v of values) dist[String(v)] = (dist[String(v)] ?? 0) + 1;
      out[name] = dist;
    }
  }
  return { ...(out as Figures), ...ratios(out as Pick<Figures, CountName>) };
}

/** What exports and the monthly report call each figure (the console has its own labels). */
export const FIGURE_LABELS: Record<FigureName | RatioName, string> = {
  received: '受理量',
  closed: '结案量',
  open: '期末在办',
  backlogUpTo1d: '在办≤1天',
  backlogUpTo3d: '在办1–3天',
  backlogUpTo7d: '在办3–7天',
  backlogOlder: '在办>7天',
  responses: '响应量',
  responseMedianMinutes: '响应用时中位数(工作分钟)',
  responseP90Minutes: '响应用时P90(工作分钟)',
  resolutions: '答复量',
  resolutionMedianMinutes: '答复用时中位数(工作分钟)',
  resolutionP90Minutes: '答复用时P90(工作分钟)',
  closeMedianMinutes: '结案用时中位数(工作分钟)',
  closeP90Minutes: '结案用时P90(工作分钟)',
  responsesOnTime: '及时响应',
  responsesMissed: '响应超时',
  onTimeResponseRate: '及时响应率',
  resolutionsOnTime: '及时答复',
  resolutionsMissed: '答复超时',
  onTimeResolutionRate: '及时解决率',
  escalations: '升级',
  escalationsByLevel: '升级(按最高级)',
  reopened: '重开',
  reopenRate: '重开率',
  transfers: '转派',
  transfersPerOrder: '单均转派',
  refusedTransfers: '拒收',
  returnedToReviewer: '退回审核',
  urges: '催单',
  urgesPerOrder: '单均催单',
  visits: '回访',
  visitRate: '回访率',
  satisfied: '满意(4–5分)',
  satisfiedShare: '满意率',
  satisfactionAverage: '平均满意度',
  satisfactionScores: '满意度分布',
};

export const FACT_KIND_LABELS: Record<FactKind, string> = {
  department: '到达部门',
  person: '分给个人',
  response: '响应',
  response_missed: '响应超时',
  resolution: '答复',
  resolution_missed: '答复超时',
  closure: '结案',
  transfer: '转派',
  refusal: '拒收',
  return: '退回审核',
  urge: '催单',
  escalation: '升级',
};

/** The figures in the order exports and the console show them. */
export const REPORT_COLUMNS: (FigureName | RatioName)[] = [
  'received',
  'closed',
  'open',
  'backlogUpTo1d',
  'backlogUpTo3d',
  'backlogUpTo7d',
  'backlogOlder',
  'responses',
  'responseMedianMinutes',
  'responseP90Minutes',
  'responsesOnTime',
  'responsesMissed',
  'onTimeResponseRate',
  'resolutions',
  'resolutionMedianMinutes',
  'resolutionP90Minutes',
  'resolutionsOnTime',
  'resolutionsMissed',
  'onTimeResolutionRate',
  'closeMedianMinutes',
  'closeP90Minutes',
  'escalations',
  'escalationsByLevel',
  'reopened',
  'reopenRate',
  'transfers',
  'transfersPerOrder',
  'refusedTransfers',
  'returnedToReviewer',
  'urges',
  'urgesPerOrder',
  'visits',
  'visitRate',
  'satisfied',
  'satisfiedShare',
  'satisfactionAverage',
  'satisfactionScores',
];

/** A figure as text (exports, the monthly report): rates as percentages, distributions as `k:n`. */
export function figureText(name: FigureName | RatioName, v: number | null | Record<string, number>): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, n]) => `${name === 'escalationsByLevel' ? 'L' : ''}${k}${name === 'satisfactionScores' ? '分' : ''}:${n}`)
      .join(' ');
  if (name.endsWith('Rate') || name.endsWith('Share')) return `${Math.round(v * 1000) / 10}%`;
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// The monthly report: on the 1st, each department's figures of the month before, to its leads.

/** A calendar month (YYYY-MM) in a time zone, as a period: its first day's midnight to the next month's. */
export function monthPeriod(month: string, timeZone: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const midnight = (year: number, monthIndex: number) => {
    const wall = Date.UTC(year, monthIndex, 1);
    // The zone's offset at that wall time (twice: the offset may change across it).
    const first = wall - zoneOffset(wall, timeZone);
    return wall - zoneOffset(first, timeZone);
  };
  return { from: iso(midnight(y, m - 1)), to: iso(midnight(y, m)) };
}

/** The month before the one an instant falls in, in a time zone (YYYY-MM). */
export function previousMonth(atMs: number, timeZone: string): string {
  const local = new Date(atMs + zoneOffset(atMs, timeZone));
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The figures a department's lead is mailed each month. */
export const MONTHLY_FIGURES: (FigureName | RatioName)[] = [
  'received',
  'closed',
  'open',
  'backlogOlder',
  'responseMedianMinutes',
  'onTimeResponseRate',
  'resolutionMedianMinutes',
  'onTimeResolutionRate',
  'escalations',
  'reopenRate',
  'transfers',
  'urges',
  'satisfactionAverage',
  'visitRate',
];

/** The monthly report's text for one department (with the month before for comparison). */
export function monthlyReportBody(o: { orgName: string; month: string; figures: Figures; previous: Figures; link: string }): string {
  const lines = MONTHLY_FIGURES.map((k) => `${FIGURE_LABELS[k]}：${figureText(k, o.figures[k]) || '—'}（上月 ${figureText(k, o.previous[k]) || '—'}）`);
  return [`${o.orgName} ${o.month} 月度绩效`, ...lines, `明细：${o.link}`].join('\n');
}

/** The figures of a group with no facts: counts 0, distributions empty, the rest (medians, averages, ratios) null. */
export function emptyFigures(): Figures {
  const out: Record<string, unknown> = {};
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    out[name] = def.agg === 'count' ? 0 : def.agg === 'distribution' ? {} : null;
  }
  for (const name of Object.keys(RATIOS)) out[name] = null;
  return out as Figures;
}
