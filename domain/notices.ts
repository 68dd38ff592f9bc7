// Who is told what at each step: the SMS to the agent whose application was returned, and in-app
// notices to the reviewers, the handling department and the escalation ladder. Written in the same
// transaction as the transition that causes them; the sender delivers them.
import type { ApplicationState } from './application.js';
import type { EscalationState } from './escalation.js';
import { levelOrg } from './escalation.js';
import type { CasePolicy } from './policy.js';
import type { WorkOrderState } from './work-order.js';

export interface Message {
  channel: 'sms' | 'notice';
  /** A person (their phone comes from the user directory when the SMS is sent), or a role of an organisation. */
  to: { userId?: string; org?: string; role?: string };
  body: string;
}

const reviewers = (policy: CasePolicy) => ({ org: policy.provincialOrg, role: 'reviewer' });
/** The order's assignee, or its department while it waits in the queue. */
const department = (wo: WorkOrderState) => (wo.assignee ? { userId: wo.assignee.userId } : { org: wo.assignedOrg, role: 'handler' });
/** A department's leads (负责人). */
const leadsOf = (org: string) => ({ org, role: 'lead' });

export const notices = {
  returned: (app: ApplicationState): Message => ({
    channel: 'sms',
    to: { userId: app.createdBy.userId },
    body: `【邮政客服】您的内部客服申请单 ${app.number}（邮件号 ${app.mailNumber}）已被退回：${app.returnReason}。请修改后重新提交或放弃。`,
  }),
  reviewDueSoon: (app: ApplicationState, policy: CasePolicy): Message => ({
    channel: 'notice',
    to: reviewers(policy),
    body: `申请单 ${app.number} 将于 ${app.reviewDeadline} 审核超时`,
  }),
  reviewOverdue: (app: ApplicationState, policy: CasePolicy): Message => ({ channel: 'notice', to: reviewers(policy), body: `申请单 ${app.number} 审核超时` }),
  dispatched: (wo: WorkOrderState): Message => ({ channel: 'notice', to: department(wo), body: `新工单 ${wo.number}（邮件号 ${wo.mailNumber}）已派发` }),
  reactivated: (wo: WorkOrderState, reason: string): Message => ({ channel: 'notice', to: department(wo), body: `工单 ${wo.number} 已激活：${reason}` }),
  urged: (wo: WorkOrderState, note: string | undefined): Message => ({
    channel: 'notice',
    to: department(wo),
    body: `工单 ${wo.number} 催单（第 ${wo.urgeCount} 次）${note ? `：${note}` : ''}`,
  }),
  appended: (wo: WorkOrderState, info: string): Message => ({ channel: 'notice', to: department(wo), body: `工单 ${wo.number} 信息追加：${info}` }),
  assigned: (wo: WorkOrderState): Message => ({ channel: 'notice', to: department(wo), body: `工单 ${wo.number}（邮件号 ${wo.mailNumber}）已分派给您` }),
  nobodyAvailable: (wo: WorkOrderState): Message => ({
    channel: 'notice',
    to: leadsOf(wo.assignedOrg),
    body: `工单 ${wo.number} 无人可自动分派（均请假或已满额），请手动分派`,
  }),
  claimTimedOut: (wo: WorkOrderState, was: string): Message => ({
    channel: 'notice',
    to: leadsOf(wo.assignedOrg),
    body: `工单 ${wo.number} 在认领时限内 ${was} 未处理，已退回部门队列`,
  }),
  transferred: (wo: WorkOrderState, reason: string): Message => ({
    channel: 'notice',
    to: { org: wo.assignedOrg, role: 'handler' },
    body: `工单 ${wo.number} 转派至本部门：${reason}`,
  }),
  transferRefused: (wo: WorkOrderState, by: string, reason: string): Message => ({
    channel: 'notice',
    to: department(wo),
    body: `工单 ${wo.number} 被 ${by} 拒收，已退回：${reason}`,
  }),
  returnedToReviewer: (wo: WorkOrderState, reason: string, policy: CasePolicy): Message => ({
    channel: 'notice',
    to: reviewers(policy),
    body: `工单 ${wo.number} 派发有误，部门退回待改派：${reason}`,
  }),
  /** The department asks the office (请求补充): the agent who created the case, and the office. */
  asked: (wo: WorkOrderState, text: string): Message[] => [
    { channel: 'notice', to: { userId: wo.createdBy.userId }, body: `工单 ${wo.number} 请求补充信息：${text}` },
    { channel: 'notice', to: { org: wo.org, role: 'office' }, body: `工单 ${wo.number} 请求补充信息：${text}` },
  ],
  escalated: (esc: EscalationState, provincialOrg: string): Message => {
    const step = esc.ladder[esc.level - 1]!;
    return {
      channel: 'notice',
      to: { org: levelOrg(step, esc.org, provincialOrg), role: step.role },
      body: `升级 L${esc.level} ${step.name}：${esc.subjectType} ${esc.subjectId} — ${esc.reason}`,
    };
  },
};
