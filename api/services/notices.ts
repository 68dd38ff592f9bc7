// A person's notices (their inbox, unread first) and their preferences. Each person reads only
// their own: the list is of the caller's user id, whatever role they act in.
import { and, asc, count, desc, eq, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { noticePreferences, notices, users } from '../../db/schema.js';
import { NOTICE_EVENTS, type NoticeEvent } from '../../domain/notices.js';
import { channelsFor, isMandatory, refusePreference } from '../../domain/notice-routing.js';
import type { Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { AppError, badRequest, notFound } from '../errors.js';

type Row = typeof notices.$inferSelect;

export const noticeView = (r: Row) => ({
  id: r.id,
  event: r.event,
  body: r.body,
  count: r.count,
  caseKind: r.caseKind,
  caseId: r.caseId,
  link: r.linkKind && r.linkId ? { kind: r.linkKind, id: r.linkId, number: r.caseNumber } : null,
  forUser: r.forUser,
  createdAt: r.createdAt.toISOString(),
  lastAt: r.lastAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

const isRead = sql<boolean>`(${notices.readAt} is not null)`;

// The list's order is (read, last_at desc, id desc): the cursor carries all three.
const encode = (r: Row) => Buffer.from(`${r.readAt ? 1 : 0}|${r.lastAt.toISOString()}|${r.id}`).toString('base64url');
function after(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [flag, at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const when = new Date(at ?? '');
  if ((flag !== '0' && flag !== '1') || Number.isNaN(when.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? ''))
    throw badRequest('cursor is not one this API issued', [{ field: 'cursor', rule: 'opaque cursor' }]);
  const sameFlag = flag === '1' ? sql`${notices.readAt} is not null` : isNull(notices.readAt);
  const laterFlag = flag === '0' ? sql`${notices.readAt} is not null` : sql`false`;
  return or(laterFlag, and(sameFlag, or(lt(notices.lastAt, when), and(eq(notices.lastAt, when), lt(notices.id, id!)))));
}

export async function unreadOf(ctx: ServiceContext, userId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notices)
    .where(and(eq(notices.userId, userId), isNull(notices.readAt)));
  return row?.n ?? 0;
}

export async function listNotices(ctx: ServiceContext, actor: Actor, q: { limit: number; cursor?: string; unread?: 'true' | 'false' }) {
  const rows = await ctx.db
    .select()
    .from(notices)
    .where(and(eq(notices.userId, actor.userId), q.unread === 'true' ? isNull(notices.readAt) : undefined, after(q.cursor)))
    .orderBy(asc(isRead), desc(notices.lastAt), desc(notices.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return { items: items.map(noticeView), nextCursor: more ? encode(items.at(-1)!) : null, unread: await unreadOf(ctx, actor.userId) };
}

export async function markRead(ctx: ServiceContext, actor: Actor, id: string) {
  const [row] = await ctx.db
    .update(notices)
    .set({ readAt: sql`coalesce(${notices.readAt}, now())` })
    .where(and(eq(notices.id, id), eq(notices.userId, actor.userId)))
    .returning();
  if (!row) throw notFound('notice');
  return noticeView(row);
}

export async function markAllRead(ctx: ServiceContext, actor: Actor, upTo?: string) {
  const marked = await ctx.db
    .update(notices)
    .set({ readAt: sql`now()` })
    .where(and(eq(notices.userId, actor.userId), isNull(notices.readAt), upTo ? lte(notices.lastAt, new Date(upTo)) : undefined))
    .returning({ id: notices.id });
  return { marked: marked.length, unread: await unreadOf(ctx, actor.userId) };
}

export async function preferencesOf(ctx: ServiceContext, actor: Actor) {
  const stored = await ctx.db.select().from(noticePreferences).where(eq(noticePreferences.userId, actor.userId));
  const [person] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  return {
    items: NOTICE_EVENTS.map((event) => {
      const row = stored.find((p) => p.event === event);
      return { event, ...channelsFor(event, row ? { inbox: row.inbox, email: row.email } : undefined), mandatory: isMandatory(event) };
    }),
    emailAvailable: Boolean(ctx.emailNotices && person?.email),
    email: person?.email ?? null,
  };
}

export async function setPreferences(ctx: ServiceContext, actor: Actor, items: { event: NoticeEvent; inbox?: boolean; email?: boolean }[]) {
  const details = items.flatMap((item, i) => {
    const refusal = refusePreference(item.event, item);
    return refusal ? [{ field: `items.${i}.inbox`, rule: 'mandatory', message: refusal }] : [];
  });
  if (details.length) throw new AppError(422, 'VALIDATION_FAILED', details[0]!.message, details);
  const [person] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, actor.userId));
  if (!person)
    throw new AppError(422, 'VALIDATION_FAILED', 'only people in the user directory have notices', [
      { field: 'userId', rule: 'inDirectory', message: 'not in the user directory' },
    ]);
  const current = await preferencesOf(ctx, actor);
  await ctx.db.transaction(async (tx) => {
    for (const item of items) {
      const now = current.items.find((p) => p.event === item.event)!;
      const next = { inbox: item.inbox ?? now.inbox, email: item.email ?? now.email };
      await tx
        .insert(noticePreferences)
        .values({ userId: actor.userId, event: item.event, ...next })
        .onConflictDoUpdate({ target: [noticePreferences.userId, noticePreferences.event], set: { ...next, updatedAt: new Date() } });
    }
  });
  return preferencesOf(ctx, actor);
}
