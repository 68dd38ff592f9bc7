// The performance facts kept in step with the record: each work order's facts are rewritten from
// its history in the transaction that records its transition (writeTransition), and can be rebuilt
// for every order (npm run performance -- rebuild) and checked against a full recount (… -- check).
// One definition: domain/performance.ts orderFacts.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { orderFacts, type Fact, type OrderEntry, type OrderFacts } from '../domain/performance.js';
import type { CasePolicy } from '../domain/policy.js';
import type { ProblemCategory } from '../domain/vocabulary.js';
import type { Db } from './client.js';
import { writeNotices, type NoticeSettings } from './notices.js';
import { history, outbox, performanceFacts, workOrders } from './schema.js';
import type { Message } from '../domain/notices.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Reader = Db | Tx;
type FactRow = typeof performanceFacts.$inferInsert;
type Order = OrderFacts & { id: string };

export function factRow(orderId: string, category: ProblemCategory, f: Fact): FactRow {
  return {
    workOrderId: orderId,
    n: f.n,
    kind: f.kind,
    at: new Date(f.at),
    until: f.until ? new Date(f.until) : null,
    org: f.org,
    person: f.person,
    category,
    cycle: f.cycle,
    minutes: f.minutes,
    personMinutes: f.personMinutes,
    onTime: f.onTime,
    level: f.level,
    satisfaction: f.satisfaction,
    reopened: f.reopened,
    via: f.via,
  };
}

/** Each order's history entries, in the order they were recorded. */
async function entriesOf(db: Reader, ids: string[]): Promise<Map<string, OrderEntry[]>> {
  const rows = await db
    .select({ caseId: history.caseId, at: history.at, action: history.action, actorUser: history.actorUser, detail: history.detail })
    .from(history)
    .where(and(eq(history.caseKind, 'workOrder'), inArray(history.caseId, ids)))
    .orderBy(asc(history.caseId), asc(history.at), asc(history.id));
  const out = new Map<string, OrderEntry[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(r.caseId)!.push({ at: r.at.toISOString(), action: r.action, actorUser: r.actorUser, detail: r.detail });
  return out;
}

/** The facts the orders' histories yield now, as rows. */
export async function recount(db: Reader, orders: Order[], policy: CasePolicy): Promise<Map<string, FactRow[]>> {
  const entries = await entriesOf(
    db,
    orders.map((o) => o.id),
  );
  return new Map(orders.map((o) => [o.id, orderFacts(o, entries.get(o.id)!, policy).map((f) => factRow(o.id, o.problemCategory, f))]));
}

async function replace(tx: Tx, ids: string[], rows: FactRow[]) {
  await tx.delete(performanceFacts).where(inArray(performanceFacts.workOrderId, ids));
  // 16 columns a row: well under PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 2000) await tx.insert(performanceFacts).values(rows.slice(i, i + 2000));
}

const comparable = (r: FactRow) =>
  JSON.stringify([
    r.n,
    r.kind,
    r.at?.toISOString(),
    r.until?.toISOString() ?? null,
    r.org,
    r.person ?? null,
    r.category,
    r.cycle,
    r.minutes ?? null,
    r.personMinutes ?? null,
    r.onTime ?? null,
    r.level ?? null,
    r.satisfaction ?? null,
    r.reopened ?? null,
    r.via ?? null,
  ]);

/**
 * Rewrites one order's facts from its history (in the transaction that recorded its transition).
 * Reporting never holds a case up: should the facts not be computable (a calendar the policy in
 * force lacks), the order keeps its last facts, `npm run performance -- check` lists it and the
 * failure is told to `onError`.
 */
export async function refreshOrderFacts(tx: Tx, order: Order, policy: CasePolicy, onError?: (error: unknown) => void): Promise<void> {
  let rows: FactRow[];
  try {
    rows = (await recount(tx, [order], policy)).get(order.id)!;
  } catch (error) {
    if (!(error instanceof Error) || 'code' in error) throw error; // the database's errors are the transaction's
    onError?.(error);
    return;
  }
  // Only what changed is written: a fact kept as it was touches neither its row nor the daily counts.
  const kept = new Map((await tx.select().from(performanceFacts).where(eq(performanceFacts.workOrderId, order.id))).map((r) => [r.n, comparable(r)] as const));
  const fresh: FactRow[] = [];
  for (const row of rows) {
    const was = kept.get(row.n);
    kept.delete(row.n);
    if (was === undefined) fresh.push(row);
    else if (was !== comparable(row))
      await tx
        .update(performanceFacts)
        .set(row)
        .where(and(eq(performanceFacts.workOrderId, order.id), eq(performanceFacts.n, row.n)));
  }
  if (kept.size) await tx.delete(performanceFacts).where(and(eq(performanceFacts.workOrderId, order.id), inArray(performanceFacts.n, [...kept.keys()])));
  if (fresh.length) await tx.insert(performanceFacts).values(fresh);
}

const ORDER_COLUMNS = { id: workOrders.id, problemCategory: workOrders.problemCategory, complexity: workOrders.complexity };

/** Orders a batch at a time, by id, each batch in its own transaction (the orders' rows locked against a concurrent transition meanwhile). */
async function inBatches(db: Db, batch: number, only: string[] | undefined, each: (tx: Tx, orders: Order[]) => Promise<void>): Promise<number> {
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const orders: Order[] = await tx
        .select(ORDER_COLUMNS)
        .from(workOrders)
        .where(and(after ? gt(workOrders.id, after) : undefined, only ? inArray(workOrders.id, only) : undefined))
        .orderBy(asc(workOrders.id))
        .limit(batch)
        .for('share');
      if (orders.length) await each(tx, orders);
      after = orders.at(-1)?.id ?? after;
      return orders.length;
    });
    done += n;
    if (n < batch) return done;
  }
}

/** Rebuilds the facts of every order (or of some): what the history yields now, with the policy's calendars. */
export async function rebuildFacts(
  db: Db,
  policy: CasePolicy,
  o: { orderIds?: string[]; batch?: number; onProgress?: (orders: number) => void } = {},
): Promise<{ orders: number; facts: number }> {
  let facts = 0;
  const orders = await inBatches(db, o.batch ?? 1000, o.orderIds, async (tx, batch) => {
    const rows = [...(await recount(tx, batch, policy)).values()].flat();
    facts += rows.length;
    await replace(
      tx,
      batch.map((b) => b.id),
      rows,
    );
    o.onProgress?.(batch.length);
  });
  return { orders, facts };
}

/** The orders whose kept facts differ from a full recount of their history (none, when everything kept up). */
export async function checkFacts(
  db: Db,
  policy: CasePolicy,
  o: { batch?: number; orderIds?: string[] } = {},
): Promise<{ orders: number; differing: string[] }> {
  const differing: string[] = [];
  const orders = await inBatches(db, o.batch ?? 1000, o.orderIds, async (tx, batch) => {
    const ids = batch.map((b) => b.id);
    const expected = await recount(tx, batch, policy);
    const kept = await tx
      .select()
      .from(performanceFacts)
      .where(inArray(performanceFacts.workOrderId, ids))
      .orderBy(asc(performanceFacts.workOrderId), asc(performanceFacts.n));
    const keptBy = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const r of kept) keptBy.get(r.workOrderId)!.push(comparable(r));
    for (const id of ids) if (expected.get(id)!.map(comparable).join('\n') !== keptBy.get(id)!.join('\n')) differing.push(id);
  });
  return { orders, differing };
}

/** How many facts there are (for the rebuild's report). */
export const factCount = async (db: Db) => Number((await db.execute<{ n: string }>(sql`select count(*) as n from ${performanceFacts}`)).rows[0]!.n);

/**
 * Messages that belong to no case (a department's monthly report) into the outbox, once per key,
 * and to their people as notices are (inbox, and the email copy their `channels` ask for), in one
 * transaction.
 */
export async function writeReportNotices(db: Db, messages: { key: string; message: Message }[], settings?: NoticeSettings): Promise<number> {
  if (messages.length === 0) return 0;
  const now = new Date();
  return db.transaction(async (tx) => {
    let written = 0;
    for (const { key, message: m } of messages) {
      const [row] = await tx
        .insert(outbox)
        .values({
          dedupeKey: key,
          channel: m.channel,
          event: m.event,
          recipientUser: m.to.userId ?? null,
          recipientOrg: m.to.org ?? null,
          recipientRole: m.to.role ?? null,
          body: m.body,
          caseKind: null,
          caseId: null,
          ...(m.channel === 'notice' ? { status: 'sent' as const, sentAt: now } : {}),
        })
        .onConflictDoNothing()
        .returning({ id: outbox.id });
      if (!row) continue; // written before: its notices too
      written += 1;
      await writeNotices(tx, { key, at: now.toISOString() }, [{ outboxId: row.id, message: m }], settings);
    }
    return written;
  });
}

/** Classes of days where the trigger-kept daily counts differ from a recount of the facts (0 when in step); one statement, one snapshot. */
export async function dailyDiffers(db: Db): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`
    with kept as (select * from performance_daily where n <> 0),
         recount as (select * from performance_daily_between('-infinity', 'infinity') where n <> 0)
    select count(*)::int as n from ((select * from kept except select * from recount) union all (select * from recount except select * from kept)) d`);
  return r.rows[0]!.n;
}
