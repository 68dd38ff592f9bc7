// Who may do what to a case now, written out by hand per kind, status and person, and compared
// with what the case kinds' rules answer (the API and the console both read those answers).
import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../domain/access.js';
import { applicationAllowedActions, applicationPermission, type ApplicationFacts } from '../../domain/application.js';
import { escalationAllowedActions, escalationPermission, type EscalationFacts } from '../../domain/escalation.js';
import type { Actor } from '../../domain/vocabulary.js';
import { workOrderAllowedActions, workOrderPermission, type WorkOrderFacts } from '../../domain/work-order.js';

const NOW = Date.parse('2026-11-23T02:00:00Z');
const later = new Date(NOW + 3_600_000).toISOString();
const earlier = new Date(NOW - 3_600_000).toISOString();

const person = (role: Actor['role'], org: string): Actor => ({ userId: `${role}-${org}`, org, role });
const office = person('office', 'jinan');
const otherOffice = person('office', 'qingdao');
const handler = person('handler', 'dept-operations');
const lead = { ...person('handler', 'dept-operations'), userId: 'lead-dept-operations', lead: true };
const me = { userId: handler.userId, name: '李强' };
const colleague = { userId: 'dept-operations-handler-2', name: '王芳' };
const transferHere = (refuseUntil: string) => ({
  from: 'dept-delivery',
  to: 'dept-operations',
  at: earlier,
  refuseUntil,
  reasonCategory: '非本部门职责',
  reason: '转来',
  by: { userId: 'dept-delivery-handler-1', name: null },
});
const otherHandler = person('handler', 'dept-claims');
const reviewer = person('reviewer', 'province');
const supervisor = person('supervisor', 'province');
const ops = person('ops', 'province');

describe('application', () => {
  const app = (status: ApplicationFacts['status']): ApplicationFacts => ({ status, org: 'jinan' });
  it.each([
    ['submitted', office, []],
    ['submitted', reviewer, ['approve', 'return', 'escalate']],
    ['submitted', supervisor, ['escalate']],
    ['returned', office, ['resubmit', 'abandon']],
    ['returned', otherOffice, []],
    ['returned', reviewer, ['escalate']],
    ['closed', office, []],
    ['closed', reviewer, []],
    ['submitted', ops, []],
  ] as const)('%s, %s: %j', (status, who, expected) => {
    expect(applicationAllowedActions(app(status), who, NOW)).toEqual(expected);
  });

  it('says why not: the role (403), another office (404), the state (409 with the status)', () => {
    expect(applicationPermission('approve', app('submitted'), office, NOW)).toEqual({ ok: false, why: 'role', roles: ['reviewer'] });
    expect(applicationPermission('abandon', app('returned'), otherOffice, NOW)).toEqual({ ok: false, why: 'party' });
    expect(applicationPermission('approve', app('closed'), reviewer, NOW)).toMatchObject({
      ok: false,
      why: 'state',
      refusal: { code: 'INVALID_TRANSITION', status: 'closed', allowedFrom: ['submitted'] },
    });
  });
});

describe('work order', () => {
  const order = (status: WorkOrderFacts['status'], extra: Partial<WorkOrderFacts> = {}): WorkOrderFacts => ({
    status,
    org: 'jinan',
    assignedOrg: 'dept-operations',
    meetsStandard: null,
    reactivatableUntil: null,
    satisfaction: null,
    assignee: null,
    pendingTransfer: null,
    pause: null,
    ...extra,
  });
  const closed = (extra: Partial<WorkOrderFacts>) => order('closed', { meetsStandard: false, reactivatableUntil: later, ...extra });
  it.each([
    ['dispatched', order('dispatched'), office, ['urge', 'append']],
    ['dispatched', order('dispatched'), otherOffice, []],
    ['dispatched, in the queue', order('dispatched'), handler, ['accept', 'claim', 'transfer', 'returnToReviewer', 'ask', 'note']],
    ['dispatched, in the queue', order('dispatched'), lead, ['accept', 'claim', 'assign', 'transfer', 'returnToReviewer', 'ask', 'pause', 'note']],
    ['dispatched, held by me', order('dispatched', { assignee: me }), handler, ['accept', 'release', 'transfer', 'returnToReviewer', 'ask', 'pause', 'note']],
    [
      'accepted, held by me, paused',
      order('accepted', { assignee: me, pause: { at: earlier, until: later, reasonCategory: '等待第三方', reason: '海关', by: me } }),
      handler,
      ['reply', 'release', 'transfer', 'ask', 'resume', 'note'],
    ],
    ['dispatched, held by a colleague', order('dispatched', { assignee: colleague }), handler, ['note']],
    [
      'dispatched, held by a colleague',
      order('dispatched', { assignee: colleague }),
      lead,
      ['accept', 'assign', 'release', 'transfer', 'returnToReviewer', 'ask', 'pause', 'note'],
    ],
    [
      'dispatched, just transferred here',
      order('dispatched', { pendingTransfer: transferHere(later) }),
      handler,
      ['accept', 'claim', 'transfer', 'refuseTransfer', 'returnToReviewer', 'ask', 'note'],
    ],
    [
      'dispatched, transferred here long ago',
      order('dispatched', { pendingTransfer: transferHere(earlier) }),
      handler,
      ['accept', 'claim', 'transfer', 'returnToReviewer', 'ask', 'note'],
    ],
    ['dispatched', order('dispatched'), otherHandler, []],
    ['dispatched', order('dispatched'), reviewer, ['escalate']],
    ['accepted', order('accepted'), handler, ['reply', 'claim', 'transfer', 'ask', 'note']],
    ['accepted', order('accepted'), supervisor, ['escalate']],
    ['replied', order('replied'), reviewer, ['close', 'escalate']],
    ['replied', order('replied'), handler, ['note']],
    ['sent back to the reviewer', order('misrouted'), reviewer, ['redispatch', 'escalate']],
    ['sent back to the reviewer', order('misrouted'), handler, ['note']],
    ['sent back to the reviewer', order('misrouted'), office, ['urge', 'append']],
    ['closed below standard, in the window', closed({}), office, ['reactivate']],
    ['closed below standard, in the window', closed({}), reviewer, ['reactivate', 'returnVisit']],
    ['closed below standard, window over', closed({ reactivatableUntil: earlier }), office, []],
    ['closed below standard, window over', closed({ reactivatableUntil: earlier }), reviewer, ['returnVisit']],
    ['closed to standard', closed({ meetsStandard: true }), office, []],
    ['closed to standard', closed({ meetsStandard: true }), reviewer, ['returnVisit']],
    ['closed, visited', closed({ meetsStandard: true, satisfaction: 4 }), reviewer, []],
    ['closed', closed({}), handler, ['note']],
    ['closed', closed({}), ops, []],
  ] as const)('%s, %s: %j', (_what, facts, who, expected) => {
    expect(workOrderAllowedActions(facts, who, NOW)).toEqual(expected);
  });

  it('says why not', () => {
    expect(workOrderPermission('accept', order('dispatched'), otherHandler, NOW)).toEqual({ ok: false, why: 'party' });
    expect(workOrderPermission('claim', order('dispatched', { assignee: colleague }), handler, NOW)).toMatchObject({
      why: 'state',
      refusal: { message: 'cannot claim: 王芳 holds it' },
    });
    expect(workOrderPermission('reply', order('accepted', { assignee: colleague }), handler, NOW)).toEqual({
      ok: false,
      why: 'person',
      message: "assigned to 王芳: only they or the department's lead may",
    });
    expect(workOrderPermission('assign', order('dispatched'), handler, NOW)).toEqual({ ok: false, why: 'person', message: "only the department's lead may" });
    expect(workOrderPermission('urge', order('dispatched'), handler, NOW)).toEqual({ ok: false, why: 'role', roles: ['office'] });
    expect(workOrderPermission('reactivate', closed({ meetsStandard: true }), office, NOW)).toMatchObject({
      why: 'state',
      refusal: { message: expect.stringContaining('meets the standard') },
    });
    expect(workOrderPermission('reactivate', closed({ reactivatableUntil: earlier }), office, NOW)).toMatchObject({
      why: 'state',
      refusal: { message: expect.stringContaining('window has passed') },
    });
    expect(workOrderPermission('returnVisit', closed({ satisfaction: 5 }), reviewer, NOW)).toMatchObject({
      why: 'state',
      refusal: { message: expect.stringContaining('return visit of this closure') },
    });
  });
});

describe('escalation', () => {
  const esc = (status: EscalationFacts['status'], acknowledgedAt: string | null = null): EscalationFacts => ({ status, acknowledgedAt });
  it.each([
    ['open', esc('open'), supervisor, ['acknowledge', 'resolve']],
    ['open, acknowledged', esc('open', earlier), supervisor, ['resolve']],
    ['open', esc('open'), reviewer, ['resolve']],
    ['open', esc('open'), office, []],
    ['resolved', esc('resolved'), supervisor, []],
  ] as const)('%s, %s: %j', (_what, facts, who, expected) => {
    expect(escalationAllowedActions(facts, who, NOW)).toEqual(expected);
  });
  it('says why not', () => {
    expect(escalationPermission('acknowledge', esc('open'), reviewer, NOW)).toEqual({ ok: false, why: 'role', roles: ['supervisor'] });
  });
});

describe('capabilities: the screens each role reaches', () => {
  it.each([
    [
      'office',
      [
        ...[
          'signedIn',
          'createApplication',
          'readApplications',
          'readApplication',
          'readWorkOrders',
          'readEscalations',
          'workQueue',
          'lookUpMailItem',
          'reports',
        ],
        ...['quickReplies', 'knowledgeBase', 'search', 'savedViews', 'bulkActions'],
      ],
    ],
    [
      'handler',
      [
        ...['signedIn', 'readApplication', 'readWorkOrders', 'readEscalations', 'workQueue', 'deskPeople', 'performanceReports'],
        ...['quickReplies', 'knowledgeBase', 'editArticles', 'search', 'savedViews', 'bulkActions'],
      ],
    ],
    [
      'reviewer',
      [
        'signedIn',
        'readApplications',
        'readApplication',
        'readWorkOrders',
        'readEscalations',
        'reviewQueue',
        'escalationBoard',
        'deskPeople',
        'reviewOrders',
        'openEscalation',
        'lookUpMailItem',
        'reports',
        'performanceReports',
        ...['quickReplies', 'knowledgeBase', 'editArticles', 'search', 'savedViews', 'bulkActions'],
      ],
    ],
    [
      'ops',
      [
        ...[
          'signedIn',
          'readApplications',
          'readApplication',
          'readWorkOrders',
          'readEscalations',
          'deskPeople',
          'lookUpMailItem',
          'reports',
          'performanceReports',
          'operate',
        ],
        'search',
        'savedViews',
      ],
    ],
    ['integration', ['signedIn', 'lookUpMailItem', 'registerMailItem']],
  ] as const)('%s: %j', (role, expected) => {
    expect(capabilitiesOf(role)).toEqual(expected);
  });
});
