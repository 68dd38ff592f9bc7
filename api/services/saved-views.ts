// Saved views: a person's own filters, columns and sort over the work orders they may read, shared
// with their department or published for all by a lead; each counted live for its reader. And the
// department's tags on its orders, which views filter by.
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { dueSoon, pastDue } from '../../db/case-tables.js';
import { recordOutsideRun } from '../../db/projection.js';
import { caseTags, savedViews, workOrders } from '../../db/schema.js';
import { TAGGERS, viewScopeRefused, type ViewScope } from '../../domain/answers.js';
import { deskPolicy } from '../../domain/desk.js';
import type { Actor, Role } from '../../domain/vocabulary.js';
import { OPEN_WORK_ORDER_STATUSES } from '../../domain/work-order.js';
import type { ServiceContext } from '../context.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { ViewFilters } from '../schemas/answers.js';
import { workOrderView } from './views.js';
import { assigneeIs, visibleTo } from './work-orders.js';
import { assertVisible } from './scope.js';

type ViewRow = typeof savedViews.$inferSelect;
const IN_HAND = ['dispatched', 'accepted'] as const;

/** The orders a view shows its reader (SQL): what the reader may read, narrowed by the view's filters. */
export function viewConditions(ctx: ServiceContext, actor: Actor, f: ViewFilters): SQL | undefined {
  const share = deskPolicy(ctx.policy).dueSoonShare;
  const paused = and(isNotNull(workOrders.pause), inArray(workOrders.status, IN_HAND));
  const clock = {
    overdue: pastDue(workOrders),
    warning: dueSoon(workOrders, share),
    running: and(sql`${workOrders.currentDeadline} > now()`, sql`not (${dueSoon(workOrders, share)})`),
    paused,
  };
  return and(
    visibleTo(actor),
    f.status?.length ? inArray(workOrders.status, f.status) : undefined,
    f.open === true ? inArray(workOrders.status, OPEN_WORK_ORDER_STATUSES) : f.open === false ? eq(workOrders.status, 'closed') : undefined,
    f.clockState?.length ? or(...f.clockState.map((s) => clock[s])) : undefined,
    f.remainingHoursAtMost !== undefined ? sql`${workOrders.currentDeadline} <= now() + ${f.remainingHoursAtMost}::float8 * interval '1 hour'` : undefined,
    f.paused === true ? paused : f.paused === false ? sql`not coalesce(${paused}, false)` : undefined,
    f.department ? eq(workOrders.assignedOrg, f.department) : undefined,
    assigneeIs(actor, f.assignee),
    f.category?.length ? inArray(workOrders.problemCategory, f.category) : undefined,
    f.transferred === true ? gt(workOrders.transferCount, 0) : f.transferred === false ? eq(workOrders.transferCount, 0) : undefined,
    f.minTransfers !== undefined ? gte(workOrders.transferCount, f.minTransfers) : undefined,
    f.tags?.length ? sql`exists (select 1 from ${caseTags} where ${caseTags.workOrderId} = ${workOrders.id} and ${inArray(caseTags.tag, f.tags)})` : undefined,
  );
}

function orderOf(sort: ViewRow['sort']) {
  const dir = sort.direction === 'asc' ? asc : desc;
  const column = {
    deadline: workOrders.currentDeadline,
    createdAt: workOrders.createdAt,
    updatedAt: workOrders.updatedAt,
    transferCount: workOrders.transferCount,
  }[sort.field as 'deadline'];
  // Orders with nothing due come after those with a deadline, whichever the direction.
  return [sql`${column} is null`, dir(column), dir(workOrders.id)];
}

/** Views a person sees: their own, their department's shared ones, and the published ones. */
const seenBy = (actor: Actor) =>
  or(eq(savedViews.ownerUser, actor.userId), and(eq(savedViews.scope, 'department'), eq(savedViews.org, actor.org)), eq(savedViews.scope, 'public'));

async function loadSeen(ctx: ServiceContext, actor: Actor, id: string): Promise<ViewRow> {
  const [row] = await ctx.db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.id, id), seenBy(actor)));
  if (!row) throw notFound('view');
  return row;
}

async function countOf(ctx: ServiceContext, actor: Actor, row: ViewRow): Promise<number> {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(workOrders)
    .where(viewConditions(ctx, actor, row.filters as ViewFilters));
  return r?.n ?? 0;
}

const viewOf = (row: ViewRow, actor: Actor, n: number) => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  owner: { userId: row.ownerUser, name: row.ownerName },
  org: row.org,
  filters: row.filters as ViewFilters,
  columns: row.columns as never,
  sort: row.sort as never,
  mine: row.ownerUser === actor.userId,
  count: n,
});

export async function listViews(ctx: ServiceContext, actor: Actor) {
  const rows = await ctx.db.select().from(savedViews).where(seenBy(actor)).orderBy(asc(savedViews.scope), asc(savedViews.name));
  return Promise.all(rows.map(async (r) => viewOf(r, actor, await countOf(ctx, actor, r))));
}

export interface ViewInput {
  name: string;
  scope: ViewScope;
  filters: ViewFilters;
  columns: string[];
  sort: { field: string; direction: 'asc' | 'desc' };
}

export async function createView(ctx: ServiceContext, actor: Actor, input: ViewInput) {
  const refused = viewScopeRefused(input.scope, actor);
  if (refused) throw forbidden(refused);
  const [row] = await ctx.db
    .insert(savedViews)
    .values({ id: randomUUID(), ownerUser: actor.userId, ownerName: actor.name ?? null, org: actor.org, ...input })
    .returning();
  return viewOf(row!, actor, await countOf(ctx, actor, row!));
}

export async function updateView(ctx: ServiceContext, actor: Actor, id: string, patch: Partial<ViewInput>) {
  const row = await loadSeen(ctx, actor, id);
  if (row.ownerUser !== actor.userId) throw forbidden('only its owner may change a view');
  if (patch.scope) {
    const refused = viewScopeRefused(patch.scope, actor);
    if (refused) throw forbidden(refused);
  }
  const [updated] = await ctx.db
    .update(savedViews)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(savedViews.id, id))
    .returning();
  return viewOf(updated!, actor, await countOf(ctx, actor, updated!));
}

export async function deleteView(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await loadSeen(ctx, actor, id);
  if (row.ownerUser !== actor.userId) throw forbidden('only its owner may delete a view');
  await ctx.db.delete(savedViews).where(eq(savedViews.id, id));
}

const OFFSET_CURSOR = /^o(\d{1,9})$/;

/** A view's orders for its reader, in its order; `count` is the same rule counted. */
export async function viewItems(ctx: ServiceContext, actor: Actor, id: string, q: { limit: number; cursor?: string }) {
  const row = await loadSeen(ctx, actor, id);
  const m = q.cursor === undefined ? ['', '0'] : OFFSET_CURSOR.exec(q.cursor);
  if (!m) throw badRequest('cursor is not one this API issued', [{ field: 'cursor', rule: 'opaque cursor' }]);
  const offset = Number(m[1]);
  const where = viewConditions(ctx, actor, row.filters as ViewFilters);
  const [rows, n] = await Promise.all([
    ctx.db
      .select()
      .from(workOrders)
      .where(where)
      .orderBy(...orderOf(row.sort))
      .limit(q.limit + 1)
      .offset(offset),
    countOf(ctx, actor, row),
  ]);
  const items = rows.slice(0, q.limit);
  const tags = await tagsOf(
    ctx,
    items.map((r) => r.id),
  );
  const share = deskPolicy(ctx.policy).dueSoonShare;
  return {
    items: items.map((r) => ({ ...workOrderView(r, actor, share), tags: tags.get(r.id) ?? [] })),
    nextCursor: rows.length > q.limit ? `o${offset + q.limit}` : null,
    count: n,
  };
}

/** The ids of every order a view shows (in its order), at most `max`: a bulk action's items. */
export async function viewWorkOrderIds(ctx: ServiceContext, actor: Actor, id: string, max: number): Promise<string[]> {
  const row = await loadSeen(ctx, actor, id);
  const rows = await ctx.db
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(viewConditions(ctx, actor, row.filters as ViewFilters))
    .orderBy(...orderOf(row.sort))
    .limit(max);
  return rows.map((r) => r.id);
}

export async function tagsOf(ctx: ServiceContext, ids: string[]): Promise<Map<string, string[]>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db.select().from(caseTags).where(inArray(caseTags.workOrderId, ids)).orderBy(caseTags.addedAt);
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.workOrderId, [...(map.get(r.workOrderId) ?? []), r.tag]);
  return map;
}

type Executor = Pick<ServiceContext['db'], 'select' | 'insert' | 'delete' | 'execute'>;

/**
 * Tags an order (the handling side only: never the office): a history entry, visible inside like an
 * internal note. Tagging twice is one tag. `tx` lets a bulk item record its outcome in the same transaction.
 */
export async function addTag(ctx: ServiceContext, actor: Actor, id: string, tag: string, tx: Executor = ctx.db) {
  if (!TAGGERS.includes(actor.role as Role)) throw forbidden(`only ${TAGGERS.join(', ')} may do this`);
  const [row] = await tx.select().from(workOrders).where(eq(workOrders.id, id));
  if (!row) throw notFound('work order');
  // The handling side: the department holding it (not the office that created it), or the province.
  assertVisible(actor, [row.assignedOrg], 'work order');
  const added = await tx.insert(caseTags).values({ workOrderId: id, tag, addedBy: actor.userId }).onConflictDoNothing().returning();
  if (added.length) await tagHistory(tx, row, actor, 'tagged', tag);
  return { tags: (await tx.select({ tag: caseTags.tag }).from(caseTags).where(eq(caseTags.workOrderId, id))).map((t) => t.tag) };
}

export async function removeTag(ctx: ServiceContext, actor: Actor, id: string, tag: string) {
  if (!TAGGERS.includes(actor.role as Role)) throw forbidden(`only ${TAGGERS.join(', ')} may do this`);
  const [row] = await ctx.db.select().from(workOrders).where(eq(workOrders.id, id));
  if (!row) throw notFound('work order');
  assertVisible(actor, [row.assignedOrg], 'work order');
  const removed = await ctx.db
    .delete(caseTags)
    .where(and(eq(caseTags.workOrderId, id), eq(caseTags.tag, tag)))
    .returning();
  if (removed.length) await tagHistory(ctx.db, row, actor, 'untagged', tag);
  return { tags: (await tagsOf(ctx, [id])).get(id) ?? [] };
}

/**
 * A tag's history entry (visible inside like an internal note), and the change told to the live
 * feed as a case row's write tells it (migration 0007's payload): views filtered by tags recount.
 */
async function tagHistory(tx: Executor, row: typeof workOrders.$inferSelect, actor: Actor, action: 'tagged' | 'untagged', tag: string) {
  await recordOutsideRun(tx, {
    caseKind: 'workOrder',
    caseId: row.id,
    workflowId: row.workflowId,
    source: 'tag',
    actor,
    action,
    detail: { tag },
    visibility: 'department',
  });
  const change = { kind: 'workOrder', id: row.id, status: row.status, org: row.org, assignedOrg: row.assignedOrg };
  await tx.execute(sql`select pg_notify('bpm_changes', ${JSON.stringify(change)})`);
}
