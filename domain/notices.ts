// Who is told what at each step: the SMS to the agent whose application was returned, and in-app
// notices to the reviewers, the handling department and the escalation ladder. Written in the same
// transaction as the transition that causes them; the sender delivers them.
import type { ApplicationState } from './application.js';
import type { EscalationState } from './escalation.js';
import { levelOrg } from './escalation.js';
import type { CasePolicy, WarningStep } from './policy.js';
import type { WorkOrderState } from './work-order.js';

/** What a notice is about: people choose per event which channels reach them (some they cannot turn off). */
export const NOTICE_EVENTS = [
  'returned',
  'review_due_soon',
  'review_overdue',
  'dispatched',
  'reactivated',
  'urged',
  'appended',
  'assigned',
  'unassignable',
  'claim_timed_out',
  'transferred',
  'transfer_refused',
  'returned_to_reviewer',
  'asked',
  'escalated',
  'clock_warning',
  /** A department's figures of last month, to its lead (on the 1st, by email). */
  'monthly_report',
] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

/** Events nobody may turn off: work given to me, a clock about to run out on my case, an escalation to my level. */
export const MANDATORY_EVENTS: readonly NoticeEvent[] = ['assigned', 'clock_warning', 'escalated'];

export interface Message {
  channel: 'sms' | 'notice';
  event: NoticeEvent;
  /** The channels beyond the inbox a warning step asks for (the person's preferences decide the rest). */
  channels?: ('inbox' | 'email' | 'webhook')[];
  /**
   * A person (their phone comes from the user directory when the SMS is sent), or the people of a
   * role in an organisation (`lead`: the organisation's leads), resolved to persons when written.
   */
  to: { userId?: string; org?: string; role?: string };
  body: string;
}

const reviewers = (policy: CasePolicy) => ({ org: policy.provincialOrg, role: 'reviewer' });
/** The order's assignee, or its department while it waits in the queue. */
const department = (wo: WorkOrderState) => (wo.assignee ? { userId: wo.assignee.userId } : { org: wo.assignedOrg, role: 'handler' });
/** A department's leads (负责人). */
const leadsOf = (org: string) => ({ org, role: 'lead' });

const CLOCK_NAMES: Record<string, string> = { review: '审核', action: '处理', response: '响应', resolution: '解决', level: '升级本级' };

/** A warning step's `to`: the order's assignee (else its department), its department, its leads, or role@org. */
function warningTarget(target: string, wo: WorkOrderState, policy: CasePolicy): Message['to'] {
  if (target === 'assignee') return department(wo);
  if (target === 'department') return { org: wo.assignedOrg, role: 'handler' };
  if (target === 'lead') return leadsOf(wo.assignedOrg);
  const [role, org = 'provincial'] = target.split('@');
  return { role, org: org === 'provincial' ? policy.provincialOrg : org === 'subject' ? wo.org : org };
}

export const notices = {
  /** A department's month, to one of its leads, by email (the body is the report; the console has the rest). */
  monthlyReport: (lead: string, body: string): Message => ({
    channel: 'notice',
    event: 'monthly_report',
    channels: ['email'],
    to: { userId: lead },
    body,
  }),
  /** A clock's warning step came: each of the step's people, by its channels. */
  clockWarning: (wo: WorkOrderState, clock: string, deadline: string, step: WarningStep, policy: CasePolicy): Message[] =>
    step.to.map((target) => ({
      channel: 'notice',
      event: 'clock_warning',
      channels: step.channels,
      to: warningTarget(target, wo, policy),
      body: `工单 ${wo.number} ${CLOCK_NAMES[clock] ?? clock}时限将至：${deadline}`,
    })),
  returned: (app: ApplicationState): Message => ({
    channel: 'sms',
    event: 'returned',
    to: { userId: app.createdBy.userId },
    body: `【邮政客服】您的内部客服申请单 ${app.number}（邮件号 ${app.mailNumber}）已被退回：${app.returnReason}。请修改后重新提交或放弃。`,
  }),
  reviewDueSoon: (app: ApplicationState, policy: CasePolicy): Message => ({
    channel: 'notice',
    event: 'review_due_soon',
    to: reviewers(policy),
    body: `申请单 ${app.number} 将于 ${app.reviewDeadline} 审核超时`,
  }),
  reviewOverdue: (app: ApplicationState, policy: CasePolicy): Message => ({
    channel: 'notice',
    event: 'review_overdue',
    to: reviewers(policy),
    body: `申请单 ${app.number} 审核超时`,
  }),
  dispatched: (wo: WorkOrderState): Message => ({
    channel: 'notice',
    event: 'dispatched',
    to: department(wo),
    body: `新工单 ${wo.number}（邮件号 ${wo.mailNumber}）已派发`,
  }),
  reactivated: (wo: WorkOrderState, reason: string): Message => ({
    channel: 'notice',
    event: 'reactivated',
    to: department(wo),
    body: `工单 ${wo.number} 已激活：${reason}`,
  }),
  urged: (wo: WorkOrderState, note: string | undefined): Message => ({
    channel: 'notice',
    event: 'urged',
    to: department(wo),
    body: `工单 ${wo.number} 催单（第 ${wo.urgeCount} 次）${wo.pause ? '（已挂起）' : ''}${note ? `：${note}` : ''}`,
  }),
  appended: (wo: WorkOrderState, info: string): Message => ({
    channel: 'notice',
    event: 'appended',
    to: department(wo),
    body: `工单 ${wo.number} 信息追加：${info}`,
  }),
  assigned: (wo: WorkOrderState): Message => ({
    channel: 'notice',
    event: 'assigned',
    to: department(wo),
    body: `工单 ${wo.number}（邮件号 ${wo.mailNumber}）已分派给您`,
  }),
  nobodyAvailable: (wo: WorkOrderState): Message => ({
    channel: 'notice',
    event: 'unassignable',
    to: leadsOf(wo.assignedOrg),
    body: `工单 ${wo.number} 无人可自动分派（均请假或已满额），请手动分派`,
  }),
  claimTimedOut: (wo: WorkOrderState, was: string): Message => ({
    channel: 'notice',
    event: 'claim_timed_out',
    to: leadsOf(wo.assignedOrg),
    body: `工单 ${wo.number} 在认领时限内 ${was} 未处理，已退回部门队列`,
  }),
  transferred: (wo: WorkOrderState, reason: string): Message => ({
    channel: 'notice',
    event: 'transferred',
    to: { org: wo.assignedOrg, role: 'handler' },
    body: `工单 ${wo.number} 转派至本部门：${reason}`,
  }),
  transferRefused: (wo: WorkOrderState, by: string, reason: string): Message => ({
    channel: 'notice',
    event: 'transfer_refused',
    to: department(wo),
    body: `工单 ${wo.number} 被 ${by} 拒收，已退回：${reason}`,
  }),
  returnedToReviewer: (wo: WorkOrderState, reason: string, policy: CasePolicy): Message => ({
    channel: 'notice',
    event: 'returned_to_reviewer',
    to: reviewers(policy),
    body: `工单 ${wo.number} 派发有误，部门退回待改派：${reason}`,
  }),
  /** The department asks the office (请求补充): the agent who created the case, and the office. */
  asked: (wo: WorkOrderState, text: string): Message[] => [
    { channel: 'notice', event: 'asked', to: { userId: wo.createdBy.userId }, body: `工单 ${wo.number} 请求补充信息：${text}` },
    { channel: 'notice', event: 'asked', to: { org: wo.org, role: 'office' }, body: `工单 ${wo.number} 请求补充信息：${text}` },
  ],
  /** A level's clock is about to run out: its people (or the step's role@org), by the step's channels. */
  levelWarning: (esc: EscalationState, step: WarningStep, provincialOrg: string): Message[] => {
    const level = esc.ladder[esc.level - 1]!;
    return step.to.map((target) => {
      const [role, org] = target.includes('@') ? target.split('@') : [level.role, level.org];
      return {
        channel: 'notice',
        event: 'clock_warning',
        channels: step.channels,
        to: { org: levelOrg({ ...level, org: org! }, esc.org, provincialOrg), role },
        body: `升级 ${esc.subjectNumber} 第${esc.level}级（${level.name}）时限将至：${esc.levelDeadline}`,
      };
    });
  },
  escalated: (esc: EscalationState, provincialOrg: string): Message => {
    const step = esc.ladder[esc.level - 1]!;
    return {
      channel: 'notice',
      event: 'escalated',
      to: { org: levelOrg(step, esc.org, provincialOrg), role: step.role },
      body: `升级 L${esc.level} ${step.name}：${esc.subjectType} ${esc.subjectId} — ${esc.reason}`,
    };
  },
};
