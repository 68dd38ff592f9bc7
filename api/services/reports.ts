// Per-office figures for a period, computed in SQL (nothing loaded into memory but the result):
// whole days from the trigger-kept daily counts (migration 0003), partial days from the rows.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { seesAllOrgs } from './scope.js';

export interface OfficeReportRow {
  org: string;
  name: string;
  created: number;
  reviewed: number;
  returned: number;
  returnRate: number | null;
  becameOrders: number;
  onTimeResponseRate: number | null;
  onTimeResolutionRate: number | null;
  open: number;
  overdue: number;
  escalationsByLevel: Record<string, number>;
}

const DAY = 86_400_000;

/**
 * Splits [from, to) into whole UTC days [lo, hi), read from the daily counts, and the partial days
 * at either edge, [from, lo) and [hi, to), counted from the rows. Within one day: all edge.
 */
export function splitPeriod(from: Date, to: Date): { lo: Date; hi: Date } {
  const lo = Math.ceil(from.getTime() / DAY) * DAY;
  const hi = Math.floor(to.getTime() / DAY) * DAY;
  return lo <= hi ? { lo: new Date(lo), hi: new Date(hi) } : { lo: to, hi: to };
}

export async function officeReport(ctx: ServiceContext, actor: Actor, from: Date, to: Date): Promise<OfficeReportRow[]> {
  const onlyOrg = seesAllOrgs(actor) ? null : actor.org;
  const { lo, hi } = splitPeriod(from, to);
  const result = await ctx.db.execute<{
    org: string;
    name: string;
    created: string;
    reviewed: string;
    returned: string;
    became_orders: string;
    responses_due: string;
    on_time_responses: string;
    resolutions_due: string;
    on_time_resolutions: string;
    open: string;
    overdue: string;
    escalations: Record<string, number> | null;
  }>(sql`
    with apps as (
      select org, sum(created) as created, sum(reviewed) as reviewed, sum(returned) as returned,
             sum(became_orders) as became_orders, sum(open) as open, sum(overdue) as overdue
      from (select * from application_daily_counts where day >= ${lo} and day < ${hi}
            union all select * from application_counts_between(${from}, ${lo})
            union all select * from application_counts_between(${hi}, ${to})) c
      group by org),
    orders as (
      select org, sum(responded) as responded, sum(on_time_responses) as on_time_responses, sum(resolved) as resolved,
             sum(on_time_resolutions) as on_time_resolutions, sum(open) as open, sum(overdue) as overdue
      from (select * from work_order_daily_counts where day >= ${lo} and day < ${hi}
            union all select * from work_order_counts_between(${from}, ${lo})
            union all select * from work_order_counts_between(${hi}, ${to})) c
      group by org),
    -- Due also means unanswered past the deadline now: counted live, from the few unfinished orders.
    late as (
      select org,
             count(*) filter (where responded_at is null and response_deadline < now()) as responses,
             count(*) filter (where resolved_at is null and resolution_deadline < now()) as resolutions
      from work_orders
      where (responded_at is null or resolved_at is null) and created_at >= ${from} and created_at < ${to}
      group by org),
    levels as (
      select org, jsonb_object_agg(level::text, n) as escalations
      from (select org, level, count(*) as n from escalations where opened_at >= ${from} and opened_at < ${to} group by org, level) l
      group by org)
    select o.code as org, o.name,
           coalesce(a.created, 0) as created, coalesce(a.reviewed, 0) as reviewed, coalesce(a.returned, 0) as returned,
           coalesce(a.became_orders, 0) as became_orders,
           coalesce(w.responded, 0) + coalesce(late.responses, 0) as responses_due, coalesce(w.on_time_responses, 0) as on_time_responses,
           coalesce(w.resolved, 0) + coalesce(late.resolutions, 0) as resolutions_due, coalesce(w.on_time_resolutions, 0) as on_time_resolutions,
           coalesce(a.open, 0) + coalesce(w.open, 0) as open, coalesce(a.overdue, 0) + coalesce(w.overdue, 0) as overdue,
           l.escalations
    from organisations o
    left join apps a on a.org = o.code
    left join orders w on w.org = o.code
    left join late on late.org = o.code
    left join levels l on l.org = o.code
    where o.kind = 'office' and (${onlyOrg}::text is null or o.code = ${onlyOrg})
    order by coalesce(a.created, 0) desc, o.code`);
  const rate = (part: string, whole: string) => (Number(whole) === 0 ? null : Math.round((Number(part) / Number(whole)) * 10_000) / 10_000);
  return result.rows.map((r) => ({
    org: r.org,
    name: r.name,
    created: Number(r.created),
    reviewed: Number(r.reviewed),
    returned: Number(r.returned),
    returnRate: rate(r.returned, r.reviewed),
    becameOrders: Number(r.became_orders),
    onTimeResponseRate: rate(r.on_time_responses, r.responses_due),
    onTimeResolutionRate: rate(r.on_time_resolutions, r.resolutions_due),
    open: Number(r.open),
    overdue: Number(r.overdue),
    escalationsByLevel: r.escalations ?? {},
  }));
}

const CSV_COLUMNS = [
  'org',
  'name',
  'created',
  'reviewed',
  'returned',
  'returnRate',
  'becameOrders',
  'onTimeResponseRate',
  'onTimeResolutionRate',
  'open',
  'overdue',
  'escalationsByLevel',
] as const;

/**
 * RFC 4180 CSV with a UTF-8 BOM so spreadsheet programs read the Chinese names. A text cell a
 * spreadsheet would run as a formula (= + - @, or a tab or CR before one) is written with a leading
 * apostrophe, so it shows as the text it is (OWASP's CSV injection advice); numbers are left alone.
 */
export function reportCsv(rows: OfficeReportRow[]): string {
  const cell = (v: unknown) => {
    const text =
      v === null
        ? ''
        : typeof v === 'object'
          ? Object.entries(v as Record<string, number>)
              .map(([k, n]) => `L${k}:${n}`)
              .join(' ')
          : typeof v === 'string' && /^[=+\-@\t\r]/.test(v)
            ? `'${v}`
            : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}
