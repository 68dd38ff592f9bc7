import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../activities/notice-relay.js';
import { chatBody, refusal, signWebhook, verifyWebhook } from '../../activities/webhook.js';
import { channelsFor, defaultChoice, noticeEmail, refusePreference, repeatDay } from '../../domain/notice-routing.js';

describe('notice preferences', () => {
  it('defaults to the inbox for every event and email for the mandatory ones', () => {
    expect(defaultChoice('urged')).toEqual({ inbox: true, email: false });
    expect(defaultChoice('assigned')).toEqual({ inbox: true, email: true });
  });
  it('keeps a mandatory event in the inbox whatever is stored, and refuses turning it off', () => {
    expect(channelsFor('escalated', { inbox: false, email: false })).toEqual({ inbox: true, email: false });
    expect(channelsFor('urged', { inbox: false, email: true })).toEqual({ inbox: false, email: true });
    expect(refusePreference('clock_warning', { inbox: false })).toMatch(/mandatory/);
    expect(refusePreference('clock_warning', { email: false })).toBeNull();
    expect(refusePreference('urged', { inbox: false })).toBeNull();
  });
  it('counts repeats on the calendar day of the time zone', () => {
    expect(repeatDay(new Date('2026-12-06T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-12-06');
    expect(repeatDay(new Date('2026-12-06T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-07');
  });
  it('writes a Chinese subject naming the event and the case', () => {
    expect(noticeEmail({ event: 'urged', caseNumber: 'GD-20261206-00001', body: '工单催单', link: 'https://bpm/work-orders/x' })).toEqual({
      subject: '【邮政客服】催单：GD-20261206-00001',
      text: '工单催单\n\n查看：https://bpm/work-orders/x\n\n（本邮件由邮政客服工单系统自动发送，请勿回复）',
    });
  });
});

describe('delivery', () => {
  it('backs off exponentially up to the cap, spread ±10 %', () => {
    const r = { initialMs: 10_000, maxMs: 3_600_000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(n, r, () => 0.5))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(20, r, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(1, r, () => 0)).toBe(9_000);
    expect(backoffMs(1, r, () => 1)).toBe(11_000);
    // Retried for at least a day before the default give-up (48 h): attempts keep coming an hour apart.
    let total = 0;
    let n = 0;
    while (total < 24 * 3_600_000) total += backoffMs(++n, r, () => 0.5);
    expect(n).toBeLessThan(40);
  });
  it('signs the timestamp and body; a receiver refuses an altered body or an old timestamp', () => {
    const now = Date.parse('2026-12-06T08:00:00Z');
    const ts = now / 1000;
    const body = '{"id":"d1"}';
    const signature = signWebhook('whsec_x', ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('whsec_x', { timestamp: String(ts), signature }, body, now)).toBe(true);
    expect(verifyWebhook('whsec_x', { timestamp: String(ts), signature }, '{"id":"d2"}', now)).toBe(false);
    expect(verifyWebhook('whsec_y', { timestamp: String(ts), signature }, body, now)).toBe(false);
    expect(verifyWebhook('whsec_x', { timestamp: String(ts), signature }, body, now + 600_000)).toBe(false);
  });
  it('takes a 2xx, but not a chat bot’s 200 with an errcode', () => {
    expect(refusal(204, '', 'json')).toBeNull();
    expect(refusal(503, 'busy', 'json')).toBe('the receiver answered 503');
    expect(refusal(200, '{"errcode":0,"errmsg":"ok"}', 'chat')).toBeNull();
    expect(refusal(200, '{"errcode":45009,"errmsg":"api freq out of limit"}', 'chat')).toBe('the bot answered errcode 45009: api freq out of limit');
    expect(refusal(200, '{"errcode":45009}', 'json')).toBeNull();
    expect(chatBody({ event: 'escalated', body: '升级 L1', case: { number: 'GD-1', url: 'https://bpm/work-orders/1' } })).toEqual({
      msgtype: 'text',
      text: { content: '【邮政客服】升级：GD-1\n升级 L1\nhttps://bpm/work-orders/1' },
    });
  });
});
