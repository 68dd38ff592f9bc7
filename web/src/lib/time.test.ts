import { describe, expect, it } from 'vitest';
import { countdownText, dayRangeToIso, deadlineState, durationText, formatDate, formatDateTime, lastMonthRange, thisMonthDays, thisMonthRange } from './time';

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

describe('overdue and due-within-2h classification', () => {
  const now = at('2026-11-20T08:00:00Z');
  it('classifies by the time left', () => {
    expect(deadlineState(undefined, now)).toBe('none');
    expect(deadlineState('2026-11-20T07:59:59Z', now)).toBe('overdue');
    expect(deadlineState('2026-11-20T08:00:00Z', now)).toBe('overdue');
    expect(deadlineState('2026-11-20T08:00:01Z', now)).toBe('dueSoon');
    expect(deadlineState('2026-11-20T10:00:00Z', now)).toBe('dueSoon');
    expect(deadlineState('2026-11-20T10:00:01Z', now)).toBe('ok');
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
