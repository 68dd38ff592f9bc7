// 升级: climb a ladder of levels. At each level the responsible role is notified; without an
// acknowledgement within the level's limit the case climbs. Ends when the subject is resolved.
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { atTop, enterLevel, levelOrg, type EscalationState } from '../domain/escalation.js';
import { assertTransition } from '../domain/transitions.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/vocabulary.js';
import * as msg from './messages.js';
import { iso, msUntil } from './policy.js';
import { createRecorder } from './recorder.js';

const ESCALATION_TRANSITIONS = { acknowledge: ['open'], resolve: ['open'] } as const;

export async function escalationWorkflow(input: msg.EscalationInput): Promise<EscalationState> {
  const state: EscalationState = input.resume ?? opening(input);
  const recorder = createRecorder(state, (s) => ({ kind: 'escalation', status: s.status, org: s.org, overdue: false, escalationLevel: s.level }));
  const raises: msg.RaiseSignal[] = [];
  // signal-with-start delivers the opening trigger as a raise too: it is already counted.
  const seenTriggers = new Set<string>([input.triggerId]);
  let resolution: { reason: string; actor: Actor } | undefined;
  let resolutionRecorded = false;

  // Opening is recorded first, even when signals and updates are already waiting.
  const opened = state.seq === 0 ? enter(1, 'opened', input.openedBy, { reason: input.reason }) : undefined;

  setHandler(msg.escalationState, () => state);
  setHandler(msg.raiseEscalation, (raise) => {
    if (seenTriggers.has(raise.triggerId) || state.status !== 'open') return;
    seenTriggers.add(raise.triggerId);
    raises.push(raise);
  });
  setHandler(msg.subjectResolved, ({ reason }) => {
    resolution ??= { reason, actor: SYSTEM_ACTOR };
  });
  setHandler(msg.acknowledgeEscalation, async ({ actor, note }) => {
    state.acknowledgedAt = iso(Date.now());
    state.updatedAt = state.acknowledgedAt;
    await recorder.record('acknowledged', actor, { level: state.level, note: note ?? null });
    return state;
  }, { validator: (_cmd) => assertTransition(ESCALATION_TRANSITIONS, 'acknowledge', state.status) });
  setHandler(msg.resolveEscalation, async ({ actor, note }) => {
    resolution ??= { reason: note ?? 'resolved by hand', actor };
    await condition(() => resolutionRecorded); // answer once the row says resolved
    return state;
  }, { validator: (_cmd) => assertTransition(ESCALATION_TRANSITIONS, 'resolve', state.status) });

  // --- the process ---
  await opened;
  while (!resolution) {
    const waitingOnLevel = !state.acknowledgedAt && !atTop(state);
    const moved = await condition(
      () => resolution !== undefined || raises.length > 0 || (waitingOnLevel && state.acknowledgedAt !== null) || workflowInfo().continueAsNewSuggested,
      waitingOnLevel ? msUntil(state.levelDeadline!) : undefined,
    );
    if (resolution) break;
    const raise = raises.shift();
    if (raise) {
      state.triggers += 1;
      await enter(Math.min(state.level + 1, state.ladder.length), 'raised', raise.actor, { reason: raise.reason });
    } else if (!moved) {
      await enter(state.level + 1, 'climbed', SYSTEM_ACTOR, { from: state.level, missed: state.levelDeadline });
    }
    if (workflowInfo().continueAsNewSuggested) {
      await recorder.settle();
      await continueAsNew<typeof escalationWorkflow>({ ...input, resume: state });
    }
  }
  state.status = 'resolved';
  state.resolvedAt = iso(Date.now());
  state.levelDeadline = null;
  state.updatedAt = state.resolvedAt;
  await recorder.record('resolved', resolution.actor, { reason: resolution.reason, level: state.level });
  resolutionRecorded = true;
  await tellSubject(0);
  await recorder.settle();
  return state;

  async function enter(level: number, action: string, actor: Actor, detail: Record<string, unknown>): Promise<void> {
    enterLevel(state, level, Date.now());
    const step = state.ladder[level - 1]!;
    await recorder.record(action, actor, { ...detail, level, levelName: step.name }, [
      {
        channel: 'notice',
        to: { org: levelOrg(step, state.org, input.provincialOrg), role: step.role },
        body: `升级 L${level} ${step.name}: ${state.subjectType} ${state.subjectId} — ${state.reason}`,
      },
    ]);
    await tellSubject(level);
  }

  async function tellSubject(level: number): Promise<void> {
    if (state.subjectType !== 'workOrder') return;
    try {
      await getExternalWorkflowHandle(msg.workflowIds.workOrder(state.subjectId)).signal(msg.escalationLevelChanged, { level });
    } catch {
      // The work order's workflow has completed: its row keeps the last level it recorded.
    }
  }
}

function opening(input: msg.EscalationInput): EscalationState {
  const now = iso(Date.now());
  return {
    kind: 'escalation', id: input.id, subjectType: input.subjectType, subjectId: input.subjectId, org: input.org,
    reason: input.reason, ladder: input.ladder, level: 0, levelName: '', levelDeadline: null, status: 'open',
    acknowledgedAt: null, triggers: 1, openedAt: now, resolvedAt: null, updatedAt: now, seq: 0,
  };
}
