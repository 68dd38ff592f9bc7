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
  workOrder: ['accept', 'reply', 'close', 'reactivate', 'urge', 'append', 'returnVisit', 'escalate'],
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
  acknowledge: ['acknowledge', {}],
  resolve: ['resolve', {}],
};

export function actionRequest(c: CaseRef, action: string): { url: string; body: unknown } {
  if (action === 'escalate') return { url: '/v1/escalations', body: { subjectType: c.kind, subjectId: c.id, reason: '跨专业疑难' } };
  const [suffix, body] = BODIES[action]!;
  return { url: `/v1/${CASE_PATHS[c.kind]}/${c.id}/${suffix}`, body };
}
