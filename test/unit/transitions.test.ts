// The state machines of the process, every command from every status: legal ones give the state
// the seeds describe, illegal ones a refusal naming the status. Pure: no server.
import { describe, expect, it } from 'vitest';
import { casePolicyOf, loadPolicy, parsePolicy } from '../../config/policy.js';
import { APPLICATION_TRANSITIONS, applicationTransition, newApplication, type ApplicationCommand, type ApplicationState } from '../../domain/application.js';
import { assignedDepartment, reviewReminderAt, workOrderDeadlines } from '../../domain/deadlines.js';
import { ESCALATION_TRANSITIONS, escalationTransition, openEscalation, type EscalationCommand } from '../../domain/escalation.js';
import { isRefusal, type Refusal } from '../../domain/transitions.js';
import { APPLICATION_STATUSES, ESCALATION_STATUSES, WORK_ORDER_STATUSES } from '../../domain/vocabulary.js';
import {
  currentDeadline,
  newWorkOrder,
  WORK_ORDER_TRANSITIONS,
  workOrderIdFor,
  workOrderNumberFor,
  workOrderTransition,
  type WorkOrderCommand,
  type WorkOrderState,
} from '../../domain/work-order.js';

const policy = casePolicyOf(parsePolicy({}));
const T0 = Date.parse('2026-11-23T02:00:00Z'); // a Monday, 10:00 in Shanghai
const H = 3_600_000;
const actor = { userId: 'jinan-agent-1', org: 'jinan', role: 'office' as const };
const HANDLER = { userId: 'dept-operations-handler-1', name: '李强' };

const submitted = (): ApplicationState =>
  newApplication(
    {
      id: '9f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      number: 'SQ-20261123-00042',
      org: 'jinan',
      createdBy: actor,
      fields: {
        mailNumber: 'EA123456789CN',
        businessType: 'express_parcel',
        problemCategory: 'delay',
        demand: '尽快投递',
        customer: { name: '张三', phone: '13900000000' },
        complexity: 'simple',
      },
    },
    T0,
    policy,
  );
const inStatus = (status: ApplicationState['status']): ApplicationState => ({ ...submitted(), status });
const order = (status: WorkOrderState['status'], extra: Partial<WorkOrderState> = {}): WorkOrderState => ({
  ...newWorkOrder(submitted(), T0, policy),
  status,
  ...extra,
});

const sample: { [K in ApplicationCommand['type']]: Extract<ApplicationCommand, { type: K }> } = {
  approve: { type: 'approve', workOrderId: 'w', workOrderNumber: 'GD-1' },
  return: { type: 'return', reason: '资料不全' },
  resubmit: { type: 'resubmit', changes: { demand: '补充' } },
  abandon: { type: 'abandon' },
  reviewOverdue: { type: 'reviewOverdue' },
  autoAbandon: { type: 'autoAbandon' },
};

describe('application', () => {
  it.each(APPLICATION_STATUSES.flatMap((status) => Object.values(sample).map((c) => [status, c.type, c] as const)))(
    'from %s, %s: as the table says',
    (status, type, command) => {
      const result = applicationTransition(inStatus(status), command, T0 + H, policy);
      if ((APPLICATION_TRANSITIONS[type] as readonly string[]).includes(status)) {
        expect(isRefusal(result), JSON.stringify(result)).toBe(false);
      } else {
        expect(result).toMatchObject({ refused: true, code: 'INVALID_TRANSITION', action: type, status });
      }
    },
  );

  it('a new application is submitted with its review deadline from the policy; its creation is transition 1', () => {
    expect(submitted()).toMatchObject({
      status: 'submitted',
      reviewDeadline: new Date(T0 + policy.application.reviewDeadline).toISOString(),
      seq: 1,
      becameOrder: null,
    });
  });

  it('approve: closed as a work order, reviewed once, no deadline left', () => {
    const s = applicationTransition(submitted(), sample.approve, T0 + H, policy) as ApplicationState;
    expect(s).toMatchObject({
      status: 'closed',
      becameOrder: true,
      workOrderId: 'w',
      workOrderNumber: 'GD-1',
      reviewCount: 1,
      reviewDeadline: null,
      overdue: false,
    });
    expect(s.firstReviewedAt).toBe(new Date(T0 + H).toISOString());
  });

  it('return: needs a reason; sets the action deadline; resubmit: back to review with a new deadline; abandon: closed, no order', () => {
    expect(applicationTransition(submitted(), { type: 'return', reason: '  ' }, T0, policy)).toMatchObject({
      refused: true,
      code: 'VALIDATION',
      field: 'reason',
    });
    const returned = applicationTransition(submitted(), sample.return, T0 + H, policy) as ApplicationState;
    expect(returned).toMatchObject({
      status: 'returned',
      returnReason: '资料不全',
      returnCount: 1,
      reviewDeadline: null,
      actionDeadline: new Date(T0 + H + policy.application.returnedActionDeadline).toISOString(),
    });
    const again = applicationTransition(returned, sample.resubmit, T0 + 2 * H, policy) as ApplicationState;
    expect(again).toMatchObject({
      status: 'submitted',
      demand: '补充',
      returnReason: null,
      actionDeadline: null,
      reviewDeadline: new Date(T0 + 2 * H + policy.application.reviewDeadline).toISOString(),
    });
    expect(applicationTransition(returned, { type: 'autoAbandon' }, T0 + 80 * H, policy)).toMatchObject({
      status: 'closed',
      becameOrder: false,
      actionDeadline: null,
    });
  });

  it('the reminder falls at the policy’s share of the review window', () => {
    const s = submitted();
    expect(reviewReminderAt(s.updatedAt, s.reviewDeadline!, policy)).toBe(T0 + policy.application.reviewDeadline * policy.application.reviewReminderAt);
  });
});

const orderSample: { [K in WorkOrderCommand['type']]: Extract<WorkOrderCommand, { type: K }> } = {
  accept: { type: 'accept' },
  reply: { type: 'reply', result: '已投递', customerAccepted: true },
  close: { type: 'close', meetsStandard: false },
  reactivate: { type: 'reactivate', reason: '不满意' },
  urge: { type: 'urge' },
  append: { type: 'append' },
  returnVisit: { type: 'returnVisit', satisfaction: 4 },
  deadlineMissed: { type: 'deadlineMissed' },
  escalationLevel: { type: 'escalationLevel', level: 2 },
  claim: { type: 'claim', by: HANDLER },
  assign: { type: 'assign', to: HANDLER },
  autoAssign: { type: 'autoAssign', to: HANDLER },
  release: { type: 'release', why: 'by_hand' },
  transfer: { type: 'transfer', to: 'dept-claims', reasonCategory: '其他', reason: '涉及赔偿', by: HANDLER },
  refuseTransfer: { type: 'refuseTransfer', reason: '非本部门职责' },
  transferSettled: { type: 'transferSettled' },
  returnToReviewer: { type: 'returnToReviewer', reason: '应由投递部处理' },
  redispatch: { type: 'redispatch', to: 'dept-delivery' },
  ask: { type: 'ask', text: '请提供收件人地址', by: HANDLER },
  note: { type: 'note' },
};

/** What each command needs beyond its status (someone holds it, a transfer is pending, …): the table-driven test sets it up. */
const pending = { from: 'dept-delivery', to: 'dept-operations', at: new Date(T0).toISOString(), reasonCategory: '其他', reason: '转来', by: HANDLER };
const setUpFor = (refuseUntil: string): Partial<Record<WorkOrderCommand['type'], Partial<WorkOrderState>>> => ({
  release: { assignee: HANDLER },
  autoAssign: { autoAssign: true },
  refuseTransfer: { pendingTransfer: { ...pending, refuseUntil } },
  transferSettled: { pendingTransfer: { ...pending, refuseUntil } },
});

describe('work order', () => {
  // Far past every deadline (so deadlineMissed applies), within the reactivation window.
  const late = T0 + 100 * H;
  const withinWindow = { meetsStandard: false, reactivatableUntil: new Date(late + H).toISOString() };
  it.each(WORK_ORDER_STATUSES.flatMap((status) => Object.values(orderSample).map((c) => [status, c.type, c] as const)))(
    'from %s, %s: as the table says',
    (status, type, command) => {
      const result = workOrderTransition(order(status, { ...withinWindow, ...setUpFor(new Date(late + H).toISOString())[type] }), command, late, policy);
      if ((WORK_ORDER_TRANSITIONS[type] as readonly string[]).includes(status)) expect(isRefusal(result), JSON.stringify(result)).toBe(false);
      else expect(result).toMatchObject({ refused: true, code: 'INVALID_TRANSITION', action: type, status });
    },
  );

  it('an approved application becomes one order: id and number derive from the application’s', () => {
    const app = submitted();
    const wo = newWorkOrder(app, T0, policy);
    expect(wo.id).toBe(workOrderIdFor(app.id));
    expect(wo.id).toBe('9f1b2c3d-4e5f-5a6b-8c7d-9e0f1a2b3c4d');
    expect(wo.number).toBe(workOrderNumberFor(app.number));
    expect(wo.number).toBe('GD-20261123-00042');
    expect(wo).toMatchObject({ status: 'dispatched', assignedOrg: 'dept-operations', ...workOrderDeadlines(T0, 'delay', 'simple', policy) });
  });

  it('the deadline that applies: response while dispatched, resolution while accepted, none after', () => {
    const wo = order('dispatched');
    expect(currentDeadline(wo)).toEqual({ clock: 'response', deadline: wo.responseDeadline, startedAt: wo.dispatchedAt });
    expect(currentDeadline(order('accepted'))).toEqual({ clock: 'resolution', deadline: wo.resolutionDeadline, startedAt: wo.dispatchedAt });
    expect(currentDeadline(order('misrouted'))).toEqual({ clock: 'response', deadline: wo.responseDeadline, startedAt: wo.dispatchedAt });
    expect(currentDeadline(order('replied'))).toBeNull();
    expect(currentDeadline(order('closed'))).toBeNull();
  });

  it('deadlineMissed only once the deadline has passed', () => {
    const wo = order('dispatched');
    expect(workOrderTransition(wo, orderSample.deadlineMissed, Date.parse(wo.responseDeadline) - 1, policy)).toMatchObject({ refused: true });
    expect(workOrderTransition(wo, orderSample.deadlineMissed, Date.parse(wo.responseDeadline), policy)).toMatchObject({ overdue: true });
  });

  it('accept responds (overdue if already past the resolution deadline); reply resolves; close opens the reactivation window', () => {
    const accepted = workOrderTransition(order('dispatched'), orderSample.accept, T0 + H, policy) as WorkOrderState;
    expect(accepted).toMatchObject({ status: 'accepted', respondedAt: new Date(T0 + H).toISOString(), overdue: false });
    expect(workOrderTransition(order('dispatched'), orderSample.accept, T0 + 1000 * H, policy)).toMatchObject({ overdue: true });
    const replied = workOrderTransition(accepted, orderSample.reply, T0 + 2 * H, policy) as WorkOrderState;
    expect(replied).toMatchObject({
      status: 'replied',
      result: '已投递',
      customerAccepted: true,
      resolvedAt: new Date(T0 + 2 * H).toISOString(),
      overdue: false,
    });
    const closed = workOrderTransition(replied, orderSample.close, T0 + 3 * H, policy) as WorkOrderState;
    expect(closed).toMatchObject({
      status: 'closed',
      meetsStandard: false,
      reactivatableUntil: new Date(T0 + 3 * H + policy.workOrder.reactivationWindow).toISOString(),
    });
  });

  it('reactivate: only a result below the standard, only within the window; a fresh cycle', () => {
    const closedOk = order('closed', { meetsStandard: true, reactivatableUntil: new Date(T0 + H).toISOString() });
    expect(workOrderTransition(closedOk, orderSample.reactivate, T0, policy)).toMatchObject({
      refused: true,
      message: expect.stringContaining('meets the standard'),
    });
    const closedBad = order('closed', { meetsStandard: false, reactivatableUntil: new Date(T0 + H).toISOString(), respondedAt: 'x', result: 'r' });
    expect(workOrderTransition(closedBad, orderSample.reactivate, T0 + 2 * H, policy)).toMatchObject({
      refused: true,
      message: expect.stringContaining('window has passed'),
    });
    const again = workOrderTransition(closedBad, orderSample.reactivate, T0 + H / 2, policy) as WorkOrderState;
    expect(again).toMatchObject({
      status: 'dispatched',
      reactivationCount: 1,
      respondedAt: null,
      result: null,
      meetsStandard: null,
      ...workOrderDeadlines(T0 + H / 2, 'delay', 'simple', policy),
    });
  });

  it('routes by category, then international, then the default department (the committed policy)', () => {
    const committed = casePolicyOf(loadPolicy('config/policy.yaml'));
    expect(assignedDepartment('compensation', 'intl_export_ems', committed)).toBe('dept-claims');
    expect(assignedDepartment('delay', 'intl_export_ems', committed)).toBe('dept-international');
    expect(assignedDepartment('delay', 'express_parcel', committed)).toBe('dept-operations');
  });
});

const escSample: { [K in EscalationCommand['type']]: EscalationCommand } = {
  climb: { type: 'climb' },
  raise: { type: 'raise' },
  acknowledge: { type: 'acknowledge' },
  resolve: { type: 'resolve' },
};

describe('escalation', () => {
  const open = () =>
    openEscalation(
      { id: 'e', subjectType: 'workOrder', subjectId: 'w', subjectNumber: 'GD-20261123-00042', org: 'jinan', reason: '超时', ladder: policy.ladder },
      T0,
    );
  it.each(ESCALATION_STATUSES.flatMap((status) => Object.values(escSample).map((c) => [status, c.type, c] as const)))(
    'from %s, %s: as the table says',
    (status, type, command) => {
      const result = escalationTransition({ ...open(), status }, command, T0 + H);
      if ((ESCALATION_TRANSITIONS[type] as readonly string[]).includes(status)) expect(isRefusal(result)).toBe(false);
      else expect((result as Refusal).code).toBe('INVALID_TRANSITION');
    },
  );

  it('opens at level 1 with its limit; climbs and raises one level up to the top, no further', () => {
    const e = open();
    expect(e).toMatchObject({ level: 1, levelName: policy.ladder[0]!.name, levelDeadline: new Date(T0 + policy.ladder[0]!.limit).toISOString(), triggers: 1 });
    let s = e;
    for (let i = 0; i < policy.ladder.length + 2; i++) s = escalationTransition(s, escSample.climb, T0 + i) as typeof s;
    expect(s.level).toBe(policy.ladder.length);
    const raised = escalationTransition(e, escSample.raise, T0 + H) as typeof e;
    expect(raised).toMatchObject({ level: 2, triggers: 2, acknowledgedAt: null });
  });

  it('acknowledging stops the climb at this level; resolving ends it', () => {
    const acked = escalationTransition(open(), escSample.acknowledge, T0 + H) as ReturnType<typeof open>;
    expect(acked.acknowledgedAt).toBe(new Date(T0 + H).toISOString());
    expect(escalationTransition(acked, escSample.resolve, T0 + 2 * H)).toMatchObject({ status: 'resolved', levelDeadline: null });
  });
});
