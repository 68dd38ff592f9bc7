// 服务工单: dispatched → accepted → replied → closed; a closed order that does not meet the
// standard may be reactivated (fresh deadlines) within the window. Missed deadlines escalate.
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { assertTransition } from '../domain/transitions.js';
import { SYSTEM_ACTOR } from '../domain/vocabulary.js';
import { currentDeadline, isOpen, isOverdueAt, WORK_ORDER_TRANSITIONS, type WorkOrderState } from '../domain/work-order.js';
import { workOrderDeadlines } from '../domain/work-order-policy.js';
import { escalationHook } from './escalate.js';
import * as msg from './messages.js';
import { iso, msUntil, type CasePolicy } from './policy.js';
import { createRecorder } from './recorder.js';
import { workOrderSearch } from './search-attributes.js';

export interface WorkOrderInput {
  workOrder: WorkOrderState;
  policy: CasePolicy;
}

export async function workOrderWorkflow({ workOrder, policy }: WorkOrderInput): Promise<WorkOrderState> {
  const state = workOrder;
  const recorder = createRecorder(state, workOrderSearch);
  const escalation = escalationHook(policy, 'workOrder', state, () => state.escalationLevel > 0);
  const handler = { org: state.assignedOrg, role: 'handler' as const };
  let version = 0; // bumped on every transition: wakes the deadline watcher
  const guard = (action: keyof typeof WORK_ORDER_TRANSITIONS) => (_cmd: unknown) => assertTransition(WORK_ORDER_TRANSITIONS, action, state.status);
  const touch = () => {
    version += 1;
    state.updatedAt = iso(Date.now());
  };

  // Dispatch is recorded first, even when updates are already waiting for their handlers.
  const dispatched =
    state.seq === 0
      ? recorder.record('dispatched', SYSTEM_ACTOR, { assignedOrg: state.assignedOrg, responseDeadline: state.responseDeadline, resolutionDeadline: state.resolutionDeadline }, [
          { channel: 'notice', to: handler, body: `新工单 ${state.number} (邮件号 ${state.mailNumber}) 已派发` },
        ])
      : undefined;

  setHandler(msg.workOrderState, () => state);
  setHandler(msg.acceptWorkOrder, async ({ actor }) => {
    state.status = 'accepted';
    state.respondedAt = iso(Date.now());
    state.overdue = isOverdueAt(state, Date.now());
    touch();
    await recorder.record('accepted', actor);
    return state;
  }, { validator: guard('accept') });
  setHandler(msg.replyWorkOrder, async ({ actor, result, customerAccepted }) => {
    Object.assign(state, { status: 'replied', result, customerAccepted, resolvedAt: iso(Date.now()), overdue: false });
    touch();
    await recorder.record('replied', actor, { result, customerAccepted });
    return state;
  }, { validator: guard('reply') });
  setHandler(msg.closeWorkOrder, async ({ actor, meetsStandard }) => {
    const now = Date.now();
    Object.assign(state, { status: 'closed', meetsStandard, closedAt: iso(now), overdue: false, reactivatableUntil: iso(now + policy.workOrder.reactivationWindow) });
    touch();
    await recorder.record('closed', actor, { meetsStandard });
    await escalation.subjectResolved('work order closed');
    return state;
  }, { validator: guard('close') });
  setHandler(msg.reactivateWorkOrder, async ({ actor, reason }) => {
    const now = Date.now();
    Object.assign(state, {
      status: 'dispatched', ...workOrderDeadlines(now, state.problemCategory, state.complexity, policy),
      respondedAt: null, resolvedAt: null, result: null, customerAccepted: null, meetsStandard: null,
      closedAt: null, reactivatableUntil: null, overdue: false, reactivationCount: state.reactivationCount + 1,
    });
    touch();
    await recorder.record('reactivated', actor, { reason, cycle: state.reactivationCount + 1 }, [
      { channel: 'notice', to: handler, body: `工单 ${state.number} 已激活: ${reason}` },
    ]);
    return state;
  }, {
    validator: (_cmd) => {
      assertTransition(WORK_ORDER_TRANSITIONS, 'reactivate', state.status);
      if (state.meetsStandard !== false) throw notAllowed('reactivate', 'the closed result meets the standard: explain it to the customer');
      if (state.reactivatableUntil && Date.now() > Date.parse(state.reactivatableUntil)) throw notAllowed('reactivate', 'the reactivation window has passed');
    },
  });
  setHandler(msg.urgeWorkOrder, async ({ actor, note }) => {
    state.urgeCount += 1;
    state.updatedAt = iso(Date.now());
    const overdue = isOverdueAt(state, Date.now());
    await recorder.record('urged', actor, { note: note ?? null, overdue }, [
      { channel: 'notice', to: handler, body: `工单 ${state.number} 催单 (#${state.urgeCount})${note ? `: ${note}` : ''}` },
    ]);
    if (overdue) await escalation.trigger('urged while overdue', state.seq);
    return state;
  }, { validator: guard('urge') });
  setHandler(msg.appendWorkOrder, async ({ actor, info }) => {
    state.updatedAt = iso(Date.now());
    await recorder.record('appended', actor, { info }, [{ channel: 'notice', to: handler, body: `工单 ${state.number} 信息追加: ${info}` }]);
    return state;
  }, { validator: guard('append') });
  setHandler(msg.returnVisitWorkOrder, async ({ actor, satisfaction, note }) => {
    state.satisfaction = satisfaction;
    state.updatedAt = iso(Date.now());
    await recorder.record('return_visit', actor, { satisfaction, note: note ?? null });
    return state;
  }, { validator: guard('returnVisit') });
  setHandler(msg.escalationLevelChanged, async ({ level }) => {
    if (state.escalationLevel === level) return;
    state.escalationLevel = level;
    state.updatedAt = iso(Date.now());
    await recorder.record('escalation_level', SYSTEM_ACTOR, { level });
  });

  // --- the process ---
  await dispatched;
  for (;;) {
    if (isOpen(state)) await watchDeadline();
    else if (!(await condition(() => isOpen(state) || historyTooLong(), msUntil(state.reactivatableUntil!)))) break; // window over
    if (historyTooLong()) {
      await recorder.settle();
      await continueAsNew<typeof workOrderWorkflow>({ workOrder: state, policy });
    }
  }
  await recorder.settle();
  return state;

  async function watchDeadline(): Promise<void> {
    const seen = version;
    const deadline = currentDeadline(state)!;
    if (state.overdue) {
      await condition(() => version !== seen || historyTooLong());
      return;
    }
    if (await condition(() => version !== seen || historyTooLong(), msUntil(deadline))) return;
    const which = state.respondedAt ? 'resolution' : 'response';
    state.overdue = true;
    state.updatedAt = iso(Date.now());
    await recorder.record(`${which}_overdue`, SYSTEM_ACTOR, { deadline });
    await escalation.trigger(`${which} deadline ${deadline} missed`, state.seq);
  }
}

/** Temporal suggests continue-as-new when the history grows long (urges on a long-open order). */
const historyTooLong = () => workflowInfo().continueAsNewSuggested;

function notAllowed(action: string, why: string) {
  return ApplicationFailure.create({ type: 'INVALID_TRANSITION', message: `cannot ${action}: ${why}`, details: [{ status: 'closed', action, why }], nonRetryable: true });
}
