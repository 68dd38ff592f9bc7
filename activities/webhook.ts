// Webhooks for other systems: a JSON POST signed with the subscription's secret. The signature is
// HMAC-SHA256 over `<timestamp>.<body>` (hex, `X-Bpm-Signature: sha256=…`), the timestamp (Unix
// seconds) in `X-Bpm-Timestamp`, so a receiver can refuse old or altered requests; `X-Bpm-Delivery`
// is the delivery's id, the same on every attempt, so a receiver drops repeats.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTICE_EVENT_TITLES } from '../domain/notice-routing.js';
import type { NoticeEvent } from '../domain/notices.js';

export const SIGNATURE_HEADER = 'x-bpm-signature';
export const TIMESTAMP_HEADER = 'x-bpm-timestamp';
export const DELIVERY_HEADER = 'x-bpm-delivery';
export const ATTEMPT_HEADER = 'x-bpm-attempt';
export const EVENT_HEADER = 'x-bpm-event';

export const signWebhook = (secret: string, timestamp: number, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** What a receiver does: the signature matches and the timestamp is recent (default ±5 min). */
export function verifyWebhook(secret: string, headers: { timestamp?: string; signature?: string }, body: string, now = Date.now(), toleranceS = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceS || !headers.signature) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What a 企业微信 or 钉钉 group bot posts: one text message naming the event, the case and its link. */
export function chatBody(payload: { event: NoticeEvent; body: string; case?: { number?: string | null; url?: string | null } }) {
  const head = `【邮政客服】${NOTICE_EVENT_TITLES[payload.event] ?? payload.event}${payload.case?.number ? `：${payload.case.number}` : ''}`;
  return { msgtype: 'text', text: { content: [head, payload.body, payload.case?.url].filter(Boolean).join('\n') } };
}

/**
 * Whether the receiver took it: any 2xx, except a chat bot's `{errcode: n}` with n ≠ 0 (企业微信
 * and 钉钉 answer 200 and say the error in the body, e.g. 45009 over the rate limit).
 */
export function refusal(status: number, text: string, format: 'json' | 'chat'): string | null {
  if (status < 200 || status >= 300) return `the receiver answered ${status}`;
  if (format !== 'chat') return null;
  try {
    const answer = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (typeof answer.errcode === 'number' && answer.errcode !== 0) return `the bot answered errcode ${answer.errcode}: ${String(answer.errmsg ?? '')}`;
  } catch {
    // not JSON: the status decides
  }
  return null;
}

export interface WebhookRequest {
  id: string;
  attempt: number;
  event: string;
  url: string;
  secret: string;
  body: string;
}

/** POSTs one delivery; resolves with the receiver's status and answer. Network failures throw. */
export async function postWebhook(r: WebhookRequest, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(r.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'postal-bpm-webhooks',
      [DELIVERY_HEADER]: r.id,
      [ATTEMPT_HEADER]: String(r.attempt),
      [EVENT_HEADER]: r.event,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(r.secret, timestamp, r.body),
    },
    body: r.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text().catch(() => '');
  return { status: response.status, text: text.slice(0, 2000) };
}
