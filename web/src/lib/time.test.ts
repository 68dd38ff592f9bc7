import { describe, expect, it } from 'vitest';
import {
  countdownText,
  dayRangeToIso,
  deadlineState,
  durationText,
  formatDate,
  formatDateTime,
  lastMonthRange,
  pickedToIso,
  pickerNow,
  thisMonthDays,
  thisMonthRange,
} from './time';

const at = (iso: string) => Date.parse(iso);

describe('deadline formatting in Asia/Shanghai', () => {
  it('shows a UTC instant in Shanghai time, whatever the machine’s zone', () => {
    expect(formatDateTime('2026-11-20T16:05:00Z')).toBe('2026-11-21 00:05');
    expect(formatDateTime('2026-11-20T16:05:09.500Z', true)).toBe('2026-11-21 00:05:09');
    expect(formatDate('2026-06-30T17:00:00Z')).toBe('2026-07-01');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('countdown text', () => {
  const now = at('2026-11-20T08:00:00Z');
  it('counts down what is left', () => {
    expect(countdownText('2026-11-20T09:23:30Z', now)).toBe('剩余 1小时23分');
    expect(countdownText('2026-11-20T10:00:00Z', now)).toBe('剩余 2小时');
    expect(countdownText('2026-11-20T08:05:59Z', now)).toBe('剩余 5分钟');
    expect(countdownText('2026-11-20T08:00:30Z', now)).toBe('剩余 不足1分钟');
    expect(countdownText('2026-11-23T11:00:00Z', now)).toBe('剩余 3天3小时');
    expect(countdownText('2026-11-22T08:00:00Z', now)).toBe('剩余 2天');
  });
  it('counts up once overdue (the deadline itself is overdue)', () => {
    expect(countdownText('2026-11-20T07:55:00Z', now)).toBe('已超时 5分钟');
    expect(countdownText('2026-11-20T06:30:00Z', now)).toBe('已超时 1小时30分');
    expect(countdownText('2026-11-20T08:00:00Z', now)).toBe('已超时 不足1分钟');
  });
  it('has no countdown without a deadline', () => {
    expect(countdownText(null, now)).toBe('—');
  });
  it('words durations', () => {
    expect(durationText(59_999)).toBe('不足1分钟');
    expect(durationText(60_000)).toBe('1分钟');
    expect(durationText(3_600_000)).toBe('1小时');
    expect(durationText(-(3_600_000 + 60_000))).toBe('1小时1分');
    expect(durationText(86_400_000 + 60_000)).toBe('1天');
  });
});

describe('overdue and due-soon classification, relative to the clock', () => {
  const now = at('2026-11-20T08:00:00Z');
  const quarter = (startedAt: string | null) => ({ startedAt, dueSoonShare: 0.25 });
  it('is overdue at or after the deadline, due soon in the last quarter of the clock', () => {
    expect(deadlineState(undefined, now)).toBe('none');
    expect(deadlineState('2026-11-20T07:59:59Z', now, quarter('2026-11-20T06:00:00Z'))).toBe('overdue');
    expect(deadlineState('2026-11-20T08:00:00Z', now)).toBe('overdue');
    // A 2 h clock started 1 h 29 min ago: 31 min left, more than its last 30 min.
    expect(deadlineState('2026-11-20T08:31:00Z', now, quarter('2026-11-20T06:31:00Z'))).toBe('ok');
    // Started 1 h 30 min ago: its last quarter.
    expect(deadlineState('2026-11-20T08:30:00Z', now, quarter('2026-11-20T06:30:00Z'))).toBe('dueSoon');
    // A 2 h clock just started is not due soon (a fixed 2 h would have said it was).
    expect(deadlineState('2026-11-20T10:00:00Z', now, quarter('2026-11-20T08:00:00Z'))).toBe('ok');
    // A 3-day clock: due soon in its last 18 h.
    expect(deadlineState('2026-11-21T02:00:00Z', now, quarter('2026-11-18T02:00:00Z'))).toBe('dueSoon');
    expect(deadlineState('2026-11-21T02:00:01Z', now, quarter('2026-11-18T02:00:01Z'))).toBe('ok');
  });
  it('says nothing is due soon without the clock’s start or the share', () => {
    expect(deadlineState('2026-11-20T08:00:01Z', now)).toBe('ok');
    expect(deadlineState('2026-11-20T08:00:01Z', now, quarter(null))).toBe('ok');
    expect(deadlineState('2026-11-20T08:00:01Z', now, { startedAt: '2026-11-20T06:00:00Z', dueSoonShare: undefined })).toBe('ok');
  });
});

describe('date-range defaults', () => {
  it('defaults lists to the last month of Shanghai days up to today', () => {
    // 2026-03-31 01:30 in Shanghai (still 30 March in UTC)
    const [from, to] = lastMonthRange(at('2026-03-30T17:30:00Z'));
    expect(from.format('YYYY-MM-DD HH:mm')).toBe('2026-02-28 00:00');
    expect(to.format('YYYY-MM-DD')).toBe('2026-03-31');
    expect(dayRangeToIso(from, to)).toEqual({ from: '2026-02-27T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
  });
  it('defaults the report to this calendar month in Shanghai', () => {
    // 1 December 00:30 in Shanghai is still 30 November in UTC
    const [start, next] = thisMonthRange(at('2026-11-30T16:30:00Z'));
    expect(start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(next.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    const [first, last] = thisMonthDays(at('2026-11-30T16:30:00Z'));
    expect([first.format('YYYY-MM-DD'), last.format('YYYY-MM-DD')]).toEqual(['2026-12-01', '2026-12-31']);
    expect(dayRangeToIso(first, last)).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});

describe('date and time pickers', () => {
  it('show and read Shanghai wall-clock time, whatever the browser’s zone', () => {
    const picked = pickerNow(at('2026-11-20T16:05:30Z'));
    expect(picked.format('YYYY-MM-DD HH:mm')).toBe('2026-11-21 00:05');
    expect(pickedToIso(picked)).toBe('2026-11-20T16:05:00.000Z');
    expect(pickedToIso(picked.add(1, 'day'))).toBe('2026-11-21T16:05:00.000Z');
  });
});
