// Notices on the real stack (Temporal, PostgreSQL, a real SMTP server and a real HTTP receiver on
// loopback): each notice resolves when written to the people it is for (every reviewer of the
// organisation then, not one added later; a substitute for someone on leave), read state per person,
// preferences (mandatory events stay on; repeats counted on one notice a day), email through SMTP
// and signed webhooks, both retried when refused, each delivery counted once per delivery id.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '../../config/index.js';
import { absences, noticeDeliveries, notices, organisations, users } from '../../db/schema.js';
import { noticeWiring } from '../../platform/service.js';
import type { deliveryView, noticeList, preferenceView } from '../../api/schemas/notices.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { startWebhookReceiver, type TestReceiver } from '../helpers/webhook-receiver.js';

// Organisations of this file alone: the provincial centre whose reviewers the review reminder
// goes to, and the department its orders are routed to.
const tag = randomBytes(3).toString('hex');
const PROV = `prov-n-${tag}`;
const DEPT = `dept-n-${tag}`;
const id = (name: string) => `${name}-${tag}`;

type NoticeList = z.output<typeof noticeList>;
type Preference = z.output<typeof preferenceView>;
type Delivery = z.output<typeof deliveryView>;

let s: TestService;
let smtp: TestSmtpServer;
let receiver: TestReceiver;
let bot: TestReceiver;
let t: ReturnType<typeof tokens>;
let admin: string;

async function people(
  org: string,
  kind: 'provincial' | 'department',
  list: { name: string; role: 'reviewer' | 'handler' | 'supervisor'; lead?: boolean; email?: string }[],
) {
  await s.db.db.insert(organisations).values({ code: org, name: `测试 ${org}`, kind });
  await s.db.db
    .insert(users)
    .values(list.map((p) => ({ id: id(p.name), login: id(p.name), name: p.name, org, roles: [p.role], lead: p.lead ?? false, email: p.email ?? null })));
}

const inbox = async (token: string, query = '') => (await s.request('GET', `/v1/notices${query}`, { token })).body as NoticeList;

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver();
  bot = await startWebhookReceiver('/cgi-bin/webhook/send?key=test', { bot: true });
  s = await startTestService({
    env: { SMTP_URL: smtp.url, DELIVERY_RETRY_INITIAL_SECONDS: '0.2', DELIVERY_RETRY_MAX_SECONDS: '1' },
    policy: {
      provincialOrg: PROV,
      // The review reminder (to reviewer@PROV) comes 2 s after submission.
      application: { reviewDeadline: '40s', reviewReminderAt: 0.05 },
      workOrder: { routing: { default: DEPT } },
    },
  });
  t = tokens(s);
  admin = s.token('admin', 'province', 'admin-1');
  await people(PROV, 'provincial', [
    { name: 'rev-a', role: 'reviewer' },
    { name: 'rev-b', role: 'reviewer' },
    { name: 'rev-away', role: 'reviewer' },
    { name: 'rev-sub', role: 'supervisor' },
    { name: 'rev-lead', role: 'reviewer', lead: true },
  ]);
  await people(DEPT, 'department', [
    { name: 'h1', role: 'handler', email: `h1-${tag}@post.test` },
    { name: 'h2', role: 'handler' },
  ]);
  // rev-away is on leave now; rev-sub stands in.
  await s.db.db.insert(absences).values({
    id: randomUUID(),
    userId: id('rev-away'),
    startsAt: new Date(Date.now() - 3_600_000),
    endsAt: new Date(Date.now() + 3_600_000),
    substituteId: id('rev-sub'),
    createdBy: 'admin-1',
  });
});

afterAll(async () => {
  await s?.stop();
  await smtp?.close();
  await receiver?.close();
  await bot?.close();
});

describe('the inbox', () => {
  it('a notice to reviewer@org reaches every reviewer there then (a leave substitute instead of the absent one, nobody added later); read state is per person', async () => {
    const app = await createApplication(s);
    const reviewer = (name: string) => s.token(name === 'rev-sub' ? 'supervisor' : 'reviewer', PROV, id(name));
    const reminder = async (name: string) => (await inbox(reviewer(name))).items.find((n) => n.caseId === app.id && n.event === 'review_due_soon');
    const first = await eventually(() => reminder('rev-a'), 30_000);
    expect(first).toMatchObject({
      body: expect.stringContaining(app.number),
      link: { kind: 'application', id: app.id, number: app.number },
      readAt: null,
      count: 1,
    });

    // Added after the notice was written: not theirs.
    const late = await s.request('POST', '/v1/users', {
      token: admin,
      body: { id: id('rev-late'), name: '后来者', org: PROV, roles: ['reviewer'], email: `late-${tag}@post.test` },
    });
    expect(late.status).toBe(201);
    expect(late.body.email).toBe(`late-${tag}@post.test`);

    const rows = await s.db.db
      .select({ userId: notices.userId, forUser: notices.forUser })
      .from(notices)
      .where(and(eq(notices.caseId, app.id), eq(notices.event, 'review_due_soon')));
    expect(rows.map((r) => r.userId).sort()).toEqual([id('rev-a'), id('rev-b'), id('rev-lead'), id('rev-sub')].sort());
    expect(rows.find((r) => r.userId === id('rev-sub'))!.forUser).toBe(id('rev-away'));
    expect(await reminder('rev-late')).toBeUndefined();
    expect(await reminder('rev-away')).toBeUndefined();
    expect((await reminder('rev-sub'))!.forUser).toBe(id('rev-away'));

    // Read by rev-a: rev-b's stays unread.
    const before = await inbox(reviewer('rev-b'));
    const read = await s.request('POST', `/v1/notices/${first.id}/read`, { token: reviewer('rev-a') });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await reminder('rev-a'))!.readAt).not.toBeNull();
    expect((await reminder('rev-b'))!.readAt).toBeNull();
    expect((await s.request('GET', '/v1/notices/unread-count', { token: reviewer('rev-b') })).body.unread).toBe(before.unread);
    // Someone else's notice is not found for me.
    expect((await s.request('POST', `/v1/notices/${first.id}/read`, { token: reviewer('rev-b') })).status).toBe(404);
    const all = await s.request('POST', '/v1/notices/read-all', { token: reviewer('rev-b'), body: {} });
    expect(all.body).toMatchObject({ unread: 0 });
    expect(all.body.marked).toBeGreaterThanOrEqual(1);
  });

  it('lists unread first with cursor paging', async () => {
    const token = s.token('reviewer', PROV, id('rev-a'));
    const whole = await inbox(token, '?limit=200');
    const pages: NoticeList['items'] = [];
    let cursor: string | null = null;
    do {
      const page = await inbox(token, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((n) => n.id)).toEqual(whole.items.map((n) => n.id));
    const firstRead = whole.items.findIndex((n) => n.readAt);
    if (firstRead >= 0) expect(whole.items.slice(firstRead).every((n) => n.readAt)).toBe(true);
    expect((await s.request('GET', '/v1/notices?cursor=bm90LW91cnM', { token })).status).toBe(400);
  });
});

describe('preferences, email and webhooks', () => {
  it('mandatory events cannot be turned off; others can, per channel', async () => {
    const h1 = s.token('handler', DEPT, id('h1'));
    const refused = await s.request('PUT', '/v1/notices/preferences', { token: h1, body: { items: [{ event: 'assigned', inbox: false }] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'items.0.inbox', rule: 'mandatory' });
    const set = await s.request('PUT', '/v1/notices/preferences', { token: h1, body: { items: [{ event: 'urged', email: true }] } });
    expect(set.status).toBe(200);
    expect(set.body.emailAvailable).toBe(true);
    expect(set.body.items.find((p: Preference) => p.event === 'urged')).toEqual({ event: 'urged', inbox: true, email: true, mandatory: false });
    expect(set.body.items.find((p: Preference) => p.event === 'assigned')).toMatchObject({ inbox: true, mandatory: true });
    // h2 wants no dispatch notices in the inbox.
    const h2 = s.token('handler', DEPT, id('h2'));
    expect((await s.request('PUT', '/v1/notices/preferences', { token: h2, body: { items: [{ event: 'dispatched', inbox: false }] } })).status).toBe(200);
  });

  it('urges of my order: one notice a day counting them, one email (retried when the server refuses), signed webhooks retried, each delivery once per id', async () => {
    const hook = await s.request('POST', '/v1/webhooks', {
      token: admin,
      body: { name: '企业微信群机器人', url: receiver.url, events: ['urged', 'dispatched'], org: DEPT },
    });
    expect(hook.status).toBe(201);
    receiver.secret = hook.body.secret;
    expect(hook.body.format).toBe('json');
    // A 企业微信 group bot: the text message it posts.
    const chat = await s.request('POST', '/v1/webhooks', {
      token: admin,
      body: { name: '部门群', url: bot.url, events: ['urged'], org: DEPT, format: 'chat' },
    });
    expect(chat.status).toBe(201);
    bot.secret = chat.body.secret;
    bot.failNext(1);
    expect((await s.request('GET', `/v1/webhooks/${hook.body.id}`, { token: admin })).body.secret).toBeUndefined();
    expect((await s.request('POST', '/v1/webhooks', { token: admin, body: { name: 'x', url: receiver.url, events: [] } })).status).toBe(422);

    const app = await createApplication(s);
    const { workOrderId } = await approve(s, app.id);
    const h1 = s.token('handler', DEPT, id('h1'));
    const h2 = s.token('handler', DEPT, id('h2'));
    // Dispatched to the department: h1 hears, h2 turned it off.
    await eventually(async () => (await inbox(h1)).items.find((n) => n.caseId === workOrderId && n.event === 'dispatched'));
    expect((await inbox(h2)).items.find((n) => n.caseId === workOrderId)).toBeUndefined();
    expect((await s.request('POST', `/v1/work-orders/${workOrderId}/claim`, { token: h1, body: {} })).status).toBe(200);

    smtp.refuseNext(2);
    receiver.failNext(2);
    for (const note of ['客户再次来电', '客户第三次来电']) {
      const urged = await s.request('POST', `/v1/work-orders/${workOrderId}/urge`, { token: t.office, body: { note } });
      expect(urged.status).toBe(200);
    }
    // The urges go to the assignee: one notice, counted twice, unread.
    const urge = await eventually(async () => (await inbox(h1)).items.find((n) => n.caseId === workOrderId && n.event === 'urged' && n.count === 2));
    expect(urge).toMatchObject({ readAt: null, body: expect.stringContaining('客户第三次来电') });
    const orderNumber = urge.link!.number!;
    expect((await inbox(h2)).items.find((n) => n.caseId === workOrderId && n.event === 'urged')).toBeUndefined();

    // One email (the first urge of the day), accepted on the third attempt.
    const mail = await eventually(async () => smtp.received.find((m) => m.text.includes(orderNumber) && m.subject.includes('催单')), 30_000);
    expect(mail.to).toEqual([`h1-${tag}@post.test`]);
    expect(mail.subject).toBe(`【邮政客服】催单：${orderNumber}`);
    expect(mail.text).toContain('客户再次来电');
    expect(mail.text).toContain(`/work-orders/${workOrderId}`);
    const [emailRow] = await s.db.db.select().from(noticeDeliveries).where(eq(noticeDeliveries.id, mail.deliveryId));
    expect(emailRow).toMatchObject({ channel: 'email', status: 'sent', attempts: 3, address: `h1-${tag}@post.test`, lastError: null });
    expect(mail.messageId).toBe(`<${mail.deliveryId}@postal-bpm>`);

    // Webhooks: dispatched and two urges for this order, each accepted once, all signed.
    const mine = (list: typeof receiver.accepted) => list.filter((h) => h.body.case?.id === workOrderId);
    await eventually(async () => mine(receiver.accepted).length === 3, 30_000);
    const accepted = mine(receiver.accepted);
    expect(accepted.map((h) => h.event).sort()).toEqual(['dispatched', 'urged', 'urged']);
    expect(new Set(accepted.map((h) => h.deliveryId)).size).toBe(3);
    expect(mine(receiver.requests).every((h) => h.signatureValid)).toBe(true);
    expect(accepted.every((h) => h.body.id === h.deliveryId && h.body.org === DEPT)).toBe(true);
    const log = await s.request('GET', `/v1/webhooks/${hook.body.id}/deliveries`, { token: admin });
    expect(log.status).toBe(200);
    const forThis = log.body.items.filter((d: Delivery) => accepted.some((h) => h.deliveryId === d.id));
    expect(forThis).toHaveLength(3);
    expect(forThis.every((d: Delivery) => d.status === 'sent')).toBe(true);
    // The receiver's two refusals fell on this order's first deliveries: more than one attempt, each with its answer.
    expect(forThis.reduce((n: number, d: Delivery) => n + d.attempts, 0)).toBe(3 + 2);

    // The bot got each urge as a text message (signed too).
    await eventually(async () => bot.accepted.filter((h) => h.body.text?.content?.includes(orderNumber)).length === 2);
    expect(bot.accepted.find((h) => h.body.text?.content.includes('客户第三次来电'))!.body).toEqual({
      msgtype: 'text',
      text: {
        content: `【邮政客服】催单：${orderNumber}\n工单 ${orderNumber} 催单（第 2 次）：客户第三次来电\n${mail.text.match(/https?:\S+/)![0]}`,
      },
    });
    expect(bot.requests.every((h) => h.signatureValid)).toBe(true);
    // The bot's first answer was errcode 45009 (200 all the same): retried, not taken as delivered.
    expect(bot.requests.length).toBe(3);
    const botLog = await s.request('GET', `/v1/webhooks/${chat.body.id}/deliveries`, { token: admin });
    expect(botLog.body.items.map((d: Delivery) => d.status)).toEqual(['sent', 'sent']);
    expect(botLog.body.items.reduce((n: number, d: Delivery) => n + d.attempts, 0)).toBe(3);
    await s.request('PATCH', `/v1/webhooks/${chat.body.id}`, { token: admin, body: { active: false } });

    // Manual redelivery: the same id again (the receiver drops the repeat by it).
    const again = await s.request('POST', `/v1/deliveries/${accepted[0]!.deliveryId}/redeliver`, { token: admin });
    expect(again.status).toBe(200);
    await eventually(async () => mine(receiver.accepted).length === 4);
    expect(new Set(mine(receiver.accepted).map((h) => h.deliveryId)).size).toBe(3);
    expect((await s.request('POST', `/v1/deliveries/${randomUUID()}/redeliver`, { token: admin })).status).toBe(404);
    expect((await s.request('GET', '/v1/deliveries?status=failed', { token: t.handler })).status).toBe(403);
    await s.request('PATCH', `/v1/webhooks/${hook.body.id}`, { token: admin, body: { active: false } });
  });

  it('without SMTP_URL the email channel is off and the start-up line says so', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ level: 'info' }, sink);
    const off = noticeWiring(loadConfig({ NODE_ENV: 'test' }), log, 'q', 'http://127.0.0.1:3000');
    expect(off.email).toBeUndefined();
    expect(off.settings.email).toBe(false);
    const on = noticeWiring(loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://user:secret@127.0.0.1:2525' }), log, 'q', 'http://127.0.0.1:3000');
    on.email?.close();
    const messages = lines.map((l) => JSON.parse(l).msg as string);
    expect(messages).toEqual(['email notices off: SMTP_URL is not set', 'email notices on: sent through smtp://127.0.0.1:2525 (SMTP_URL)']);
    expect(lines.join('')).not.toContain('secret');
  });
});
