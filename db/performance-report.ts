// The performance reports in SQL, built from the figures' definitions (domain/performance.ts
// FIGURES): a period's figures from one scan of the facts whose `at` falls in it (the covering index
// performance_facts_period_idx), what is open at its end from the spans covering it (the GiST
// index), each grouped by department, person or category and for the whole scope at once
// (grouping sets). A figure's drill-down is the same filter, listing the facts.
import { sql, type SQL } from 'drizzle-orm';
import {
  FIGURE_NAMES,
  FIGURES,
  pick,
  ratios,
  RECEIVED_VIAS,
  reported,
  type CountName,
  type FactFilter,
  type FigureDef,
  type FigureName,
  type Figures,
  type Grouping,
  type Period,
} from '../domain/performance.js';
import type { ProblemCategory } from '../domain/vocabulary.js';
import type { Db } from './client.js';

/** Rows of the report: per department, per person (in a department), or per problem category. */
export type ReportBy = 'department' | 'person' | 'category';

export interface ReportScope {
  /** Only these departments (null: all). */
  orgs: string[] | null;
  /** Only this person's facts. */
  person?: string;
  category?: ProblemCategory;
}

export interface GroupKey {
  org: string | null;
  person: string | null;
  category: ProblemCategory | null;
}

/** Where "open at the end" looks: the period's end, or now while the period is not over. */
export const endOf = (period: Period, nowMs = Date.now()) => new Date(Math.min(Date.parse(period.to), nowMs));

/** The facts' meaning for a grouping: people's figures read their own spans and minutes. */
const groupingOf = (by: ReportBy): Grouping => (by === 'person' ? 'person' : 'department');

const col = (name: 'minutes' | 'personMinutes' | 'satisfaction' | 'level') => sql.raw(name === 'personMinutes' ? 'person_minutes' : name);

function filterSql(w: FactFilter, to: Date): SQL[] {
  const out: SQL[] = [];
  if (w.onTime !== undefined) out.push(sql`on_time = ${w.onTime}`);
  if (w.reopened !== undefined) out.push(sql`reopened = ${w.reopened}`);
  if (w.visited) out.push(sql`satisfaction is not null`);
  if (w.satisfiedFrom !== undefined) out.push(sql`satisfaction >= ${w.satisfiedFrom}`);
  if (w.received)
    out.push(
      sql`via in (${sql.join(
        RECEIVED_VIAS.map((v) => sql`${v}`),
        sql`, `,
      )})`,
    );
  if (w.ageDays) {
    const [lo, hi] = w.ageDays;
    out.push(lo === 0 ? sql`${to}::timestamptz - at >= interval '0'` : sql`${to}::timestamptz - at > make_interval(days => ${lo})`);
    if (hi !== null) out.push(sql`${to}::timestamptz - at <= make_interval(days => ${hi})`);
  }
  return out;
}

/** The facts a figure counts, as a condition on a row of the facts (its `when` aside). */
export function figureCondition(def: FigureDef, g: Grouping, to: Date): SQL {
  const kind = pick(def.fact, g)!;
  return sql.join([sql`kind = ${kind}`, ...filterSql(pick(def.filter, g) ?? {}, to)], sql` and `);
}

function scopeSql(scope: ReportScope, by: ReportBy): SQL[] {
  return [
    scope.orgs ? sql`org in (${sql.join(scope.orgs.length ? scope.orgs.map((o) => sql`${o}`) : [sql`null`], sql`, `)})` : undefined,
    scope.person ? sql`person = ${scope.person}` : undefined,
    scope.category ? sql`category = ${scope.category}` : undefined,
    by === 'person' ? sql`person is not null` : undefined,
  ].filter((s): s is SQL => !!s);
}

const KEYS: Record<ReportBy, SQL> = { department: sql`org`, person: sql`org, person`, category: sql`category` };
const keyColumns = (by: ReportBy) =>
  by === 'department'
    ? sql`org, null::text as person, null::text as category`
    : by === 'person'
      ? sql`org, person, null::text as category`
      : sql`null::text as org, null::text as person, category::text`;

type Values = Record<string, number | string | null> & { org: string | null; person: string | null; category: string | null; total: number };

/** The figures' columns over the facts a condition selects, per group and for the whole scope at once. */
async function grouped(db: Db, by: ReportBy, selects: SQL[], where: SQL[]): Promise<Values[]> {
  const result = await db.execute<Values>(sql`
    select ${keyColumns(by)}, grouping(${KEYS[by]}) as total, ${sql.join(selects, sql`, `)}
    from performance_facts
    where ${sql.join(where, sql` and `)}
    group by grouping sets ((${KEYS[by]}), ())`);
  return result.rows;
}

/** A period's figures per group and for the whole scope (`total` = 1). */
async function periodFigures(db: Db, period: { from: Date; to: Date }, by: ReportBy, scope: ReportScope, levels: number): Promise<Values[]> {
  const g = groupingOf(by);
  const selects: SQL[] = [];
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    if (def.when !== 'period') continue;
    const where = figureCondition(def, g, period.to);
    const value = pick(def.value, g);
    if (def.agg === 'count') selects.push(sql`count(*) filter (where ${where}) as ${sql.identifier(name)}`);
    else if (def.agg === 'percentile')
      selects.push(sql`percentile_cont(${sql.raw(String(def.p))}) within group (order by ${col(value!)}) filter (where ${where}) as ${sql.identifier(name)}`);
    else if (def.agg === 'average') selects.push(sql`avg(${col(value!)}) filter (where ${where}) as ${sql.identifier(name)}`);
    else {
      // A distribution: one count per value (satisfaction 1–5, the ladder's levels).
      const values = value === 'satisfaction' ? [1, 2, 3, 4, 5] : Array.from({ length: levels }, (_, i) => i + 1);
      for (const v of values) selects.push(sql`count(*) filter (where ${where} and ${col(value!)} = ${v}) as ${sql.identifier(`${name}:${v}`)}`);
    }
  }
  return grouped(db, by, selects, [sql`at >= ${period.from}`, sql`at < ${period.to}`, ...scopeSql(scope, by)]);
}

/** What is open at the period's end, per group and in all: the spans covering the instant. */
async function endFigures(db: Db, to: Date, by: ReportBy, scope: ReportScope): Promise<Values[]> {
  const g = groupingOf(by);
  const selects: SQL[] = [];
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    if (def.when === 'end') selects.push(sql`count(*) filter (where ${figureCondition(def, g, to)}) as ${sql.identifier(name)}`);
  }
  return grouped(db, by, selects, [sql`kind in ('department', 'person')`, sql`tstzrange(at, until, '()') @> ${to}::timestamptz`, ...scopeSql(scope, by)]);
}

export const keyOf = (k: GroupKey) => `${k.org ?? ''}|${k.person ?? ''}|${k.category ?? ''}`;

/** Figures as the API answers them: counts as numbers, percentiles and averages rounded, the ratios. */
function toFigures(period: Values | undefined, end: Values | undefined): Figures {
  const out: Record<string, unknown> = {};
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    const source = def.when === 'end' ? end : period;
    if (def.agg === 'count') out[name] = Number(source?.[name] ?? 0);
    else if (def.agg === 'distribution') {
      const dist: Record<string, number> = {};
      for (const [k, v] of Object.entries(source ?? {})) if (k.startsWith(`${name}:`) && Number(v) > 0) dist[k.slice(name.length + 1)] = Number(v);
      out[name] = dist;
    } else {
      const v = source?.[name];
      out[name] = reported(name, v === null || v === undefined ? null : Number(v));
    }
  }
  return { ...(out as Figures), ...ratios(out as Pick<Figures, CountName>) };
}

export interface ReportFigures {
  rows: Map<string, { key: GroupKey; figures: Figures }>;
  total: Figures;
}

/** Every figure of a period per group (only the groups with facts) and for the whole scope. */
export async function reportFigures(db: Db, period: Period, by: ReportBy, scope: ReportScope, o: { levels: number }): Promise<ReportFigures> {
  const p = { from: new Date(period.from), to: new Date(period.to) };
  const [inPeriod, atEnd] = await Promise.all([periodFigures(db, p, by, scope, o.levels), endFigures(db, endOf(period), by, scope)]);
  // grouping(...) is 0 on a group's row, non-zero on the whole scope's.
  const keyed = (rows: Values[]) => new Map(rows.filter((r) => Number(r.total) === 0).map((r) => [keyOf(r as GroupKey), r]));
  const [a, b] = [keyed(inPeriod), keyed(atEnd)];
  const rows = new Map<string, { key: GroupKey; figures: Figures }>();
  for (const [k, r] of [...a, ...b]) {
    if (rows.has(k)) continue;
    const key = { org: r.org, person: r.person, category: r.category as ProblemCategory | null };
    rows.set(k, { key, figures: toFigures(a.get(k), b.get(k)) });
  }
  const totalOf = (rows: Values[]) => rows.find((r) => Number(r.total) !== 0);
  return { rows, total: toFigures(totalOf(inPeriod), totalOf(atEnd)) };
}

/** The on-time verdicts per department and interval (day, week or month in the calendar's zone): the trend. */
export async function onTimeTrend(
  db: Db,
  period: Period,
  interval: 'day' | 'week' | 'month',
  scope: ReportScope,
  timeZone: string,
): Promise<{ org: string; start: string; responsesOnTime: number; responsesMissed: number; resolutionsOnTime: number; resolutionsMissed: number }[]> {
  const to = new Date(period.to);
  const figures = ['responsesOnTime', 'responsesMissed', 'resolutionsOnTime', 'resolutionsMissed'] as const;
  const selects = figures.map((name) => sql`count(*) filter (where ${figureCondition(FIGURES[name], 'department', to)}) as ${sql.identifier(name)}`);
  const bucket = sql`date_trunc(${interval}, at, ${timeZone})`;
  const where = [
    sql`at >= ${new Date(period.from)}`,
    sql`at < ${to}`,
    sql`kind in ('response', 'response_missed', 'resolution', 'resolution_missed')`,
    ...scopeSql(scope, 'department'),
  ];
  const result = await db.execute<Record<(typeof figures)[number], string> & { org: string; start: Date | string }>(sql`
    select org, ${bucket} as start, ${sql.join(selects, sql`, `)}
    from performance_facts where ${sql.join(where, sql` and `)}
    group by 1, 2 order by 1, 2`);
  return result.rows.map((r) => ({
    org: r.org,
    start: new Date(r.start).toISOString(),
    responsesOnTime: Number(r.responsesOnTime),
    responsesMissed: Number(r.responsesMissed),
    resolutionsOnTime: Number(r.resolutionsOnTime),
    resolutionsMissed: Number(r.resolutionsMissed),
  }));
}

export interface DrillRow {
  workOrderId: string;
  number: string;
  n: number;
  kind: string;
  at: string;
  until: string | null;
  org: string;
  person: string | null;
  personName: string | null;
  category: ProblemCategory;
  minutes: number | null;
  onTime: boolean | null;
  level: number | null;
  satisfaction: number | null;
  reopened: boolean | null;
  via: string | null;
}

const drillRow = (r: Record<string, unknown>): DrillRow => ({
  workOrderId: r.work_order_id as string,
  number: r.number as string,
  n: Number(r.n),
  kind: r.kind as string,
  at: new Date(r.at as string).toISOString(),
  until: r.until ? new Date(r.until as string).toISOString() : null,
  org: r.org as string,
  person: (r.person as string | null) ?? null,
  personName: (r.person_name as string | null) ?? null,
  category: r.category as ProblemCategory,
  minutes: r.minutes === null ? null : Number(r.minutes),
  onTime: (r.on_time as boolean | null) ?? null,
  level: r.level === null ? null : Number(r.level),
  satisfaction: r.satisfaction === null ? null : Number(r.satisfaction),
  reopened: (r.reopened as boolean | null) ?? null,
  via: (r.via as string | null) ?? null,
});

export interface DrillQuery {
  figure: FigureName;
  period: Period;
  by: ReportBy;
  scope: ReportScope;
  /** A distribution's value (the level, the score). */
  value?: number;
}

function drillWhere(q: DrillQuery): SQL {
  const def: FigureDef = FIGURES[q.figure];
  const g = groupingOf(q.by);
  const to = def.when === 'end' ? endOf(q.period) : new Date(q.period.to);
  const when =
    def.when === 'period'
      ? [sql`at >= ${new Date(q.period.from)}`, sql`at < ${to}`]
      : [sql`kind in ('department', 'person')`, sql`tstzrange(at, until, '()') @> ${to}::timestamptz`];
  const value = pick(def.value, g);
  const conditions = [
    ...when,
    // The sample of a percentile or an average: the facts whose number it takes.
    def.agg === 'count' ? undefined : value ? sql`${col(value)} is not null` : undefined,
    def.agg === 'distribution' && q.value !== undefined ? sql`${col(value!)} = ${q.value}` : undefined,
  ].filter((s): s is SQL => !!s);
  // The figure's own condition and the scope, on the facts' columns.
  const own = sql`(${figureCondition(def, g, to)})`;
  const scope = scopeSql(q.scope, q.by);
  return sql.join([...conditions, own, ...scope], sql` and `);
}

/** How many facts a figure counts (its drill-down's length). */
export async function drillCount(db: Db, q: DrillQuery): Promise<number> {
  const r = await db.execute<{ n: string }>(sql`select count(*) as n from performance_facts where ${drillWhere(q)}`);
  return Number(r.rows[0]!.n);
}

/** One page of a figure's facts, in time order, after `after` (at, order id, n). */
export async function drillPage(db: Db, q: DrillQuery, limit: number, after?: { at: string; workOrderId: string; n: number }): Promise<DrillRow[]> {
  const cursor = after ? sql`and (at, work_order_id, n) > (${new Date(after.at)}, ${after.workOrderId}::uuid, ${after.n})` : sql``;
  const result = await db.execute<Record<string, unknown>>(sql`
    select f.work_order_id, w.number, f.n, f.kind, f.at, f.until, f.org, f.person, u.name as person_name, f.category,
           ${pick((FIGURES[q.figure] as FigureDef).value, groupingOf(q.by)) === 'personMinutes' ? sql`f.person_minutes` : sql`f.minutes`} as minutes,
           f.on_time, f.level, f.satisfaction, f.reopened, f.via
    from (select * from performance_facts where ${drillWhere(q)} ${cursor} order by at, work_order_id, n limit ${limit}) f
    join work_orders w on w.id = f.work_order_id
    left join users u on u.id = f.person
    order by f.at, f.work_order_id, f.n`);
  return result.rows.map(drillRow);
}

/** One page of every fact of a period in scope (an export's cases), in time order after `after`. */
export async function periodFactsPage(
  db: Db,
  period: Period,
  by: ReportBy,
  scope: ReportScope,
  limit: number,
  after?: { at: string; workOrderId: string; n: number },
): Promise<DrillRow[]> {
  const where = [sql`at >= ${new Date(period.from)}`, sql`at < ${new Date(period.to)}`, ...scopeSql(scope, by)];
  const cursor = after ? sql`and (at, work_order_id, n) > (${new Date(after.at)}, ${after.workOrderId}::uuid, ${after.n})` : sql``;
  const result = await db.execute<Record<string, unknown>>(sql`
    select f.work_order_id, w.number, f.n, f.kind, f.at, f.until, f.org, f.person, u.name as person_name, f.category,
           case when f.kind = 'response' and ${by === 'person'} then f.person_minutes else f.minutes end as minutes,
           f.on_time, f.level, f.satisfaction, f.reopened, f.via
    from (select * from performance_facts where ${sql.join(where, sql` and `)} ${cursor} order by at, work_order_id, n limit ${limit}) f
    join work_orders w on w.id = f.work_order_id
    left join users u on u.id = f.person
    order by f.at, f.work_order_id, f.n`);
  return result.rows.map(drillRow);
}
