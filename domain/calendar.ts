// Deadline maths: wall-clock durations or working hours of a business calendar.
// Pure and deterministic (Intl only), so workflows can call it and unit tests can pin it down.

export interface BusinessCalendar {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  hours: { start: string; end: string }[];
  holidays: string[];
  extraWorkingDays: string[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `timeZone` (days counted from the Unix epoch). */
function wallToUtc(dayUtcMidnight: number, minutesOfDay: number, timeZone: string): number {
  const wall = dayUtcMidnight + minutesOfDay * 60_000;
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  return second;
}

const DAY = 86_400_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const isoDate = (dayUtcMidnight: number) => new Date(dayUtcMidnight).toISOString().slice(0, 10);

export function isWorkingDay(dayUtcMidnight: number, cal: BusinessCalendar): boolean {
  const date = isoDate(dayUtcMidnight);
  if (cal.extraWorkingDays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const isoWeekday = ((new Date(dayUtcMidnight).getUTCDay() + 6) % 7) + 1;
  return cal.workingDays.includes(isoWeekday);
}

/**
 * The instant `durationMs` of working time after `start`. Time outside working hours, on
 * weekends and holidays does not count. Looks at most ten years ahead.
 */
export function addWorkingTime(start: number, durationMs: number, cal: BusinessCalendar): number {
  let remaining = durationMs;
  const windows = cal.hours.map((h) => [minutes(h.start), minutes(h.end)] as const).sort((a, b) => a[0] - b[0]);
  const localStart = start + zoneOffset(start, cal.timeZone);
  let day = Math.floor(localStart / DAY) * DAY;
  for (let i = 0; i < 3660; i++, day += DAY) {
    if (!isWorkingDay(day, cal)) continue;
    for (const [from, to] of windows) {
      const windowStart = Math.max(wallToUtc(day, from, cal.timeZone), start);
      const windowEnd = wallToUtc(day, to, cal.timeZone);
      if (windowStart >= windowEnd) continue;
      if (remaining <= windowEnd - windowStart) return windowStart + remaining;
      remaining -= windowEnd - windowStart;
    }
  }
  throw new Error('calendar has no working time in the next ten years');
}

export interface ClockPolicy {
  /** `calendar` for wall-clock time, otherwise the name of a business calendar. */
  clock: string;
}

/** Deadline for a duration under a clock: wall-clock or a named calendar's working hours. */
export function deadlineAfter(start: number, durationMs: number, clock: string, calendars: Record<string, BusinessCalendar>): number {
  if (clock === 'calendar') return start + durationMs;
  const cal = calendars[clock];
  if (!cal) throw new Error(`unknown calendar "${clock}"`);
  return addWorkingTime(start, durationMs, cal);
}

/** Working time between two instants (0 if `to` is not after `from`), under a calendar's hours. */
export function workingTimeBetween(from: number, to: number, cal: BusinessCalendar): number {
  if (to <= from) return 0;
  const windows = cal.hours.map((h) => [minutes(h.start), minutes(h.end)] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let day = Math.floor((from + zoneOffset(from, cal.timeZone)) / DAY) * DAY;
  for (let i = 0; i < 3660; i++, day += DAY) {
    if (wallToUtc(day, 0, cal.timeZone) >= to) break;
    if (!isWorkingDay(day, cal)) continue;
    for (const [start, end] of windows) {
      const a = Math.max(wallToUtc(day, start, cal.timeZone), from);
      const b = Math.min(wallToUtc(day, end, cal.timeZone), to);
      if (b > a) total += b - a;
    }
  }
  return total;
}

/** How a clock counts time: wall-clock, or a named calendar's working hours. */
export interface Timeline {
  /** The instant `ms` of counted time after `start`. */
  add(start: number, ms: number): number;
  /** Counted time between two instants. */
  between(from: number, to: number): number;
}

export function timeline(clock: string, calendars: Record<string, BusinessCalendar>): Timeline {
  if (clock === 'calendar') return { add: (start, ms) => start + ms, between: (from, to) => Math.max(0, to - from) };
  const cal = calendars[clock];
  if (!cal) throw new Error(`unknown calendar "${clock}"`);
  return { add: (start, ms) => addWorkingTime(start, ms, cal), between: (from, to) => workingTimeBetween(from, to, cal) };
}
