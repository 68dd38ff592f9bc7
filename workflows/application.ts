// 内部客服申请单: submitted → (approve) closed as a work order, or submitted → (return) returned →
// (resubmit) submitted … → (abandon / action deadline) closed without one.
import {
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  APPLICATION_TRANSITIONS,
  applyAbandon,
  applyApprove,
  applyResubmit,
  applyReturn,
  type ApplicationState,
} from '../domain/application.js';
import { assertTransition } from '../domain/transitions.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/vocabulary.js';
import { newWorkOrderState } from '../domain/work-order.js';
import { projections } from './activities.js';
import { escalationHook } from './escalate.js';
import * as msg from './messages.js';
import { iso, msUntil, type CasePolicy } from './policy.js';
import { createRecorder } from './recorder.js';
import { applicationSearch, searchAttributes, workOrderSearch } from './search-attributes.js';
import { isPatched, PATCHES } from './patches.js';
import { workOrderWorkflow } from './work-order.js';

export interface ApplicationInput {
  application: ApplicationState;
  policy: CasePolicy;
}

export async function applicationWorkflow({ application, policy }: ApplicationInput): Promise<ApplicationState> {
  const state = application;
  const recorder = createRecorder(state, applicationSearch);
  const escalation = escalationHook(policy, 'application', state);
  let childStart: Promise<void> | undefined;

  // The case exists before any decision: 'created' takes the first sequence number even when
  // updates are already waiting (they run as soon as their handler is set).
  const created = state.seq === 0 ? recorder.record('created', state.createdBy, { number: state.number, mailNumber: state.mailNumber }) : undefined;

  // --- decisions (updates: validated first, answered when recorded) ---
  setHandler(msg.applicationState, () => state);
  setHandler(
    msg.reviewApplication,
    async ({ decision, reason, actor }) => {
      if (decision === 'approve') await approve(actor);
      else await returnToOffice(actor, reason!);
      await escalation.subjectResolved('reviewed');
      return state;
    },
    {
      validator: ({ decision, reason }) => {
        assertTransition(APPLICATION_TRANSITIONS, 'review', state.status);
        if (decision === 'return' && !reason?.trim()) {
          throw ApplicationFailure.create({ type: 'VALIDATION', message: 'reason is required to return', details: [{ field: 'reason', rule: 'required' }], nonRetryable: true });
        }
      },
    },
  );
  setHandler(
    msg.resubmitApplication,
    async ({ changes, actor }) => {
      applyResubmit(state, changes, iso(Date.now()), iso(Date.now() + policy.application.reviewDeadline));
      await recorder.record('resubmitted', actor, { changes });
      return state;
    },
    { validator: (_cmd) => assertTransition(APPLICATION_TRANSITIONS, 'resubmit', state.status) },
  );
  setHandler(
    msg.abandonApplication,
    async ({ reason, actor }) => {
      applyAbandon(state, iso(Date.now()));
      await recorder.record('abandoned', actor, { reason: reason ?? null });
      return state;
    },
    { validator: (_cmd) => assertTransition(APPLICATION_TRANSITIONS, 'abandon', state.status) },
  );

  // --- the process ---
  await created;
  while (state.status !== 'closed') {
    if (state.status === 'submitted') await awaitReview();
    else await awaitOfficeAction();
  }
  await recorder.settle(); // the approval's handler has finished: childStart is set
  await childStart; // completing first would drop the work order's start
  return state;

  // --- steps ---
  async function awaitReview(): Promise<void> {
    if (isPatched(PATCHES.reviewReminder) && !state.overdue && (await remindReviewers())) return;
    if (await condition(() => state.status !== 'submitted', msUntil(state.reviewDeadline!))) return;
    state.overdue = true;
    state.updatedAt = iso(Date.now());
    await recorder.record('review_overdue', SYSTEM_ACTOR, { reviewDeadline: state.reviewDeadline }, [
      { channel: 'notice', to: { org: policy.provincialOrg, role: 'reviewer' }, body: `申请单 ${state.number} 审核超时 (review overdue)` },
    ]);
    await escalation.trigger(`review deadline ${state.reviewDeadline} missed`, state.seq);
    await condition(() => state.status !== 'submitted');
  }

  /** At the policy's share of the review window, remind the reviewers once; true if reviewed meanwhile. */
  async function remindReviewers(): Promise<boolean> {
    const share = policy.application.reviewReminderAt ?? 0.8; // inputs of cases started before this setting existed lack it
    const remindAt = Date.parse(state.updatedAt) + (Date.parse(state.reviewDeadline!) - Date.parse(state.updatedAt)) * share;
    if (await condition(() => state.status !== 'submitted', Math.max(1, remindAt - Date.now()))) return true;
    await recorder.record('review_reminder', SYSTEM_ACTOR, { reviewDeadline: state.reviewDeadline }, [
      { channel: 'notice', to: { org: policy.provincialOrg, role: 'reviewer' }, body: `申请单 ${state.number} 将于 ${state.reviewDeadline} 审核超时 (review due soon)` },
    ]);
    return false;
  }

  async function awaitOfficeAction(): Promise<void> {
    if (await condition(() => state.status !== 'returned', msUntil(state.actionDeadline!))) return;
    applyAbandon(state, iso(Date.now()));
    await recorder.record('auto_abandoned', SYSTEM_ACTOR, { reason: 'returned application not acted on before its deadline' });
  }

  async function approve(actor: Actor): Promise<void> {
    const now = Date.now();
    applyApprove(state, uuid4(), iso(now));
    const order = newWorkOrderState(state, state.workOrderId!, now, policy);
    const record = await projections().createWorkOrderRecord(order);
    // Approved again after an ops reset (fresh randomness, so a fresh id): the order recorded first stands.
    // (Histories from before the record carried its id have none: theirs is the one they made.)
    order.id = record.id ?? order.id;
    state.workOrderId = order.id;
    const number = record.number;
    state.workOrderNumber = number;
    const started = startChild(workOrderWorkflow, {
      workflowId: msg.workflowIds.workOrder(order.id),
      args: [{ workOrder: { ...order, number }, policy }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      ...(isPatched(PATCHES.searchAttributesOnChange) ? { searchAttributes: searchAttributes(workOrderSearch(order)) } : {}),
    }).then(
      () => undefined,
      (error) => {
        // Already running (a reset replayed this step): the order exists, carry on.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      },
    );
    if (isPatched(PATCHES.childStartInBackground)) {
      // The start command commits with this transition; the answer need not wait for the child's
      // first task (the API waits briefly for a work order that is still starting).
      childStart = started;
    } else {
      await started;
    }
    await recorder.record('approved', actor, { workOrderId: order.id, workOrderNumber: number });
  }

  async function returnToOffice(actor: Actor, reason: string): Promise<void> {
    const now = Date.now();
    applyReturn(state, reason, iso(now), iso(now + policy.application.returnedActionDeadline));
    await recorder.record('returned', actor, { reason }, [
      {
        channel: 'sms',
        to: { userId: state.createdBy.userId },
        body: `【邮政客服】您的内部客服申请单 ${state.number}（邮件号 ${state.mailNumber}）已被退回：${reason}。请修改后重新提交或放弃。`,
      },
    ]);
  }
}
