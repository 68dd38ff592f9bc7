// The performance reports (domain/performance.ts defines every figure; db/performance-report.ts
// computes them): per department, per person, per problem category, for a period and the one
// before it; each figure's drill-down; the on-time trend. Who sees what: a handler their own
// department (and, in the people report, themselves), a department's lead its people, the
// provincial roles everything.
import { and, arrayContains, eq, inArray } from 'drizzle-orm';
import { emptyFigures, previousPeriod, type FigureName, type Figures, type Period } from '../../domain/performance.js';
import { PROBLEM_CATEGORIES, type Actor, type ProblemCategory } from '../../domain/vocabulary.js';
import {
  drillCount,
  drillPage,
  keyOf,
  onTimeTrend,
  reportFigures,
  type DrillRow,
  type GroupKey,
  type ReportBy,
  type ReportScope,
} from '../../db/performance-report.js';
import { organisations, users } from '../../db/schema.js';
import type { ServiceContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { seesAllOrgs } from './scope.js';

export interface ReportQuery {
  from: string;
  to: string;
  by?: ReportBy;
  compare?: 'previous';
  org?: string;
  person?: string;
  category?: ProblemCategory;
}

export interface ReportRow {
  org: string | null;
  orgName: string | null;
  person: string | null;
  personName: string | null;
  category: ProblemCategory | null;
  figures: Figures;
  previous?: Figures;
}

export interface PerformanceReport {
  by: ReportBy;
  period: Period;
  previous?: Period;
  rows: ReportRow[];
  total: { figures: Figures; previous?: Figures };
}

/** The period, checked: from before to (400 naming the field). */
export function periodOf(q: { from: string; to: string }): Period {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to)) throw badRequest('from must be before to', [{ field: 'from', rule: 'before to' }]);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** What the caller may see of a report, narrowed by its filters (a department or person outside it: 404). */
export function scopeOf(actor: Actor, report: 'departments' | 'people', q: { org?: string; person?: string; category?: ProblemCategory }): ReportScope {
  const all = seesAllOrgs(actor);
  if (!all && q.org && q.org !== actor.org) throw notFound('department');
  const orgs = q.org ? [q.org] : all ? null : [actor.org];
  // A handler who does not lead sees their own figures among the people; a lead, their department's.
  const own = report === 'people' && !all && !actor.lead;
  if (own && q.person && q.person !== actor.userId) throw notFound('person');
  const person = own ? actor.userId : q.person;
  return { orgs, ...(person ? { person } : {}), ...(q.category ? { category: q.category } : {}) };
}

/** The rows a report lists even when they have no facts: every department in scope, every category, the scope's handlers. */
async function universe(ctx: ServiceContext, by: ReportBy, scope: ReportScope): Promise<GroupKey[]> {
  if (by === 'category') return (scope.category ? [scope.category] : [...PROBLEM_CATEGORIES]).map((category) => ({ org: null, person: null, category }));
  const departments = await ctx.db
    .select({ code: organisations.code })
    .from(organisations)
    .where(and(eq(organisations.kind, 'department'), scope.orgs ? inArray(organisations.code, scope.orgs.length ? scope.orgs : ['']) : undefined));
  if (by === 'department') return departments.map((d) => ({ org: d.code, person: null, category: null }));
  const people = await ctx.db
    .select({ id: users.id, org: users.org })
    .from(users)
    .where(
      and(
        arrayContains(users.roles, ['handler']),
        eq(users.active, true),
        inArray(users.org, departments.map((d) => d.code).concat([''])),
        scope.person ? eq(users.id, scope.person) : undefined,
      ),
    );
  return people.map((p) => ({ org: p.org, person: p.id, category: null }));
}

async function names(ctx: ServiceContext, orgs: string[], people: string[]) {
  const [o, u] = await Promise.all([
    orgs.length ? ctx.db.select({ code: organisations.code, name: organisations.name }).from(organisations).where(inArray(organisations.code, orgs)) : [],
    people.length ? ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people)) : [],
  ]);
  return { org: new Map(o.map((r) => [r.code, r.name])), person: new Map(u.map((r) => [r.id, r.name])) };
}

export async function performanceReport(ctx: ServiceContext, actor: Actor, report: 'departments' | 'people', q: ReportQuery): Promise<PerformanceReport> {
  const period = periodOf(q);
  const by: ReportBy = report === 'people' ? 'person' : (q.by ?? 'department');
  const scope = scopeOf(actor, report, q);
  const previous = q.compare === 'previous' ? previousPeriod(period) : undefined;
  const [now, before, listed] = await Promise.all([
    reportFigures(ctx.db, period, by, scope),
    previous ? reportFigures(ctx.db, previous, by, scope) : undefined,
    universe(ctx, by, scope),
  ]);
  const keys = new Map<string, GroupKey>(listed.map((k) => [keyOf(k), k]));
  for (const source of [now, before]) for (const [k, r] of source?.rows ?? []) if (!keys.has(k)) keys.set(k, r.key);
  const n = await names(
    ctx,
    [...new Set([...keys.values()].map((k) => k.org).filter((o): o is string => !!o))],
    [...new Set([...keys.values()].map((k) => k.person).filter((p): p is string => !!p))],
  );
  const zero = emptyFigures();
  const rows: ReportRow[] = [...keys.entries()].map(([k, key]) => ({
    org: key.org,
    orgName: key.org ? (n.org.get(key.org) ?? key.org) : null,
    person: key.person,
    personName: key.person ? (n.person.get(key.person) ?? null) : null,
    category: key.category,
    figures: now.rows.get(k)?.figures ?? zero,
    ...(before ? { previous: before.rows.get(k)?.figures ?? zero } : {}),
  }));
  rows.sort((a, b) => b.figures.received - a.figures.received || keyOf(a).localeCompare(keyOf(b)));
  return {
    by,
    period,
    ...(previous ? { previous } : {}),
    rows,
    total: { figures: now.total, ...(before ? { previous: before.total } : {}) },
  };
}

export interface DrillDownQuery extends ReportQuery {
  figure: FigureName;
  report: 'departments' | 'people';
  value?: number;
  limit: number;
  cursor?: string;
}

const encode = (r: Pick<DrillRow, 'at' | 'workOrderId' | 'n'>) => Buffer.from(`${r.at}|${r.workOrderId}|${r.n}`).toString('base64url');
function decode(cursor: string) {
  const [at, workOrderId, n] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(workOrderId ?? '') || !/^\d+$/.test(n ?? ''))
    throw badRequest('cursor is not one this API issued', [{ field: 'cursor', rule: 'opaque cursor' }]);
  return { at, workOrderId: workOrderId!, n: Number(n) };
}

/** The cases a figure counts: its total (the figure) and one page of them, in time order. */
export async function drillDown(ctx: ServiceContext, actor: Actor, q: DrillDownQuery) {
  const period = periodOf(q);
  const by: ReportBy = q.report === 'people' ? 'person' : (q.by ?? 'department');
  const scope = scopeOf(actor, q.report, q);
  const drill = { figure: q.figure, period, by, scope, ...(q.value !== undefined ? { value: q.value } : {}) };
  const [total, rows] = await Promise.all([drillCount(ctx.db, drill), drillPage(ctx.db, drill, q.limit + 1, q.cursor ? decode(q.cursor) : undefined)]);
  const items = rows.slice(0, q.limit);
  return { figure: q.figure, total, items, nextCursor: rows.length > q.limit ? encode(items.at(-1)!) : null };
}

/** On time per department per day, week or month of the period (the calendar's zone). */
export async function performanceTrend(ctx: ServiceContext, actor: Actor, q: { from: string; to: string; interval: 'day' | 'week' | 'month'; org?: string }) {
  const period = periodOf(q);
  const scope = scopeOf(actor, 'departments', q);
  const timeZone = ctx.policy.calendars.default?.timeZone ?? 'Asia/Shanghai';
  const points = await onTimeTrend(ctx.db, period, q.interval, scope, timeZone);
  const rate = (a: number, b: number) => (a + b === 0 ? null : Math.round((a / (a + b)) * 10_000) / 10_000);
  return {
    interval: q.interval,
    timeZone,
    points: points.map((p) => ({
      ...p,
      onTimeResponseRate: rate(p.responsesOnTime, p.responsesMissed),
      onTimeResolutionRate: rate(p.resolutionsOnTime, p.resolutionsMissed),
    })),
  };
}
