// The notice relay: sends the email and webhook copies of notices (notice_deliveries, written in
// the transaction of the transition that caused them) from the worker process, apart from the case
// workflows. Each round claims the due rows of its task queue (`FOR UPDATE SKIP LOCKED`, so several
// workers share the work) and commits the claim before sending: the claim counts the attempt and
// pushes `next_attempt_at` out by a lease, so a process that dies mid-send leaves the row to be
// retried after the lease, with the same delivery id and the next attempt number. A failed attempt
// is retried with exponential backoff until the row's `give_up_at` (≥ 24 h). Woken at once by
// NOTIFY (channel bpm_deliveries, sent by the writing transaction at commit), otherwise it sleeps
// until the next row is due. stop() finishes the attempts in hand and stops claiming.
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { DELIVERY_CHANNEL } from '../db/notices.js';
import type { EmailSender } from './email.js';
import type { NoticeEvent } from '../domain/notices.js';
import { chatBody, postWebhook, refusal } from './webhook.js';

export interface RetrySettings {
  /** The first retry's delay; each next one doubles… */
  initialMs: number;
  /** …up to this. */
  maxMs: number;
}

export interface RelayOptions {
  db: Db;
  log: Logger;
  /** The task queue whose deliveries this relay sends. */
  queue: string;
  /** Absent: the email channel is off (no email copies are written). */
  email?: EmailSender;
  retry: RetrySettings;
  /** Rows claimed per round and sent at once. */
  batch?: number;
  /** How long a claimed attempt may take before the row is due again (a crashed sender's). */
  leaseMs?: number;
  /** The longest sleep without a NOTIFY (a missed one costs at most this). */
  idleMs?: number;
}

export interface NoticeRelay {
  /** Claim due rows now. */
  wake(): void;
  stop(): Promise<void>;
}

type Claimed = {
  id: string;
  channel: 'email' | 'webhook';
  event: string;
  user_id: string | null;
  subscription_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  give_up_at: Date;
};

/** Delay before attempt `attempts + 1`: initial × 2^(attempts−1), capped, ±10 % so a burst of retries spreads out. */
export function backoffMs(attempts: number, r: RetrySettings, random = Math.random): number {
  const base = Math.min(r.maxMs, r.initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}

class Undeliverable extends Error {}

export function startNoticeRelay(o: RelayOptions): NoticeRelay {
  const { db, log } = o;
  const batch = o.batch ?? 16;
  const leaseMs = o.leaseMs ?? 120_000;
  const idleMs = o.idleMs ?? 30_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listener: pg.PoolClient | undefined;

  // Without SMTP here, email copies are left to a worker that has it.
  const channels = sql.raw(o.email ? `array['email', 'webhook']` : `array['webhook']`);

  async function claim(): Promise<Claimed[]> {
    const result = await db.execute<Claimed>(sql`
      update notice_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval, last_attempt_at = now()
      where d.id in (
        select id from notice_deliveries
        where queue = ${o.queue} and status = 'pending' and next_attempt_at <= now() and channel = any(${channels})
        order by next_attempt_at
        limit ${batch}
        for update skip locked)
      returning d.id, d.channel, d.event, d.user_id, d.subscription_id, d.payload, d.attempts, d.give_up_at`);
    return result.rows;
  }

  async function attempt(d: Claimed): Promise<{ address: string; code: number | null }> {
    if (d.channel === 'email') {
      if (!o.email) throw new Undeliverable('email is not configured (SMTP_URL)');
      const [user] = (await db.execute<{ email: string | null }>(sql`select email from users where id = ${d.user_id}`)).rows;
      if (!user?.email) throw new Undeliverable('no email address in the user directory');
      const { subject, text } = d.payload as { subject: string; text: string };
      const { code } = await o.email.send({ id: d.id, attempt: d.attempts, to: user.email, subject, text });
      return { address: user.email, code };
    }
    const [sub] = (
      await db.execute<{ url: string; secret: string; active: boolean; format: 'json' | 'chat' }>(
        sql`select url, secret, active, format from webhook_subscriptions where id = ${d.subscription_id}`,
      )
    ).rows;
    if (!sub?.active) throw new Undeliverable('the subscription is inactive');
    const body = sub.format === 'chat' ? chatBody(d.payload as Parameters<typeof chatBody>[0] & { event: NoticeEvent }) : d.payload;
    const { status, text } = await postWebhook({ id: d.id, attempt: d.attempts, event: d.event, url: sub.url, secret: sub.secret, body: JSON.stringify(body) });
    const refused = refusal(status, text, sub.format);
    if (refused) throw Object.assign(new Error(refused), { responseCode: status, address: sub.url });
    return { address: sub.url, code: status };
  }

  async function deliver(d: Claimed): Promise<void> {
    try {
      const { address, code } = await attempt(d);
      await db.execute(sql`
        update notice_deliveries set status = 'sent', sent_at = now(), address = ${address}, last_status = ${code}, last_error = null
        where id = ${d.id} and status = 'pending'`);
      log.info({ deliveryId: d.id, channel: d.channel, event: d.event, attempt: d.attempts }, 'notice delivered');
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const code = (error as { responseCode?: unknown }).responseCode;
      const address = (error as { address?: unknown }).address;
      const delay = backoffMs(d.attempts, o.retry);
      const giveUp = error instanceof Undeliverable || Date.now() + delay > new Date(d.give_up_at).getTime();
      await db.execute(sql`
        update notice_deliveries
        set status = ${giveUp ? 'failed' : 'pending'}, last_error = ${message}, last_status = ${typeof code === 'number' ? code : null},
            address = coalesce(${typeof address === 'string' ? address : null}, address),
            next_attempt_at = now() + ${`${delay} milliseconds`}::interval
        where id = ${d.id} and status = 'pending'`);
      const line = { deliveryId: d.id, channel: d.channel, event: d.event, attempt: d.attempts, error: message };
      if (giveUp) log.error(line, 'notice delivery given up (an admin may redeliver it)');
      else log.warn(line, 'notice delivery failed; retrying with backoff');
    }
  }

  /** Rounds until nothing is due, then sleep until the next row is (or a NOTIFY). */
  async function run(): Promise<void> {
    do {
      again = false;
      let claimed: Claimed[];
      try {
        claimed = await claim();
      } catch (error) {
        if (!stopped) log.warn({ err: error }, 'notice relay: cannot claim deliveries; trying again');
        schedule(2_000);
        return;
      }
      await Promise.all(claimed.map((d) => deliver(d).catch((error) => log.warn({ err: error, deliveryId: d.id }, 'notice relay: result not recorded'))));
      if (claimed.length === batch) again = true;
    } while (again && !stopped);
    if (stopped) return;
    const next = await db
      .execute<{ at: Date | null }>(
        sql`select min(next_attempt_at) as at from notice_deliveries where queue = ${o.queue} and status = 'pending' and channel = any(${channels})`,
      )
      .then((r) => r.rows[0]?.at ?? null)
      .catch(() => null);
    schedule(next ? Math.max(0, new Date(next).getTime() - Date.now()) + 5 : idleMs);
  }

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(wake, Math.min(ms, idleMs));
    timer.unref();
  }

  function wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    running = run().finally(() => {
      running = undefined;
      if (again && !stopped) wake();
    });
  }

  async function listen(): Promise<void> {
    if (stopped) return;
    try {
      const c = await db.$client.connect();
      c.on('notification', (n) => {
        if (n.channel === DELIVERY_CHANNEL && n.payload === o.queue) wake();
      });
      c.on('error', () => {
        // The database went away: listen again, and look for what became due meanwhile.
        if (listener === c) listener = undefined;
        c.release(true);
        if (!stopped) setTimeout(() => void listen().then(wake), 1_000).unref();
      });
      await c.query(`listen ${DELIVERY_CHANNEL}`);
      listener = c;
      if (stopped) await unlisten();
    } catch (error) {
      log.warn({ err: error }, 'notice relay: cannot listen yet; retrying');
      if (!stopped) setTimeout(() => void listen().then(wake), 2_000).unref();
    }
  }

  async function unlisten() {
    const c = listener;
    listener = undefined;
    if (!c) return;
    await c.query(`unlisten ${DELIVERY_CHANNEL}`).catch(() => undefined);
    c.release();
  }

  void listen().then(wake);
  return {
    wake,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await unlisten();
      o.email?.close();
    },
  };
}
