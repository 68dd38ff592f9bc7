// How a notice reaches a person once it is resolved to them (db/notices.ts resolves): which
// channels their preferences open, what cannot be turned off, which events repeat on one notice,
// and what an email about it says. Pure. The messages themselves are built in ./notices.ts.
import { MANDATORY_EVENTS, type NoticeEvent } from './notices.js';

export const NOTICE_CHANNELS = ['inbox', 'email'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export type ChannelChoice = Record<NoticeChannel, boolean>;

/**
 * Events that repeat on a case (an office urging again and again): a person gets at most one
 * notice per case per event per day; each repeat counts on it (and makes it unread again).
 */
export const REPEATING_EVENTS: readonly NoticeEvent[] = ['urged'];

export const isMandatory = (event: NoticeEvent) => MANDATORY_EVENTS.includes(event);

/** Without a stored choice: every event in the inbox; email for the ones nobody may turn off. */
export const defaultChoice = (event: NoticeEvent): ChannelChoice => ({ inbox: true, email: isMandatory(event) });

/** The channels that carry an event to a person: their choice, with a mandatory event always in the inbox. */
export function channelsFor(event: NoticeEvent, stored: ChannelChoice | undefined): ChannelChoice {
  const choice = stored ?? defaultChoice(event);
  return { inbox: choice.inbox || isMandatory(event), email: choice.email };
}

/** Why a change of preferences is refused (a mandatory event's inbox turned off), or null. */
export function refusePreference(event: NoticeEvent, choice: Partial<ChannelChoice>): string | null {
  return isMandatory(event) && choice.inbox === false ? `${event} is mandatory: its inbox notice cannot be turned off` : null;
}

/** The calendar day (in the given time zone) a repeat is counted on. */
export function repeatDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** What each event is called in an email's subject (the console has its own labels). */
export const NOTICE_EVENT_TITLES: Record<NoticeEvent, string> = {
  returned: '申请单退回',
  review_due_soon: '审核即将超时',
  review_overdue: '审核超时',
  dispatched: '新工单派发',
  reactivated: '工单激活',
  urged: '催单',
  appended: '信息追加',
  assigned: '工单分派给您',
  unassignable: '工单无人可分派',
  claim_timed_out: '认领超时',
  transferred: '工单转派',
  transfer_refused: '转派被拒收',
  returned_to_reviewer: '工单退回待改派',
  asked: '请求补充信息',
  escalated: '升级',
  clock_warning: '时限预警',
  monthly_report: '月度绩效报告',
};

/** The email of a notice: a Chinese subject naming the event and the case, the notice's text and a link. */
export function noticeEmail(n: { event: NoticeEvent; caseNumber: string | null; body: string; link: string | null; count?: number }) {
  const subject = `【邮政客服】${NOTICE_EVENT_TITLES[n.event]}${n.caseNumber ? `：${n.caseNumber}` : ''}`;
  const text = [n.body, n.link ? `查看：${n.link}` : null, '（本邮件由邮政客服工单系统自动发送，请勿回复）'].filter(Boolean).join('\n\n');
  return { subject, text };
}
