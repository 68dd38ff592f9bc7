// One case, one workflow: 内部客服申请单 → (approve) 服务工单 … or (return) → resubmit … / abandon.
//   submitted ──review: approve──▶ closed, became the work order: dispatched → accepted → replied
//      ▲  │                           → closed (→ reactivated within the window, if not to standard)
//      │  └─review: return──▶ returned ──abandon / action deadline──▶ closed, no work order
//      └──────resubmit────────┘
// Missed review, response and resolution deadlines raise the subject's escalation.
import { condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ApplicationInput } from '../contract/inputs.js';
import * as msg from '../contract/messages.js';
import { applicationPermission, applicationTransition, type ApplicationCommand, type ApplicationState } from '../domain/application.js';
import type { CaseState } from '../domain/case.js';
import { msUntil, reviewReminderAt } from '../domain/deadlines.js';
import { notices, type Message } from '../domain/notices.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/vocabulary.js';
import { newWorkOrder, withDesk, workOrderTransition, type WorkOrderCommand, type WorkOrderState } from '../domain/work-order.js';
import { refuse, type Decision, type Refusal } from '../domain/transitions.js';
import { check, must, permit } from './decide.js';
import { escalationOf } from './escalate.js';
import { createRecorder, type Change } from './recorder.js';
import { remindBeforeDeadline } from './review-reminder.js';
import { handleOrderMessages, runWorkOrder, type OrderContext } from './work-order.js';

export async function applicationWorkflow({ application, policy, resume }: ApplicationInput): Promise<CaseState> {
  // A continued run's order may predate the desk: it takes the desk's fields as they were then.
  const c: CaseState = resume?.state
    ? { ...resume.state, workOrder: resume.state.workOrder && withDesk(resume.state.workOrder) }
    : { application, workOrder: null };
  // 'created' was recorded with the API's reservation (seq 1); this workflow records from there on.
  const recorder = createRecorder(resume?.seq ?? application.seq);
  const appEscalation = escalationOf(policy, 'application', () => c.application);
  const orderEscalation = escalationOf(
    policy,
    'workOrder',
    () => c.workOrder!,
    () => (c.workOrder?.escalationLevel ?? 0) > 0,
  );
  const now = () => Date.now();
  const app = (cmd: ApplicationCommand) => applicationTransition(c.application, cmd, now(), policy);
  const order = (cmd: WorkOrderCommand): Decision<WorkOrderState> =>
    c.workOrder ? workOrderTransition(c.workOrder, cmd, now(), policy) : noOrderYet(cmd.type);

  /** Records a transition: the case takes the stamped states at once, then the write completes. */
  async function record(changes: Change[], messages?: Message[]): Promise<number> {
    const { states, written } = recorder.record(changes, messages);
    for (const s of states) {
      if (s.kind === 'application') c.application = s;
      else if (s.kind === 'workOrder') c.workOrder = s;
    }
    await written;
    return recorder.seq();
  }

  // --- decisions on the application (updates: validated first, answered when recorded) ---
  setHandler(msg.caseState, () => c);
  setHandler(
    msg.reviewApplication,
    async (cmd) => {
      if (cmd.decision === 'approve') await approve(cmd.actor);
      else await returnToOffice(cmd.actor, cmd.reason);
      await appEscalation.resolved('reviewed');
      return c;
    },
    {
      validator: (cmd) => {
        permit(applicationPermission(cmd.decision === 'approve' ? 'approve' : 'return', c.application, cmd.actor, now()));
        check(app(cmd.decision === 'approve' ? { type: 'approve', workOrderId: '', workOrderNumber: '' } : { type: 'return', reason: cmd.reason ?? '' }));
      },
    },
  );
  setHandler(
    msg.resubmitApplication,
    async ({ actor, changes }) => {
      await record([{ state: must(app({ type: 'resubmit', changes })), action: 'resubmitted', actor, detail: { changes } }]);
      return c;
    },
    {
      validator: ({ changes, actor }) => {
        permit(applicationPermission('resubmit', c.application, actor, now()));
        check(app({ type: 'resubmit', changes }));
      },
    },
  );
  setHandler(
    msg.abandonApplication,
    async ({ actor, note }) => {
      await record([{ state: must(app({ type: 'abandon' })), action: 'abandoned', actor, detail: { reason: note ?? null } }]);
      return c;
    },
    {
      validator: ({ actor }) => {
        permit(applicationPermission('abandon', c.application, actor, now()));
        check(app({ type: 'abandon' }));
      },
    },
  );

  // --- the work order's decisions and life (work-order.ts) ---
  const orderContext: OrderContext = { c, policy, order, record, escalation: orderEscalation, historyTooLong };
  handleOrderMessages(orderContext);

  // --- the process ---
  while (c.application.status !== 'closed') {
    if (c.application.status === 'submitted') await awaitReview();
    else await awaitOfficeAction();
  }
  if (c.workOrder)
    await runWorkOrder(orderContext, async () => {
      await recorder.settle();
      return continueAsNew<typeof applicationWorkflow>({ application: c.application, policy, resume: { state: c, seq: recorder.seq() } });
    });
  await recorder.settle();
  return c;

  // --- steps ---
  async function awaitReview(): Promise<void> {
    const reviewed = () => c.application.status !== 'submitted';
    const submitted = c.application;
    if (!submitted.overdue) {
      const remind = () =>
        record(
          [{ state: c.application, action: 'review_reminder', actor: SYSTEM_ACTOR, detail: { reviewDeadline: submitted.reviewDeadline } }],
          [notices.reviewDueSoon(c.application, policy)],
        );
      if (await remindBeforeDeadline(reviewed, reviewReminderAt(submitted.updatedAt, submitted.reviewDeadline!, policy), remind)) return;
      if (await condition(reviewed, msUntil(submitted.reviewDeadline!, now()))) return;
      const seq = await record(
        [{ state: must(app({ type: 'reviewOverdue' })), action: 'review_overdue', actor: SYSTEM_ACTOR, detail: { reviewDeadline: submitted.reviewDeadline } }],
        [notices.reviewOverdue(c.application, policy)],
      );
      await appEscalation.trigger(`review deadline ${submitted.reviewDeadline} missed`, seq);
    }
    await condition(reviewed);
  }

  async function awaitOfficeAction(): Promise<void> {
    if (await condition(() => c.application.status !== 'returned', msUntil(c.application.actionDeadline!, now()))) return;
    await record([
      {
        state: must(app({ type: 'autoAbandon' })),
        action: 'auto_abandoned',
        actor: SYSTEM_ACTOR,
        detail: { reason: 'returned application not acted on before its deadline' },
      },
    ]);
  }

  async function approve(actor: Actor): Promise<void> {
    const wo = newWorkOrder(c.application, now(), policy);
    // One transition of two records: the order dispatched (first: the notice is about it), the application approved.
    await record(
      [
        {
          state: wo,
          action: 'dispatched',
          actor: SYSTEM_ACTOR,
          detail: { assignedOrg: wo.assignedOrg, responseDeadline: wo.responseDeadline, resolutionDeadline: wo.resolutionDeadline },
        },
        {
          state: must(app({ type: 'approve', workOrderId: wo.id, workOrderNumber: wo.number })),
          action: 'approved',
          actor,
          detail: { workOrderId: wo.id, workOrderNumber: wo.number },
        },
      ],
      [notices.dispatched(wo)],
    );
  }

  async function returnToOffice(actor: Actor, reason: string): Promise<void> {
    const returned = must(app({ type: 'return', reason }));
    await record([{ state: returned, action: 'returned', actor, detail: { reason } }], [notices.returned(returned)]);
  }
}

/** Temporal suggests continue-as-new when the history grows long (urges on a long-open order). */
const historyTooLong = () => workflowInfo().continueAsNewSuggested;

const noOrderYet = (action: string): Refusal => refuse(action, 'submitted', 'the application has not become a work order');

export type { ApplicationState };
