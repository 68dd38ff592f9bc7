// Webhook subscriptions (admin) and the delivery log of email and webhook copies, with manual
// redelivery: the row is due again at once (same delivery id, so a receiver that did get it drops
// the repeat) and the relay of its queue is woken. Every change is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { DELIVERY_CHANNEL } from '../../db/notices.js';
import { noticeDeliveries, organisations, webhookSubscriptions } from '../../db/schema.js';
import type { NoticeEvent } from '../../domain/notices.js';
import type { Actor } from '../../domain/vocabulary.js';
import { audit } from '../auth/audit.js';
import type { ServiceContext } from '../context.js';
import { notFound, unprocessable } from '../errors.js';
import { cursorCondition, page } from './paging.js';

type Subscription = typeof webhookSubscriptions.$inferSelect;
type Delivery = typeof noticeDeliveries.$inferSelect;

export const webhookView = (r: Subscription) => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: r.events,
  format: r.format,
  org: r.org,
  active: r.active,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const deliveryView = (r: Delivery) => ({
  id: r.id,
  channel: r.channel,
  event: r.event,
  userId: r.userId,
  subscriptionId: r.subscriptionId,
  status: r.status,
  attempts: r.attempts,
  address: r.address,
  lastStatus: r.lastStatus,
  lastError: r.lastError,
  lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
  giveUpAt: r.giveUpAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
});

async function assertOrg(ctx: ServiceContext, org: string | null | undefined) {
  if (!org) return;
  const [row] = await ctx.db.select().from(organisations).where(eq(organisations.code, org));
  if (!row) throw unprocessable('org', 'knownOrganisation', `unknown organisation ${org}`);
}

export async function listWebhooks(ctx: ServiceContext) {
  return (await ctx.db.select().from(webhookSubscriptions).orderBy(webhookSubscriptions.createdAt)).map(webhookView);
}

export async function getWebhook(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound('webhook subscription');
  return row;
}

export async function createWebhook(
  ctx: ServiceContext,
  actor: Actor,
  body: { name: string; url: string; events: NoticeEvent[]; format?: 'json' | 'chat'; org?: string | null },
) {
  await assertOrg(ctx, body.org);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        id: randomUUID(),
        name: body.name,
        url: body.url,
        events: [...new Set(body.events)],
        format: body.format ?? 'json',
        org: body.org ?? null,
        secret,
        createdBy: actor.userId,
      })
      .returning();
    await audit(tx, actor, 'webhook.create', { type: 'webhook', id: row!.id }, { after: webhookView(row!) });
    return { ...webhookView(row!), secret };
  });
}

export async function changeWebhook(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  changes: Partial<{ name: string; url: string; events: NoticeEvent[]; format: 'json' | 'chat'; org: string | null; active: boolean }>,
) {
  await getWebhook(ctx, id);
  await assertOrg(ctx, changes.org);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ ...changes, ...(changes.events ? { events: [...new Set(changes.events)] } : {}), updatedAt: new Date() })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    await audit(tx, actor, 'webhook.update', { type: 'webhook', id }, { changes });
    return webhookView(row!);
  });
}

export async function listDeliveries(
  ctx: ServiceContext,
  q: { subscriptionId?: string; channel?: 'email' | 'webhook'; status?: 'pending' | 'sent' | 'failed'; limit: number; cursor?: string },
) {
  const where: (SQL | undefined)[] = [
    q.subscriptionId ? eq(noticeDeliveries.subscriptionId, q.subscriptionId) : undefined,
    q.channel ? eq(noticeDeliveries.channel, q.channel) : undefined,
    q.status ? eq(noticeDeliveries.status, q.status) : undefined,
    cursorCondition(q.cursor, noticeDeliveries.createdAt, noticeDeliveries.id),
  ];
  const rows = await ctx.db
    .select()
    .from(noticeDeliveries)
    .where(and(...where))
    .orderBy(desc(noticeDeliveries.createdAt), desc(noticeDeliveries.id))
    .limit(q.limit + 1);
  return page(rows, q.limit, deliveryView);
}

/** Sends a delivery again now (whatever its status), with the same id; retried again for as long as at first. */
export async function redeliver(ctx: ServiceContext, actor: Actor, id: string, subscriptionId?: string) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(noticeDeliveries)
      .set({
        status: 'pending',
        nextAttemptAt: sql`now()`,
        giveUpAt: sql`greatest(${noticeDeliveries.giveUpAt}, now() + (${noticeDeliveries.giveUpAt} - ${noticeDeliveries.createdAt}))`,
      })
      .where(and(eq(noticeDeliveries.id, id), subscriptionId ? eq(noticeDeliveries.subscriptionId, subscriptionId) : undefined))
      .returning();
    if (!row) throw notFound('delivery');
    await audit(tx, actor, 'delivery.redeliver', { type: 'delivery', id }, { channel: row.channel, attempts: row.attempts });
    await tx.execute(sql`select pg_notify(${DELIVERY_CHANNEL}, ${row.queue})`);
    return deliveryView(row);
  });
}
