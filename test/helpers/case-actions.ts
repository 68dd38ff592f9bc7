// Every action a case kind offers, as a client sends it: where, and a body the schema accepts (so
// only a rule can refuse it). For tests that compare `allowedActions` with what the API accepts.
export type CaseKind = 'application' | 'workOrder' | 'escalation';
export interface CaseRef {
  kind: CaseKind;
  id: string;
}

export const CASE_PATHS = { application: 'applications', workOrder: 'work-orders', escalation: 'escalations' } as const;

export const CASE_ACTIONS: Record<CaseKind, string[]> = {
  application: ['approve', 'return', 'resubmit', 'abandon', 'escalate'],
  workOrder: [
    'accept',
    'reply',
    'claim',
    'assign',
    'release',
    'transfer',
    'refuseTransfer',
    'returnToReviewer',
    'redispatch',
    'ask',
    'note',
    'close',
    'reactivate',
    'urge',
    'append',
    'returnVisit',
    'escalate',
  ],
  escalation: ['acknowledge', 'resolve'],
};

const BODIES: Record<string, [string, unknown]> = {
  approve: ['review', { decision: 'approve' }],
  return: ['review', { decision: 'return', reason: '资料不全' }],
  resubmit: ['resubmit', { demand: '补充了客户诉求' }],
  abandon: ['abandon', {}],
  accept: ['accept', {}],
  reply: ['reply', { result: '已联系客户', customerAccepted: true }],
  close: ['close', { meetsStandard: false }],
  reactivate: ['reactivate', { reason: '客户不认可' }],
  urge: ['urge', {}],
  append: ['append', { info: '客户补充了地址' }],
  returnVisit: ['return-visit', { satisfaction: 4 }],
  claim: ['claim', {}],
  assign: ['assign', { assignee: 'dept-operations-handler-2' }],
  release: ['release', {}],
  transfer: ['transfer', { to: 'dept-delivery', reasonCategory: '其他', reason: '应由投递部处理' }],
  refuseTransfer: ['refuse-transfer', { reason: '非本部门职责' }],
  returnToReviewer: ['return-to-reviewer', { reason: '派错部门' }],
  redispatch: ['redispatch', { to: 'dept-claims' }],
  ask: ['ask', { question: '请提供收件地址' }],
  note: ['note', { note: '内部备注' }],
  acknowledge: ['acknowledge', {}],
  resolve: ['resolve', {}],
};

export function actionRequest(c: CaseRef, action: string): { url: string; body: unknown } {
  if (action === 'escalate') return { url: '/v1/escalations', body: { subjectType: c.kind, subjectId: c.id, reason: '跨专业疑难' } };
  const [suffix, body] = BODIES[action]!;
  return { url: `/v1/${CASE_PATHS[c.kind]}/${c.id}/${suffix}`, body };
}
