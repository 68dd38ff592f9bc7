// The work order's part of its case: the decisions people send it (the department's desk, the
// office, the reviewer) and its own life — the clocks and timers that apply, the department's
// automatic assignment, and the reactivation window after closing.
//   dispatched ─accept─▶ accepted ─reply─▶ replied ─close─▶ closed ─(reactivate, within the window)─▶ dispatched
//   in the department: claim / assign / release; transfer ─▶ another department (which may refuse);
//   dispatched ─return to reviewer─▶ misrouted ─redispatch─▶ dispatched
import type { UpdateDefinition } from '@temporalio/common';
import { condition, setHandler } from '@temporalio/workflow';
import * as msg from '../contract/messages.js';
import type { CaseState } from '../domain/case.js';
import { msUntil } from '../domain/deadlines.js';
import { clockPolicy } from '../domain/clocks.js';
import { deskSettings } from '../domain/desk.js';
import { notices, type Message } from '../domain/notices.js';
import type { CasePolicy } from '../domain/policy.js';
import type { Decision } from '../domain/transitions.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/vocabulary.js';
import {
  currentDeadline,
  isOpen,
  nextTimer,
  tooManyTransfers,
  urgeEscalates,
  workOrderPermission,
  type Person,
  type WorkOrderAction,
  type WorkOrderCommand,
  type WorkOrderState,
} from '../domain/work-order.js';
import { desk } from './activities.js';
import { check, must, permit } from './decide.js';
import type { escalationOf } from './escalate.js';
import type { Change } from './recorder.js';

export interface OrderContext {
  c: CaseState;
  policy: CasePolicy;
  order(cmd: WorkOrderCommand): Decision<WorkOrderState>;
  record(changes: Change[], messages?: Message[]): Promise<number>;
  escalation: ReturnType<typeof escalationOf>;
  /** Temporal suggests continuing as new. */
  historyTooLong(): boolean;
}

const personOf = (a: Actor): Person => ({ userId: a.userId, name: a.name ?? null });
const attachmentsOf = (a: { attachments?: msg.AttachmentRef[] }) => (a.attachments?.length ? { attachments: a.attachments } : {});

interface OrderUpdate<A extends msg.Command> {
  /** The action as the rules of who may name it. */
  name: WorkOrderAction;
  command: (a: A) => WorkOrderCommand;
  /** The history entry's action. */
  action: string;
  detail?: (a: A, before: WorkOrderState, after: WorkOrderState) => Record<string, unknown>;
  tell?: (wo: WorkOrderState, a: A, before: WorkOrderState) => Message[];
  after?: (wo: WorkOrderState, seq: number, detail: Record<string, unknown>) => Promise<void>;
  visibility?: 'department';
}

/** Registers the work order's updates and signals on the case's workflow. */
export function handleOrderMessages(ctx: OrderContext): void {
  const { c, policy, order, record } = ctx;

  /** An update on the work order: validated first (refused before anything is recorded), answered when recorded. */
  function onOrder<A extends msg.Command>(def: UpdateDefinition<CaseState, [A]>, u: OrderUpdate<A>) {
    setHandler(
      def,
      async (a: A) => {
        const before = c.workOrder!;
        const wo = must(order(u.command(a)));
        // Decided once, before it is recorded: the history says what was done.
        const detail = u.detail?.(a, before, wo) ?? {};
        const seq = await record([{ state: wo, action: u.action, actor: a.actor, detail, visibility: u.visibility }], u.tell?.(wo, a, before) ?? []);
        await u.after?.(c.workOrder!, seq, detail);
        return c;
      },
      {
        validator: (a: A) => {
          if (c.workOrder) permit(workOrderPermission(u.name, c.workOrder, a.actor, Date.now()));
          check(order(u.command(a)));
        },
      },
    );
  }

  onOrder(msg.acceptWorkOrder, { name: 'accept', command: (a) => ({ type: 'accept', by: personOf(a.actor) }), action: 'accepted' });
  onOrder(msg.replyWorkOrder, {
    name: 'reply',
    command: ({ result, customerAccepted, actor }) => ({ type: 'reply', result, customerAccepted, by: personOf(actor) }),
    action: 'replied',
    detail: (a) => ({ result: a.result, customerAccepted: a.customerAccepted, ...attachmentsOf(a) }),
  });
  onOrder(msg.closeWorkOrder, {
    name: 'close',
    command: ({ meetsStandard }) => ({ type: 'close', meetsStandard }),
    action: 'closed',
    detail: ({ meetsStandard }) => ({ meetsStandard }),
    after: () => ctx.escalation.resolved('work order closed'),
  });
  onOrder(msg.reactivateWorkOrder, {
    name: 'reactivate',
    command: ({ reason }) => ({ type: 'reactivate', reason }),
    action: 'reactivated',
    // The new cycle's deadlines, as the dispatch's entry names them (the performance reports' on-time verdicts).
    detail: ({ reason }, before, after) => ({
      reason,
      cycle: before.reactivationCount + 1,
      responseDeadline: after.responseDeadline,
      resolutionDeadline: after.resolutionDeadline,
    }),
    tell: (wo, { reason }) => [notices.reactivated(wo, reason)],
  });
  onOrder(msg.urgeWorkOrder, {
    name: 'urge',
    command: () => ({ type: 'urge' }),
    action: 'urged',
    detail: ({ note }, before) => ({ note: note ?? null, overdue: urgeEscalates(before, Date.now()), ...(before.pause ? { paused: true } : {}) }),
    tell: (wo, { note }) => [notices.urged(wo, note)],
    after: async (_wo, seq, detail) => {
      if (detail.overdue) await ctx.escalation.trigger('urged while overdue', seq);
    },
  });
  onOrder(msg.appendWorkOrder, {
    name: 'append',
    command: () => ({ type: 'append' }),
    action: 'appended',
    // The office's append answers the department's open question.
    detail: (a, before) => ({
      info: a.info,
      ...attachmentsOf(a),
      ...(before.openQuestion ? { answers: before.openQuestion.text } : {}),
      ...(before.pause ? { resumed: true } : {}),
    }),
    tell: (wo, { info }) => [notices.appended(wo, info)],
  });
  onOrder(msg.returnVisitWorkOrder, {
    name: 'returnVisit',
    command: ({ satisfaction }) => ({ type: 'returnVisit', satisfaction }),
    action: 'return_visit',
    detail: ({ satisfaction, note }) => ({ satisfaction, note: note ?? null }),
  });

  // The department's desk.
  onOrder(msg.claimWorkOrder, {
    name: 'claim',
    command: (a) => ({ type: 'claim', by: personOf(a.actor) }),
    action: 'claimed',
    detail: (a) => ({ assignee: personOf(a.actor) }),
  });
  onOrder(msg.assignWorkOrder, {
    name: 'assign',
    command: ({ to }) => ({ type: 'assign', to }),
    action: 'assigned',
    detail: ({ to, overCap }, before) => ({ assignee: to, previous: before.assignee, ...(overCap ? { overCap: true } : {}) }),
    tell: (wo) => [notices.assigned(wo)],
  });
  onOrder(msg.releaseWorkOrder, {
    name: 'release',
    command: () => ({ type: 'release', why: 'by_hand' }),
    action: 'released',
    detail: ({ note }, before) => ({ previous: before.assignee, why: 'by_hand', note: note ?? null }),
  });
  onOrder(msg.transferWorkOrder, {
    name: 'transfer',
    command: ({ to, reasonCategory, reason, actor }) => ({ type: 'transfer', to, reasonCategory, reason, by: personOf(actor) }),
    action: 'transferred',
    detail: ({ to, reasonCategory, reason }, before) => ({ from: before.assignedOrg, to, reasonCategory, reason, hop: before.transferCount + 1 }),
    tell: (wo, { reasonCategory, reason }) => [notices.transferred(wo, `${reasonCategory}：${reason}`)],
    after: async (wo, seq) => {
      if (tooManyTransfers(wo, policy)) await ctx.escalation.trigger(`transferred ${wo.transferCount} times`, seq);
    },
  });
  onOrder(msg.refuseTransferWorkOrder, {
    name: 'refuseTransfer',
    command: ({ reason }) => ({ type: 'refuseTransfer', reason }),
    action: 'transfer_refused',
    detail: ({ reason }, before) => ({ from: before.assignedOrg, to: before.pendingTransfer?.from, reason }),
    tell: (wo, { reason, actor }) => [notices.transferRefused(wo, actor.name ?? actor.org, reason)],
  });
  onOrder(msg.returnToReviewerWorkOrder, {
    name: 'returnToReviewer',
    command: ({ reason }) => ({ type: 'returnToReviewer', reason }),
    action: 'returned_to_reviewer',
    detail: ({ reason }, before) => ({ from: before.assignedOrg, reason }),
    tell: (wo, { reason }) => [notices.returnedToReviewer(wo, reason, policy)],
  });
  onOrder(msg.redispatchWorkOrder, {
    name: 'redispatch',
    command: ({ to }) => ({ type: 'redispatch', to }),
    action: 'redispatched',
    detail: ({ to }) => ({ to }),
    tell: (wo) => [notices.dispatched(wo)],
  });
  onOrder(msg.askWorkOrder, {
    name: 'ask',
    command: ({ text, actor }) => ({ type: 'ask', text, by: personOf(actor) }),
    action: 'asked',
    detail: (a) => ({ question: a.text, ...attachmentsOf(a) }),
    tell: (wo, { text }) => notices.asked(wo, text),
  });
  onOrder(msg.pauseWorkOrder, {
    name: 'pause',
    command: ({ reasonCategory, reason, until, actor }) => ({ type: 'pause', reasonCategory, reason, until, by: personOf(actor) }),
    action: 'paused',
    detail: ({ reasonCategory, reason, until }) => ({ reasonCategory, reason, until }),
  });
  onOrder(msg.resumeWorkOrder, {
    name: 'resume',
    command: () => ({ type: 'resume', why: 'by_hand' }),
    action: 'resumed',
    detail: (_a, before) => ({ why: 'by_hand', since: before.pause?.at ?? null }),
  });
  onOrder(msg.noteWorkOrder, {
    name: 'note',
    command: ({ actor }) => ({ type: 'note', by: personOf(actor) }),
    action: 'note',
    detail: (a) => ({ note: a.text, ...attachmentsOf(a) }),
    visibility: 'department',
  });

  setHandler(msg.escalationLevelChanged, async ({ subjectType, level }) => {
    if (subjectType !== 'workOrder' || !c.workOrder || c.workOrder.escalationLevel === level) return;
    await record([{ state: must(order({ type: 'escalationLevel', level })), action: 'escalation_level', actor: SYSTEM_ACTOR, detail: { level } }]);
  });
  setHandler(msg.assigneeOnLeave, async ({ userId }) => {
    const before = c.workOrder;
    if (!before || before.assignee?.userId !== userId) return;
    const released = order({ type: 'release', why: 'leave' });
    if ('refused' in released) return; // no longer in the department's hands
    await record([{ state: released, action: 'released', actor: SYSTEM_ACTOR, detail: { previous: before.assignee, why: 'leave' } }]);
  });
}

/** The work order's life after dispatch: until its reactivation window is over. */
export async function runWorkOrder(ctx: OrderContext, continueAsNew: () => Promise<never>): Promise<void> {
  const { c } = ctx;
  for (;;) {
    const wo = c.workOrder!;
    if (wo.autoAssign) await assignAutomatically(ctx, wo);
    else if (isOpen(wo)) await watchTimers(ctx, wo);
    else if (!(await condition(() => isOpen(c.workOrder!) || ctx.historyTooLong(), msUntil(wo.reactivatableUntil!, Date.now())))) return; // window over
    if (ctx.historyTooLong()) await continueAsNew();
  }
}

/** The department assigns automatically: its desk chooses (an activity reads its people), or tells the lead nobody can take it. */
async function assignAutomatically(ctx: OrderContext, wo: WorkOrderState): Promise<void> {
  const settings = deskSettings(ctx.policy, wo.assignedOrg);
  const to = await desk.chooseAssignee({ key: `${wo.id}:${wo.seq}`, workOrderId: wo.id, org: wo.assignedOrg, mode: settings.assignment, cap: settings.cap });
  const decided = ctx.order({ type: 'autoAssign', to });
  if ('refused' in decided) return; // someone took or moved it meanwhile
  if (to)
    await ctx.record(
      [{ state: decided, action: 'auto_assigned', actor: SYSTEM_ACTOR, detail: { assignee: to, mode: settings.assignment } }],
      [notices.assigned(decided)],
    );
  else
    await ctx.record(
      [{ state: decided, action: 'unassignable', actor: SYSTEM_ACTOR, detail: { mode: settings.assignment } }],
      [notices.nobodyAvailable(decided)],
    );
}

/** Waits for the next of the order's timers (its deadline, the claim timeout, a transfer's refusal window), or for a change. */
async function watchTimers(ctx: OrderContext, wo: WorkOrderState): Promise<void> {
  const changed = () => ctx.c.workOrder !== wo || ctx.historyTooLong();
  const next = nextTimer(wo, ctx.policy);
  if (!next) {
    await condition(changed);
    return;
  }
  if (await condition(changed, msUntil(next.at, Date.now()))) return;
  switch (next.event) {
    case 'deadline': {
      const { clock, deadline } = currentDeadline(wo)!;
      const seq = await ctx.record([
        { state: must(ctx.order({ type: 'deadlineMissed' })), action: `${clock}_overdue`, actor: SYSTEM_ACTOR, detail: { deadline } },
      ]);
      await ctx.escalation.trigger(`${clock} deadline ${deadline} missed`, seq);
      return;
    }
    case 'claimTimeout': {
      const released = must(ctx.order({ type: 'release', why: 'claim_timeout' }));
      await ctx.record(
        [
          {
            state: released,
            action: 'released',
            actor: SYSTEM_ACTOR,
            detail: { previous: wo.assignee, why: 'claim_timeout', claimDeadline: wo.claimDeadline },
          },
        ],
        [notices.claimTimedOut(released, wo.assignee?.name ?? wo.assignee?.userId ?? '')],
      );
      return;
    }
    case 'transferSettled':
      await ctx.record([
        { state: must(ctx.order({ type: 'transferSettled' })), action: 'transfer_settled', actor: SYSTEM_ACTOR, detail: { org: wo.assignedOrg } },
      ]);
      return;
    case 'pauseEnds':
      await ctx.record([
        { state: must(ctx.order({ type: 'resume', why: 'due' })), action: 'resumed', actor: SYSTEM_ACTOR, detail: { why: 'due', since: wo.pause?.at } },
      ]);
      return;
    case 'warning': {
      const step = clockPolicy(ctx.policy).warnings[next.clock as 'response' | 'resolution']![next.step]!;
      const warned = must(ctx.order({ type: 'warn', clock: next.clock, step: next.step, deadline: next.deadline }));
      await ctx.record(
        [{ state: warned, action: 'clock_warning', actor: SYSTEM_ACTOR, detail: { clock: next.clock, step: next.step, deadline: next.deadline } }],
        notices.clockWarning(warned, next.clock, next.deadline, step, ctx.policy),
      );
      return;
    }
  }
}
