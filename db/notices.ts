// Notices reach people when they are written: in the transaction of the transition that causes
// them, each in-app message resolves to the people it is for at that moment (a named person;
// everyone of a role in an organisation in the directory; an organisation's leads; someone away
// replaced by their substitute), each person's copy lands in their inbox (their preferences
// permitting; repeats counted on one notice per day), and email and webhook copies are queued for
// the relay (activities/notice-relay.ts). Generic over `to`: any message of domain/notices.ts.
import { randomUUID } from 'node:crypto';
import { and, arrayContains, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { ProjectedState } from '../contract/inputs.js';
import { resolveSubstitute } from '../domain/desk.js';
import { channelsFor, noticeEmail, REPEATING_EVENTS, repeatDay, type ChannelChoice } from '../domain/notice-routing.js';
import type { Message, NoticeEvent } from '../domain/notices.js';
import type { Db } from './client.js';
import { absentNow } from './desk.js';
import { noticeDeliveries, noticePreferences, notices, users, webhookSubscriptions } from './schema.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The channel the relay listens on: a payload naming a task queue means its deliveries are due. */
export const DELIVERY_CHANNEL = 'bpm_deliveries';

export interface NoticeSettings {
  /** The task queue whose workers' relay sends the email and webhook copies. */
  queue: string;
  /** Email is configured (SMTP_URL): queue email copies. */
  email: boolean;
  /** The day a repeat counts on is this time zone's. */
  timeZone: string;
  /** How long a delivery is retried before it is given up (≥ 24 h). */
  giveUpMs: number;
  /** Where people reach the console: links in emails and webhook bodies. */
  publicUrl?: string;
}

export interface Recipient {
  userId: string;
  /** The absent person it was meant for, when `userId` is their substitute. */
  forUser: string | null;
  org: string;
}

type Person = { id: string; org: string };

async function people(tx: Tx, to: Message['to']): Promise<Person[]> {
  const active = eq(users.active, true);
  const pick = { id: users.id, org: users.org };
  if (to.userId)
    return tx
      .select(pick)
      .from(users)
      .where(and(eq(users.id, to.userId), active));
  if (!to.org || !to.role) return [];
  const who = to.role === 'lead' ? eq(users.lead, true) : arrayContains(users.roles, [to.role as never]);
  return tx
    .select(pick)
    .from(users)
    .where(and(eq(users.org, to.org), who, active))
    .orderBy(users.id);
}

/** Who is away at `now` among these people and, following each substitute, theirs (a chain resolves). */
async function awayAt(tx: Tx, ids: string[], now: Date): Promise<Map<string, string | null>> {
  const away = new Map<string, string | null>();
  let ask = ids;
  for (let depth = 0; ask.length > 0 && depth < 10; depth++) {
    const found = await absentNow(tx, ask, now);
    for (const [id, sub] of found) away.set(id, sub);
    ask = [...new Set([...found.values()].filter((s): s is string => !!s && !away.has(s) && !ask.includes(s)))];
  }
  return away;
}

/** A present lead of the organisation, for work whose person is away with nobody to stand in. */
async function leadOf(tx: Tx, org: string, away: Map<string, string | null>): Promise<string | null> {
  const leads = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.org, org), eq(users.lead, true), eq(users.active, true)))
    .orderBy(users.id);
  return leads.find((l) => !away.has(l.id))?.id ?? null;
}

/**
 * The people a message is for at `now`: everyone its `to` names in the directory, each one away
 * replaced by their substitute (a chain followed; one ending nowhere goes to a lead of the absent
 * person's organisation, or stays with them when there is none). Each person once.
 */
export async function resolveRecipients(tx: Tx, to: Message['to'], now: Date): Promise<Recipient[]> {
  const named = await people(tx, to);
  if (named.length === 0) return [];
  const away = await awayAt(
    tx,
    named.map((p) => p.id),
    now,
  );
  const out = new Map<string, Recipient>();
  for (const p of named) {
    if (!away.has(p.id)) {
      out.set(p.id, { userId: p.id, forUser: null, org: p.org });
      continue;
    }
    const lead = await leadOf(tx, p.org, away);
    const standIn = resolveSubstitute(p.id, away, lead === p.id ? null : lead) ?? p.id;
    if (!out.has(standIn)) out.set(standIn, { userId: standIn, forUser: standIn === p.id ? null : p.id, org: p.org });
  }
  return [...out.values()];
}

/** The case page a notice links to: an application or work order, or an escalation's subject. */
function linkOf(state: ProjectedState): { kind: 'application' | 'workOrder'; id: string; number: string } {
  if (state.kind === 'escalation') return { kind: state.subjectType, id: state.subjectId, number: state.subjectNumber };
  return { kind: state.kind, id: state.id, number: state.number };
}

export const casePath = (link: { kind: 'application' | 'workOrder'; id: string }) =>
  `/${link.kind === 'application' ? 'applications' : 'work-orders'}/${link.id}`;

export interface WrittenMessage {
  outboxId: string;
  message: Message;
}

/**
 * Every notice of one transition (its newly written outbox rows): inbox rows, email copies for the
 * people who chose them, a webhook copy per matching subscription; the relay is woken at commit.
 */
export async function writeNotices(
  tx: Tx,
  /** The transition that caused them; or, for notices about no case (the monthly report), a key of their own. */
  cause: { state: ProjectedState; seq: number; at: string } | { key: string; at: string },
  written: WrittenMessage[],
  settings: NoticeSettings | undefined,
): Promise<void> {
  const list = written.filter((w) => w.message.channel === 'notice');
  if (list.length === 0) return;
  const at = new Date(cause.at);
  const link = 'state' in cause ? linkOf(cause.state) : null;
  const url = settings?.publicUrl ? new URL(link ? casePath(link) : '/', settings.publicUrl).href : null;
  const day = repeatDay(at, settings?.timeZone ?? 'Asia/Shanghai');
  const resolved = await Promise.all(list.map(async (w) => ({ ...w, to: await resolveRecipients(tx, w.message.to, at) })));
  const everyone = [...new Set(resolved.flatMap((r) => r.to.map((p) => p.userId)))];
  const events = [...new Set(list.map((w) => w.message.event))];
  const stored = everyone.length
    ? await tx
        .select()
        .from(noticePreferences)
        .where(and(inArray(noticePreferences.userId, everyone), inArray(noticePreferences.event, events)))
    : [];
  const choice = (userId: string, event: NoticeEvent): ChannelChoice => {
    const row = stored.find((p) => p.userId === userId && p.event === event);
    return channelsFor(event, row ? { inbox: row.inbox, email: row.email } : undefined);
  };

  const deliveries: (typeof noticeDeliveries.$inferInsert)[] = [];
  const giveUpAt = new Date(at.getTime() + (settings?.giveUpMs ?? 48 * 3_600_000));
  const seen = new Set<string>();
  for (const { outboxId, message, to } of resolved) {
    const event = message.event;
    const collapseKey = !('state' in cause)
      ? `${cause.key}:${event}`
      : REPEATING_EVENTS.includes(event)
        ? `${event}:${link!.id}:${day}`
        : `${cause.state.kind}:${cause.state.id}:${cause.seq}:${event}`;
    for (const person of to) {
      // One notice per person per key: the same person named twice by one transition hears once.
      if (seen.has(`${person.userId}|${collapseKey}`)) continue;
      seen.add(`${person.userId}|${collapseKey}`);
      // The person's choice, and email too when the step that caused it asks for it (a clock's warning step's channels).
      const chosen = choice(person.userId, event);
      const channels = { ...chosen, email: chosen.email || (message.channels?.includes('email') ?? false) };
      let fresh = true;
      if (channels.inbox) {
        const [row] = await tx
          .insert(notices)
          .values({
            userId: person.userId,
            forUser: person.forUser,
            outboxId,
            event,
            caseKind: 'state' in cause ? cause.state.kind : null,
            caseId: 'state' in cause ? cause.state.id : null,
            linkKind: link?.kind ?? null,
            linkId: link?.id ?? null,
            caseNumber: link?.number ?? null,
            body: message.body,
            collapseKey,
            createdAt: at,
            lastAt: at,
          })
          .onConflictDoUpdate({
            target: [notices.userId, notices.collapseKey],
            set: { count: sql`${notices.count} + 1`, body: message.body, lastAt: at, readAt: null },
          })
          .returning({ inserted: sql<boolean>`(xmax = 0)` });
        fresh = row?.inserted ?? true;
      }
      // A counted repeat is not news by email: the first of the day was sent.
      if (channels.email && fresh && settings?.email) {
        deliveries.push({
          id: randomUUID(),
          outboxId,
          channel: 'email',
          event,
          userId: person.userId,
          queue: settings.queue,
          payload: noticeEmail({ event, caseNumber: link?.number ?? null, body: message.body, link: url }),
          giveUpAt,
        });
      }
    }
  }

  if (settings) {
    for (const { outboxId, message, to } of resolved) {
      const org = message.to.org ?? to[0]?.org ?? null;
      const subscriptions = await tx
        .select({ id: webhookSubscriptions.id })
        .from(webhookSubscriptions)
        .where(
          and(
            eq(webhookSubscriptions.active, true),
            arrayContains(webhookSubscriptions.events, [message.event]),
            org ? or(isNull(webhookSubscriptions.org), eq(webhookSubscriptions.org, org)) : isNull(webhookSubscriptions.org),
          ),
        );
      for (const s of subscriptions) {
        const id = randomUUID();
        deliveries.push({
          id,
          outboxId,
          channel: 'webhook',
          event: message.event,
          subscriptionId: s.id,
          queue: settings.queue,
          payload: {
            id,
            event: message.event,
            occurredAt: cause.at,
            org,
            to: message.to,
            recipients: to.map((p) => p.userId),
            body: message.body,
            case: link ? { kind: link.kind, id: link.id, number: link.number, url } : null,
          },
          giveUpAt,
        });
      }
    }
  }
  if (deliveries.length === 0) return;
  await tx.insert(noticeDeliveries).values(deliveries);
  // Delivered at commit: the relay of that queue wakes and sends.
  await tx.execute(sql`select pg_notify(${DELIVERY_CHANNEL}, ${settings!.queue})`);
}
