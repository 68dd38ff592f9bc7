// The performance facts a work order's history yields, and the figures over them, pure: business
// minutes on the shipped calendar (Asia/Shanghai, 08:30–12:00 and 13:30–17:30 on weekdays, National
// Day week off, Saturday 10 October worked) across a weekend, a holiday and the lunch break, paused
// working time excluded, on-time verdicts against the recorded deadlines, who holds what when.
import { describe, expect, it } from 'vitest';
import { casePolicyOf, loadPolicy } from '../../config/policy.js';
import { figuresOf, monthPeriod, orderFacts, percentile, previousMonth, previousPeriod, type Fact, type OrderEntry } from '../../domain/performance.js';

const policy = casePolicyOf(loadPolicy(new URL('../../config/policy.yaml', import.meta.url).pathname));
/** Shanghai wall time as an ISO instant. */
const sh = (local: string) => new Date(`${local}+08:00`).toISOString();
const compensation = { problemCategory: 'compensation' as const, complexity: 'simple' as const };
const entry = (local: string, action: string, actorUser = 'system', detail: Record<string, unknown> = {}): OrderEntry => ({
  at: sh(local),
  action,
  actorUser,
  detail,
});

// Friday afternoon to Monday: a weekend between; claimed, accepted late, urged, paused a day, replied, closed, visited.
const weekendOrder: OrderEntry[] = [
  entry('2026-10-16T16:00:00', 'dispatched', 'system', {
    assignedOrg: 'd1',
    responseDeadline: sh('2026-10-19T09:00:00'),
    resolutionDeadline: sh('2026-10-21T10:30:00'),
  }),
  entry('2026-10-19T08:45:00', 'claimed', 'p1', { assignee: { userId: 'p1', name: 'P1' } }),
  entry('2026-10-19T09:30:00', 'accepted', 'p1'),
  entry('2026-10-19T10:00:00', 'urged', 'agent'),
  entry('2026-10-20T10:00:00', 'paused', 'p1', { until: sh('2026-10-23T10:00:00') }),
  entry('2026-10-21T10:00:00', 'resumed', 'p1'),
  entry('2026-10-21T11:00:00', 'replied', 'p1'),
  entry('2026-10-22T09:00:00', 'closed', 'reviewer', { meetsStandard: true }),
  entry('2026-10-22T15:00:00', 'return_visit', 'reviewer', { satisfaction: 5 }),
];

// Dispatched the evening before National Day: transferred, refused, answered after the holiday week, reopened on the worked Saturday, escalated.
const holidayOrder: OrderEntry[] = [
  entry('2026-09-30T17:00:00', 'dispatched', 'system', {
    assignedOrg: 'd1',
    responseDeadline: sh('2026-10-08T09:00:00'),
    resolutionDeadline: sh('2026-10-20T17:00:00'),
  }),
  entry('2026-10-08T08:40:00', 'transferred', 'p2', { from: 'd1', to: 'd2', hop: 1 }),
  entry('2026-10-08T08:50:00', 'transfer_refused', 'q1', { from: 'd2', to: 'd1' }),
  entry('2026-10-08T09:00:00', 'accepted', 'p2'),
  entry('2026-10-09T09:00:00', 'replied', 'p2'),
  entry('2026-10-09T10:00:00', 'closed', 'reviewer', { meetsStandard: false }),
  entry('2026-10-10T09:00:00', 'reactivated', 'agent', {
    reason: '未解决',
    cycle: 1,
    responseDeadline: sh('2026-10-10T11:00:00'),
    resolutionDeadline: sh('2026-10-30T17:00:00'),
  }),
  entry('2026-10-10T10:00:00', 'escalation_level', 'system', { level: 1 }),
  entry('2026-10-10T10:30:00', 'escalation_level', 'system', { level: 2 }),
  entry('2026-10-10T11:00:00', 'response_overdue', 'system', { deadline: sh('2026-10-10T11:00:00') }),
  entry('2026-10-10T11:10:00', 'escalation_level', 'system', { level: 0 }),
];

const strip = (facts: Fact[]) => facts.map(({ n: _n, cycle: _c, ...f }) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null)));

describe('the facts of an order', () => {
  it('across a weekend: the response 150 business minutes after dispatch (45 after the claim), missed at the Monday deadline; the reply and close less 450 paused minutes', () => {
    expect(strip(orderFacts(compensation, weekendOrder, policy))).toEqual([
      { kind: 'department', at: sh('2026-10-16T16:00:00'), until: sh('2026-10-21T11:00:00'), org: 'd1', via: 'dispatch' },
      { kind: 'person', at: sh('2026-10-19T08:45:00'), until: sh('2026-10-21T11:00:00'), org: 'd1', person: 'p1', via: 'claimed' },
      // Fri 16:00–17:30 (90) + Mon 08:30–09:30 (60); from the claim 08:45: 45.
      { kind: 'response', at: sh('2026-10-19T09:30:00'), org: 'd1', person: 'p1', minutes: 150, personMinutes: 45, onTime: false },
      { kind: 'response_missed', at: sh('2026-10-19T09:00:00'), org: 'd1', person: 'p1' },
      { kind: 'urge', at: sh('2026-10-19T10:00:00'), org: 'd1', person: 'p1' },
      // Fri 90 + Mon 450 + Tue 450 + Wed 08:30–11:00 150 = 1140, less the pause Tue 10:00 → Wed 10:00 (120 + 240 + 90 = 450).
      // The deadline Wed 10:30 moved by those 450 working minutes: Thu 10:30; answered Wed 11:00, in time.
      { kind: 'resolution', at: sh('2026-10-21T11:00:00'), org: 'd1', person: 'p1', minutes: 690, onTime: true },
      // … + Wed 11:00–12:00 and 13:30–17:30 (300) + Thu 08:30–09:00 (30) = 1470 − 450.
      { kind: 'closure', at: sh('2026-10-22T09:00:00'), org: 'd1', person: 'p1', minutes: 1020, reopened: false, satisfaction: 5 },
    ]);
  });

  it('across the holiday week: a transfer refused comes back to its sender; 60 minutes from the eve of National Day; reopened on the worked Saturday; an escalation at its highest level', () => {
    expect(strip(orderFacts(compensation, holidayOrder, policy))).toEqual([
      { kind: 'department', at: sh('2026-09-30T17:00:00'), until: sh('2026-10-08T08:40:00'), org: 'd1', via: 'dispatch' },
      { kind: 'transfer', at: sh('2026-10-08T08:40:00'), org: 'd1', person: 'p2' },
      { kind: 'department', at: sh('2026-10-08T08:40:00'), until: sh('2026-10-08T08:50:00'), org: 'd2', via: 'transfer' },
      { kind: 'refusal', at: sh('2026-10-08T08:50:00'), org: 'd2', person: 'q1' },
      { kind: 'department', at: sh('2026-10-08T08:50:00'), until: sh('2026-10-09T09:00:00'), org: 'd1', via: 'refused_back' },
      { kind: 'person', at: sh('2026-10-08T08:50:00'), until: sh('2026-10-09T09:00:00'), org: 'd1', person: 'p2', via: 'refused_back' },
      // Wed 30 Sep 17:00–17:30 (30) + Thu 8 Oct 08:30–09:00 (30); the holidays 1–7 October count nothing.
      { kind: 'response', at: sh('2026-10-08T09:00:00'), org: 'd1', person: 'p2', minutes: 60, personMinutes: 10, onTime: true },
      // 60 + Thu 09:00–17:30 less lunch (420) + Fri 08:30–09:00 (30).
      { kind: 'resolution', at: sh('2026-10-09T09:00:00'), org: 'd1', person: 'p2', minutes: 510, onTime: true },
      { kind: 'closure', at: sh('2026-10-09T10:00:00'), org: 'd1', person: 'p2', minutes: 570, reopened: true },
      // The new cycle, back to the department that answered; nobody holds it yet.
      { kind: 'department', at: sh('2026-10-10T09:00:00'), org: 'd1', via: 'reactivation' },
      { kind: 'escalation', at: sh('2026-10-10T10:00:00'), org: 'd1', level: 2 },
      { kind: 'response_missed', at: sh('2026-10-10T11:00:00'), org: 'd1' },
    ]);
  });

  it('a handler acting on an order nobody holds takes it; a return to the reviewer ends the department’s hold, the re-dispatch starts another’s', () => {
    const facts = orderFacts(
      compensation,
      [
        entry('2026-11-02T09:00:00', 'dispatched', 'system', { assignedOrg: 'd1', responseDeadline: sh('2026-11-02T11:00:00') }),
        entry('2026-11-02T09:30:00', 'returned_to_reviewer', 'p1', { from: 'd1', reason: '派错' }),
        entry('2026-11-02T10:00:00', 'urged', 'agent'),
        entry('2026-11-02T10:30:00', 'redispatched', 'reviewer', { to: 'd3' }),
        entry('2026-11-02T10:45:00', 'accepted', 'r1'),
      ],
      policy,
    );
    expect(strip(facts)).toEqual([
      { kind: 'department', at: sh('2026-11-02T09:00:00'), until: sh('2026-11-02T09:30:00'), org: 'd1', via: 'dispatch' },
      { kind: 'return', at: sh('2026-11-02T09:30:00'), org: 'd1', person: 'p1' },
      { kind: 'department', at: sh('2026-11-02T10:30:00'), org: 'd3', via: 'redispatch' },
      { kind: 'person', at: sh('2026-11-02T10:45:00'), org: 'd3', person: 'r1', via: 'taken' },
      // Taken from the queue: the person's minutes count from the dispatch, as the department's.
      { kind: 'response', at: sh('2026-11-02T10:45:00'), org: 'd3', person: 'r1', minutes: 105, personMinutes: 105, onTime: true },
    ]);
  });
});

describe('the figures over the facts', () => {
  const facts = [...orderFacts(compensation, weekendOrder, policy), ...orderFacts(compensation, holidayOrder, policy)];
  const october = { from: sh('2026-10-01T00:00:00'), to: sh('2026-11-01T00:00:00') };

  it('a department’s month', () => {
    const d1 = figuresOf(
      facts.filter((f) => f.org === 'd1'),
      october,
      'department',
    );
    expect(d1).toMatchObject({
      // The refused transfer coming back is no new arrival; the September dispatch is not October's.
      received: 2,
      closed: 2,
      // The reopened order waits on d1 since 10 October: 21 days and more at the month's end.
      open: 1,
      backlogUpTo1d: 0,
      backlogUpTo3d: 0,
      backlogUpTo7d: 0,
      backlogOlder: 1,
      responses: 2,
      responseMedianMinutes: 105,
      responseP90Minutes: 141,
      responsesOnTime: 1,
      responsesMissed: 2,
      onTimeResponseRate: 0.3333,
      resolutions: 2,
      resolutionsOnTime: 2,
      onTimeResolutionRate: 1,
      resolutionMedianMinutes: 600,
      closeMedianMinutes: 795,
      escalations: 1,
      escalationsByLevel: { '2': 1 },
      reopened: 1,
      reopenRate: 0.5,
      transfers: 1,
      transfersPerOrder: 0.5,
      refusedTransfers: 0,
      urges: 1,
      visits: 1,
      visitRate: 0.5,
      satisfied: 1,
      satisfiedShare: 1,
      satisfactionAverage: 5,
      satisfactionScores: { '5': 1 },
    });
    expect(
      figuresOf(
        facts.filter((f) => f.org === 'd2'),
        october,
        'department',
      ),
    ).toMatchObject({ received: 1, refusedTransfers: 1, transfersPerOrder: 0 });
  });

  it('a person’s month: their own minutes from being given the order', () => {
    expect(
      figuresOf(
        facts.filter((f) => f.person === 'p2'),
        october,
        'person',
      ),
    ).toMatchObject({
      received: 1,
      responses: 1,
      responseMedianMinutes: 10,
      transfers: 1,
      closed: 1,
      reopened: 1,
    });
  });

  it('percentiles interpolate as PostgreSQL’s percentile_cont; the previous period is as long, just before', () => {
    expect(percentile([150, 60], 0.5)).toBe(105);
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7);
    expect(percentile([], 0.5)).toBeNull();
    expect(previousPeriod(october)).toEqual({ from: sh('2026-08-31T00:00:00'), to: october.from });
  });

  it('a period not over yet: what is open is counted now, its age from now', () => {
    const december = { from: sh('2026-12-01T00:00:00'), to: sh('2027-01-01T00:00:00') };
    const open = orderFacts(compensation, [entry('2026-12-01T09:00:00', 'dispatched', 'system', { assignedOrg: 'd1' })], policy);
    expect(figuresOf(open, december, 'department', Date.parse(sh('2026-12-01T10:00:00')))).toMatchObject({ open: 1, backlogUpTo1d: 1, backlogOlder: 0 });
    expect(figuresOf(open, december, 'department')).toMatchObject({ open: 1, backlogOlder: 1 });
  });
});

describe('the monthly report’s month', () => {
  it('is the calendar month before the run, in Shanghai, from midnight to midnight', () => {
    expect(previousMonth(Date.parse(sh('2026-12-01T08:00:00')), 'Asia/Shanghai')).toBe('2026-11');
    // Still 31 December in UTC, already 1 January in Shanghai.
    expect(previousMonth(Date.parse('2026-12-31T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthPeriod('2026-11', 'Asia/Shanghai')).toEqual({ from: sh('2026-11-01T00:00:00'), to: sh('2026-12-01T00:00:00') });
  });
});
