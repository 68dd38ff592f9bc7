// Clock arithmetic, pure: working time between two instants (lunch, weekends, holidays), where a
// warning step falls, which steps are still to come (re-armed by a later deadline), and the state
// every client shows.
import { describe, expect, it } from 'vitest';
import { casePolicyOf, loadPolicy } from '../../config/policy.js';
import { timeline, workingTimeBetween } from '../../domain/calendar.js';
import { clockView, pendingWarnings, pointAt, type ClockFacts } from '../../domain/clocks.js';

// The shipped policy's calendar: Asia/Shanghai, Mon–Fri 08:30–12:00 and 13:30–17:30, National Day week off.
const policy = casePolicyOf(loadPolicy(new URL('../../config/policy.yaml', import.meta.url).pathname));
const cal = policy.calendars.default!;
const at = (local: string) => Date.parse(`${local}+08:00`);
const M = 60_000;
const H = 60 * M;

describe('working time between two instants', () => {
  it('counts only working hours: the lunch break and the night are not', () => {
    expect(workingTimeBetween(at('2026-11-23T11:30:00'), at('2026-11-23T14:00:00'), cal)).toBe(60 * M);
    expect(workingTimeBetween(at('2026-11-23T17:00:00'), at('2026-11-24T09:00:00'), cal)).toBe(60 * M);
  });
  it('skips the weekend and a holiday week (a pause across National Day moves a deadline by its working minutes only)', () => {
    expect(workingTimeBetween(at('2026-11-27T17:00:00'), at('2026-11-30T09:00:00'), cal)).toBe(60 * M); // Fri → Mon
    expect(workingTimeBetween(at('2026-09-30T17:00:00'), at('2026-10-08T09:00:00'), cal)).toBe(30 * M + 30 * M); // Wed → Thu after the week
    const tl = timeline('default', policy.calendars);
    const deadline = at('2026-09-30T17:30:00');
    expect(tl.add(deadline, tl.between(at('2026-09-30T17:00:00'), at('2026-10-08T09:00:00')))).toBe(at('2026-10-08T09:30:00'));
  });
  it('is zero backwards, and wall-clock time on the calendar clock', () => {
    expect(workingTimeBetween(at('2026-11-24T09:00:00'), at('2026-11-23T09:00:00'), cal)).toBe(0);
    expect(timeline('calendar', {}).between(0, 90 * M)).toBe(90 * M);
  });
});

describe('warning points', () => {
  const wall = timeline('calendar', {});
  it('falls at a share, some time before, at, or a share past the deadline', () => {
    expect(pointAt({ share: 0.8 }, 0, 10 * H, wall)).toBe(8 * H);
    expect(pointAt({ before: 30 * M }, 0, 10 * H, wall)).toBe(10 * H - 30 * M);
    expect(pointAt({ due: true }, 0, 10 * H, wall)).toBe(10 * H);
    expect(pointAt({ after: 0.5 }, 0, 10 * H, wall)).toBe(15 * H);
  });
  it('counts the share in working time on a business calendar', () => {
    const tl = timeline('default', policy.calendars);
    // 08:30 → 17:30 is 7.5 working hours; half of it ends at 13:45 (after the lunch break).
    expect(pointAt({ share: 0.5 }, at('2026-11-23T08:30:00'), at('2026-11-23T17:30:00'), tl)).toBe(at('2026-11-23T13:45:00'));
  });
});

describe('pending warnings', () => {
  const clock: ClockFacts = {
    clock: 'resolution',
    startedAt: new Date(0).toISOString(),
    deadline: new Date(10 * H).toISOString(),
    metAt: null,
    pausedAt: null,
  };
  const steps = {
    resolution: [
      { at: [{ share: 0.5 }], to: ['assignee'], channels: ['inbox' as const] },
      { at: [{ share: 0.8 }, { before: 3 * H }], to: ['lead'], channels: ['inbox' as const] },
    ],
  };
  const wall = () => timeline('calendar', {});
  it('each step once, at the earliest of its points', () => {
    expect(pendingWarnings([clock], steps, [], wall).map((w) => [w.step, w.at])).toEqual([
      [0, 5 * H],
      [1, 7 * H],
    ]);
    expect(pendingWarnings([clock], steps, [{ clock: 'resolution', step: 0, deadline: clock.deadline }], wall).map((w) => w.step)).toEqual([1]);
  });
  it('a later deadline re-arms a step; a paused or met clock warns nobody', () => {
    const later = { ...clock, deadline: new Date(12 * H).toISOString() };
    expect(pendingWarnings([later], steps, [{ clock: 'resolution', step: 0, deadline: clock.deadline }], wall).map((w) => w.step)).toEqual([0, 1]);
    expect(pendingWarnings([{ ...clock, pausedAt: new Date(H).toISOString() }], steps, [], wall)).toEqual([]);
    expect(pendingWarnings([{ ...clock, metAt: new Date(H).toISOString() }], steps, [], wall)).toEqual([]);
  });
});

describe('clock states', () => {
  const c: ClockFacts = { clock: 'response', startedAt: new Date(0).toISOString(), deadline: new Date(4 * H).toISOString(), metAt: null, pausedAt: null };
  it.each([
    ['running', c, H, 3 * H],
    ['warning', c, 3.5 * H, 0.5 * H],
    ['overdue', c, 5 * H, -H],
    ['paused', { ...c, pausedAt: new Date(2 * H).toISOString() }, 3 * H, 2 * H],
    ['overdue', { ...c, pausedAt: new Date(5 * H).toISOString() }, 6 * H, -2 * H],
    ['met', { ...c, metAt: new Date(3 * H).toISOString() }, 9 * H, H],
    ['missed', { ...c, metAt: new Date(5 * H).toISOString() }, 9 * H, -H],
  ] as const)('%s', (state, facts, now, remaining) => {
    expect(clockView(facts, now, 0.25)).toMatchObject({ state, remainingMs: remaining });
  });
});
