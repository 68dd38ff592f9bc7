// Times as people in the province read them: Asia/Shanghai, whatever the browser's own zone.
// Pure functions of (value, now) so they can be tested without a clock or a DOM.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import { t } from '../messages';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const ZONE = 'Asia/Shanghai';

/** A moment in Shanghai time. */
export const inZone = (value: string | number | Date | Dayjs) => dayjs(value).tz(ZONE);

/** "2026-11-20 16:05" in Shanghai time; — when absent. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return t('none');
  return inZone(iso).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t('none');
  return inZone(iso).format('YYYY-MM-DD');
}

/** A length of time in words: 不足1分钟, 5分钟, 1小时23分, 2天3小时. */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return t('duration.lessThanMinute');
  if (minutes < 60) return t('duration.minutesOnly', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return t('duration.hours', { n: hours }) + (rest ? t('duration.minutes', { n: rest }) : '');
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return t('duration.days', { n: days }) + (restHours ? t('duration.hours', { n: restHours }) : '');
}

/** "剩余 1小时23分" before the deadline, "已超时 5分钟" after it. */
export function countdownText(deadlineIso: string | null | undefined, nowMs: number): string {
  if (!deadlineIso) return t('deadline.none');
  const left = Date.parse(deadlineIso) - nowMs;
  return left > 0 ? t('deadline.remaining', { text: durationText(left) }) : t('deadline.overdue', { text: durationText(left) });
}

export type DeadlineState = 'none' | 'ok' | 'dueSoon' | 'overdue';

/** The clock a deadline ends: when it started, and the last share of it that counts as due soon (policy desk.dueSoonShare). */
export interface ClockSpan {
  startedAt: string | null | undefined;
  dueSoonShare: number | undefined;
}

/**
 * Overdue at or after the deadline; due soon in the last share of its clock (e.g. the last 25 % of
 * the time from when the clock started): relative to the clock, so a 2 h limit is not due soon
 * the moment it starts. Without the clock's start (or the share) nothing is due soon.
 */
export function deadlineState(deadlineIso: string | null | undefined, nowMs: number, clock?: ClockSpan): DeadlineState {
  if (!deadlineIso) return 'none';
  const deadline = Date.parse(deadlineIso);
  const left = deadline - nowMs;
  if (left <= 0) return 'overdue';
  const started = clock?.startedAt ? Date.parse(clock.startedAt) : Number.NaN;
  if (clock?.dueSoonShare !== undefined && Number.isFinite(started) && deadline > started && left <= clock.dueSoonShare * (deadline - started))
    return 'dueSoon';
  return 'ok';
}

/** The last month up to today (Shanghai days): the default window of application lists. */
export function lastMonthRange(nowMs: number): [Dayjs, Dayjs] {
  const now = inZone(nowMs);
  return [now.subtract(1, 'month').startOf('day'), now.endOf('day')];
}

/** This calendar month in Shanghai, [first day 00:00, first day of next month 00:00). */
export function thisMonthRange(nowMs: number): [Dayjs, Dayjs] {
  const start = inZone(nowMs).startOf('month');
  return [start, start.add(1, 'month')];
}

/** This month as a picker's days: [first day, last day]. */
export function thisMonthDays(nowMs: number): [Dayjs, Dayjs] {
  const [start, next] = thisMonthRange(nowMs);
  return [start, next.subtract(1, 'day')];
}

/** A range picked as calendar days: from the first day's start to the last day's end. */
export function dayRangeToIso(from: Dayjs, to: Dayjs): { from: string; to: string } {
  return { from: dayjs.tz(from.format('YYYY-MM-DD'), ZONE).toISOString(), to: dayjs.tz(to.format('YYYY-MM-DD'), ZONE).add(1, 'day').toISOString() };
}

/** Now as a date picker's value: Shanghai's wall-clock time, to the minute (pickers show the browser's zone). */
export const pickerNow = (nowMs: number): Dayjs => dayjs(inZone(nowMs).format('YYYY-MM-DD HH:mm'));

/** A picked date and time, read as Shanghai's wall-clock time, as an instant. */
export const pickedToIso = (picked: Dayjs): string => dayjs.tz(picked.format('YYYY-MM-DD HH:mm'), ZONE).toISOString();

export { dayjs };
