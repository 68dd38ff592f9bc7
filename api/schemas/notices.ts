import { z } from 'zod';
import { NOTICE_EVENTS } from '../../domain/notices.js';
import { cursorSchema, isoDateTime, text } from './common.js';

const event = z.enum(NOTICE_EVENTS);

export const noticeView = z
  .object({
    id: z.uuid(),
    event,
    body: z.string(),
    /** Repeats on the same day (urges) counted on this notice. */
    count: z.number().int(),
    caseKind: z.enum(['application', 'workOrder', 'escalation']).nullable().describe('null: a notice about no case (the monthly report)'),
    caseId: z.uuid().nullable(),
    /** The case page it links to (an escalation's subject). */
    link: z.object({ kind: z.enum(['application', 'workOrder']), id: z.uuid(), number: z.string().nullable() }).nullable(),
    forUser: z.string().nullable().describe('the absent person this came to you for, as their substitute'),
    createdAt: isoDateTime,
    lastAt: isoDateTime,
    readAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Notice' });

export const noticeList = z.object({ items: z.array(noticeView), nextCursor: z.string().nullable(), unread: z.number().int() }).meta({ id: 'NoticeList' });
export const listNoticesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
  unread: z.enum(['true', 'false']).optional().describe('true: unread only'),
});
export const unreadCount = z.object({ unread: z.number().int() }).meta({ id: 'UnreadNotices' });
export const readAllBody = z.strictObject({ upTo: isoDateTime.optional().describe('only notices that arrived at or before this time (what the person saw)') });
export const readAllView = z.object({ marked: z.number().int(), unread: z.number().int() });

export const preferenceView = z
  .object({
    event,
    inbox: z.boolean(),
    email: z.boolean(),
    /** Cannot be turned off (the inbox always carries it). */
    mandatory: z.boolean(),
  })
  .meta({ id: 'NoticePreference' });
export const preferencesView = z
  .object({
    items: z.array(preferenceView),
    /** Email is configured and the directory has an address for you. */
    emailAvailable: z.boolean(),
    email: z.string().nullable(),
  })
  .meta({ id: 'NoticePreferences' });
export const preferencesBody = z.strictObject({
  items: z
    .array(z.strictObject({ event, inbox: z.boolean().optional(), email: z.boolean().optional() }))
    .min(1)
    .max(NOTICE_EVENTS.length),
});

// Webhooks (admin)
const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('http(s) URL the deliveries are POSTed to');
const orgCode = z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code');
const format = z
  .enum(['json', 'chat'])
  .describe('json: the notice as JSON (default); chat: `{msgtype: "text", text: {content}}`, what 企业微信 and 钉钉 group bots post (their key in the URL)');
export const webhookView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    events: z.array(event),
    format,
    org: z.string().nullable().describe('notices addressed to this organisation only; null: all'),
    active: z.boolean(),
    createdBy: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'WebhookSubscription' });
export const createdWebhook = webhookView
  .extend({ secret: z.string().describe('signs every delivery (HMAC-SHA256 of `<timestamp>.<body>`): shown once, never again') })
  .meta({ id: 'CreatedWebhookSubscription' });
export const createWebhookBody = z.strictObject({
  name: text(100),
  url: webhookUrl,
  events: z.array(event).min(1).max(NOTICE_EVENTS.length),
  format: format.optional(),
  org: orgCode.nullable().optional(),
});
export const changeWebhookBody = z
  .strictObject({
    name: text(100),
    url: webhookUrl,
    events: z.array(event).min(1).max(NOTICE_EVENTS.length),
    format,
    org: orgCode.nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' })
  .meta({ minProperties: 1 });

export const deliveryView = z
  .object({
    id: z.uuid().describe('the delivery id: the same on every attempt (X-Bpm-Delivery, the email Message-ID)'),
    channel: z.enum(['email', 'webhook']),
    event,
    userId: z.string().nullable(),
    subscriptionId: z.uuid().nullable(),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int(),
    address: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: isoDateTime.nullable(),
    nextAttemptAt: isoDateTime.nullable(),
    giveUpAt: isoDateTime,
    createdAt: isoDateTime,
    sentAt: isoDateTime.nullable(),
  })
  .meta({ id: 'NoticeDelivery' });
export const deliveryList = z.object({ items: z.array(deliveryView), nextCursor: z.string().nullable() }).meta({ id: 'NoticeDeliveryList' });
export const listDeliveriesQuery = z.object({
  channel: z.enum(['email', 'webhook']).optional(),
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
});
