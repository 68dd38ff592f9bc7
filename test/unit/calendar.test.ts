// The business-hours deadline calculator (pure): nights, weekends, holidays, 调休 and calendar changes.
import { describe, expect, it } from 'vitest';
import { addWorkingTime, deadlineAfter, isWorkingDay, zoneOffset, type BusinessCalendar } from '../../domain/calendar.js';

const H = 3_600_000;
const cal: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  hours: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkingDays: ['2026-10-10'],
};
/** A wall-clock time in Shanghai (UTC+8) as an instant. */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const at = (ms: number) => new Date(ms).toISOString();

describe('addWorkingTime', () => {
  it('stays inside one morning window', () => {
    expect(at(addWorkingTime(sh('2026-11-23T09:00:00'), 2 * H, cal))).toBe(at(sh('2026-11-23T11:00:00')));
  });
  it('skips the lunch break', () => {
    expect(at(addWorkingTime(sh('2026-11-23T11:00:00'), 2 * H, cal))).toBe(at(sh('2026-11-23T14:30:00')));
  });
  it('carries over the night to the next morning', () => {
    expect(at(addWorkingTime(sh('2026-11-23T17:00:00'), 2 * H, cal))).toBe(at(sh('2026-11-24T10:00:00')));
  });
  it('starts counting at the next opening when started at night', () => {
    expect(at(addWorkingTime(sh('2026-11-23T22:00:00'), 1 * H, cal))).toBe(at(sh('2026-11-24T09:30:00')));
    expect(at(addWorkingTime(sh('2026-11-24T03:00:00'), 1 * H, cal))).toBe(at(sh('2026-11-24T09:30:00')));
  });
  it('skips the weekend', () => {
    expect(at(addWorkingTime(sh('2026-11-27T17:00:00'), 1 * H, cal))).toBe(at(sh('2026-11-30T09:00:00')));
    expect(at(addWorkingTime(sh('2026-11-28T10:00:00'), 1 * H, cal))).toBe(at(sh('2026-11-30T09:30:00')));
  });
  it('skips holidays (National Day week) and counts an extra working Saturday', () => {
    expect(at(addWorkingTime(sh('2026-09-30T17:00:00'), 2 * H, cal))).toBe(at(sh('2026-10-08T10:00:00')));
    expect(at(addWorkingTime(sh('2026-10-09T17:00:00'), 1 * H, cal))).toBe(at(sh('2026-10-10T09:00:00')));
    expect(isWorkingDay(Date.UTC(2026, 9, 10), cal)).toBe(true);
    expect(isWorkingDay(Date.UTC(2026, 9, 1), cal)).toBe(false);
  });
  it('spans several days: 48 working hours from Monday morning end Tuesday of the next week', () => {
    // 7.5 working hours a day: 48 h = 6 days + 3 h.
    expect(at(addWorkingTime(sh('2026-11-23T08:30:00'), 48 * H, cal))).toBe(at(sh('2026-12-01T11:30:00')));
  });
  it('depends only on the calendar it is given: a calendar change moves new deadlines, not computed ones', () => {
    const start = sh('2026-11-26T16:00:00');
    const before = addWorkingTime(start, 4 * H, cal);
    const changed = { ...cal, holidays: [...cal.holidays, '2026-11-27'] };
    const after = addWorkingTime(start, 4 * H, changed);
    expect(at(before)).toBe(at(sh('2026-11-27T11:00:00')));
    expect(at(after)).toBe(at(sh('2026-11-30T11:00:00')));
    expect(addWorkingTime(start, 4 * H, cal)).toBe(before);
  });
  it('honours the calendar time zone', () => {
    const utcCal = { ...cal, timeZone: 'UTC' };
    expect(at(addWorkingTime(Date.parse('2026-11-23T09:00:00Z'), 1 * H, utcCal))).toBe('2026-11-23T10:00:00.000Z');
    expect(zoneOffset(Date.parse('2026-11-23T00:00:00Z'), 'Asia/Shanghai')).toBe(8 * H);
  });
  it('refuses a calendar with no working time', () => {
    expect(() => addWorkingTime(0, H, { ...cal, workingDays: [], extraWorkingDays: [] })).toThrow(/no working time/);
  });
});

describe('deadlineAfter', () => {
  it('counts wall-clock time for the calendar clock and working time for a named calendar', () => {
    const start = sh('2026-11-27T17:00:00');
    expect(at(deadlineAfter(start, 2 * H, 'calendar', {}))).toBe(at(sh('2026-11-27T19:00:00')));
    expect(at(deadlineAfter(start, 2 * H, 'office', { office: cal }))).toBe(at(sh('2026-11-30T10:00:00')));
    expect(() => deadlineAfter(start, H, 'missing', {})).toThrow(/unknown calendar/);
  });
});
