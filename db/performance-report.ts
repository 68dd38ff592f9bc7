// The performance reports in SQL, built from the figures' definitions (domain/performance.ts
// FIGURES): a period's figures from one scan of the facts whose `at` falls in it (the covering index
// performance_facts_period_idx), what is open at its end from the spans covering it (the GiST
// index), each grouped by department, person or category and for the whole scope at once
// (grouping sets). A figure's drill-down is the same filter, listing the facts.
import { sql, type SQL } from 'drizzle-orm';
import {
  FIGURE_NAMES,
  FIGURES,
  figuresFromClasses,
  pick,
  ratios,
  RECEIVED_VIAS,
  reported,
  type CountName,
  type FactFilter,
  type FigureDef,
  type FactKind,
  type FactVia,
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

const CLASS = sql`kind, on_time, reopened, satisfaction, level, via`;
type ClassRow = {
  org: string | null;
  person: string | null;
  category: string | null;
  kind: FactKind;
  on_time: boolean | null;
  reopened: boolean | null;
  satisfaction: number | null;
  level: number | null;
  via: FactVia | null;
  n: string;
};

const DAY = 86_400_000;

/**
 * How many facts of each class the period holds, per group: whole UTC days from the trigger-kept
 * daily counts, the partial days at its edges from the facts; by category (or for one category),
 * from the facts alone.
 */
async function periodClasses(db: Db, period: { from: Date; to: Date }, by: ReportBy, scope: ReportScope): Promise<ClassRow[]> {
  const scoped = scopeSql(scope, by);
  const key = KEYS[by];
  if (by === 'category' || scope.category) {
    const where = [sql`at >= ${period.from}`, sql`at < ${period.to}`, ...scoped];
    return (
      await db.execute<ClassRow>(sql`
        select ${keyColumns(by)}, ${CLASS}, count(*) as n from performance_facts
        where ${sql.join(where, sql` and `)} group by ${key}, ${CLASS}`)
    ).rows;
  }
  let lo = new Date(Math.ceil(period.from.getTime() / DAY) * DAY);
  let hi = new Date(Math.floor(period.to.getTime() / DAY) * DAY);
  if (lo > hi) [lo, hi] = [period.to, period.to]; // within one day: all edge
  const columns = sql`org, person, ${CLASS}, n`;
  return (
    await db.execute<ClassRow>(sql`
      select ${keyColumns(by)}, ${CLASS}, sum(n) as n from (
        select ${columns} from performance_daily where day >= ${lo} and day < ${hi}
        union all select ${columns} from performance_daily_between(${period.from}, ${lo})
        union all select ${columns} from performance_daily_between(${hi}, ${period.to})) c
      ${scoped.length ? sql`where ${sql.join(scoped, sql` and `)}` : sql``}
      group by ${key}, ${CLASS}`)
  ).rows;
}

/** The percentile figures, per group and for the whole scope: one kind of fact at a time (its own index range). */
async function periodPercentiles(db: Db, period: { from: Date; to: Date }, by: ReportBy, scope: ReportScope): Promise<Values[]> {
  const g = groupingOf(by);
  const byKind = new Map<string, { kind: FactKind; value: 'minutes' | 'personMinutes'; names: FigureName[]; ps: number[] }>();
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    if (def.agg !== 'percentile') continue;
    const kind = pick(def.fact, g)!;
    const value = pick(def.value, g) as 'minutes' | 'personMinutes';
    const entry = byKind.get(`${kind}/${value}`) ?? { kind, value, names: [], ps: [] };
    entry.names.push(name);
    entry.ps.push(def.p!);
    byKind.set(`${kind}/${value}`, entry);
  }
  const results = await Promise.all(
    [...byKind.values()].map(async (k) => {
      const where = [sql`kind = ${k.kind}`, sql`at >= ${period.from}`, sql`at < ${period.to}`, ...scopeSql(scope, by)];
      const rows = (
        await db.execute<Values & { p: number[] | null }>(sql`
          select ${keyColumns(by)}, grouping(${KEYS[by]}) as total,
                 percentile_cont(array[${sql.raw(k.ps.join(', '))}]::float8[]) within group (order by ${col(k.value)}) as p
          from performance_facts where ${sql.join(where, sql` and `)}
          group by grouping sets ((${KEYS[by]}), ())`)
      ).rows;
      return rows.map((r) => ({ ...r, ...Object.fromEntries(k.names.map((name, i) => [name, r.p?.[i] ?? null])) }));
    }),
  );
  // One row per group (and the whole scope's), with every percentile figure.
  const merged = new Map<string, Values>();
  for (const r of results.flat()) {
    const k = Number(r.total) === 0 ? keyOf(r as GroupKey) : '*';
    merged.set(k, { ...merged.get(k), ...r });
  }
  return [...merged.values()];
}

/** The figures' columns over the facts a condition selects, per group and for the whole scope at once. */
async function grouped(db: Db, by: ReportBy, selects: SQL[], where: SQL[]): Promise<Values[]> {
  const result = await db.execute<Values>(sql`
    select ${keyColumns(by)}, grouping(${KEYS[by]}) as total, ${sql.join(selects, sql`, `)}
    from performance_facts
    where ${sql.join(where, sql` and `)}
    group by grouping sets ((${KEYS[by]}), ())`);
  return result.rows;
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

const classOf = (r: ClassRow) => ({
  kind: r.kind,
  onTime: r.on_time,
  reopened: r.reopened,
  satisfaction: r.satisfaction === null ? null : Number(r.satisfaction),
  level: r.level === null ? null : Number(r.level),
  via: r.via,
  n: Number(r.n),
});

/** Figures as the API answers them: from the classes' counts (domain figuresFromClasses), the percentiles rounded, what is open, the ratios. */
function toFigures(classes: ClassRow[], percentiles: Values | undefined, end: Values | undefined, g: Grouping): Figures {
  const out: Record<string, unknown> = { ...figuresFromClasses(classes.map(classOf), g) };
  for (const name of FIGURE_NAMES) {
    const def: FigureDef = FIGURES[name];
    if (def.when === 'end') out[name] = Number(end?.[name] ?? 0);
    else if (def.agg === 'percentile') {
      const v = percentiles?.[name];
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
export async function reportFigures(db: Db, period: Period, by: ReportBy, scope: ReportScope): Promise<ReportFigures> {
  const p = { from: new Date(period.from), to: new Date(period.to) };
  const g = groupingOf(by);
  const [classes, percentiles, atEnd] = await Promise.all([
    periodClasses(db, p, by, scope),
    periodPercentiles(db, p, by, scope),
    endFigures(db, endOf(period), by, scope),
  ]);
  const grouped = new Map<string, { key: GroupKey; classes: ClassRow[] }>();
  for (const c of classes) {
    const k = keyOf(c as GroupKey);
    const entry = grouped.get(k) ?? { key: { org: c.org, person: c.person, category: c.category as ProblemCategory | null }, classes: [] };
    entry.classes.push(c);
    grouped.set(k, entry);
  }
  const keyed = (rows: Values[]) => new Map(rows.filter((r) => Number(r.total) === 0).map((r) => [keyOf(r as GroupKey), r]));
  const [pc, end] = [keyed(percentiles), keyed(atEnd)];
  for (const [k, r] of [...pc, ...end])
    if (!grouped.has(k)) grouped.set(k, { key: { org: r.org, person: r.person, category: r.category as ProblemCategory | null }, classes: [] });
  const rows = new Map<string, { key: GroupKey; figures: Figures }>();
  for (const [k, { key, classes: cs }] of grouped) rows.set(k, { key, figures: toFigures(cs, pc.get(k), end.get(k), g) });
  const totalOf = (rows: Values[]) => rows.find((r) => Number(r.total) !== 0);
  return { rows, total: toFigures(classes, totalOf(percentiles), totalOf(atEnd), g) };
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
