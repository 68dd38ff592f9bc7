// 升级: climb a ladder of levels. At each level the responsible role is told; without an
// acknowledgement within the level's limit the case climbs; another trigger raises it. It ends
// when resolved by hand or when its subject is resolved or closed.
import { condition, continueAsNew, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EscalationInput } from '../contract/inputs.js';
import * as msg from '../contract/messages.js';
import { msUntil } from '../domain/deadlines.js';
import {
  awaitingLevel,
  escalationPermission,
  escalationTransition,
  nextLevelWarning,
  openEscalation,
  type EscalationCommand,
  type EscalationState,
} from '../domain/escalation.js';
import { notices } from '../domain/notices.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/vocabulary.js';
import { check, must, permit } from './decide.js';
import { createRecorder } from './recorder.js';

export async function escalationWorkflow(input: EscalationInput): Promise<EscalationState> {
  let state: EscalationState = input.resume ?? openEscalation(input, Date.now());
  const recorder = createRecorder(input.resume?.seq ?? 0);
  const next = (cmd: EscalationCommand) => escalationTransition(state, cmd, Date.now());
  const raises: msg.RaiseSignal[] = [];
  // signal-with-start delivers the opening trigger as a raise too: it is already counted.
  const seenTriggers = new Set<string>([input.triggerId]);
  let resolution: { reason: string; actor: Actor } | undefined;
  let resolved = false;

  async function record(s: EscalationState, action: string, actor: Actor, detail: Record<string, unknown>, tellLevel = false): Promise<void> {
    const { states, written } = recorder.record(
      [{ state: s, action, actor, detail: { ...detail, level: s.level, levelName: s.levelName } }],
      tellLevel ? [notices.escalated(s, input.provincialOrg)] : [],
    );
    state = states[0];
    await written;
    if (tellLevel || state.status === 'resolved') await tellSubject(state.status === 'resolved' ? 0 : state.level);
  }

  // Opening is recorded first, even when signals and updates are already waiting.
  const opened = recorder.seq() === 0 ? record(state, 'opened', input.openedBy, { reason: input.reason }, true) : undefined;

  setHandler(msg.escalationState, () => state);
  setHandler(msg.raiseEscalation, (raise) => {
    if (seenTriggers.has(raise.triggerId) || state.status !== 'open') return;
    seenTriggers.add(raise.triggerId);
    raises.push(raise);
  });
  setHandler(msg.subjectResolved, ({ reason }) => {
    resolution ??= { reason, actor: SYSTEM_ACTOR };
  });
  setHandler(
    msg.acknowledgeEscalation,
    async ({ actor, note }) => {
      await record(must(next({ type: 'acknowledge' })), 'acknowledged', actor, { note: note ?? null });
      return state;
    },
    {
      validator: ({ actor }) => {
        permit(escalationPermission('acknowledge', state, actor, Date.now()));
        check(next({ type: 'acknowledge' }));
      },
    },
  );
  setHandler(
    msg.resolveEscalation,
    async ({ actor, note }) => {
      resolution ??= { reason: note ?? 'resolved by hand', actor };
      await condition(() => resolved); // answer once the record says resolved
      return state;
    },
    {
      validator: ({ actor }) => {
        permit(escalationPermission('resolve', state, actor, Date.now()));
        check(next({ type: 'resolve' }));
      },
    },
  );

  // --- the process ---
  await opened;
  while (!resolution) {
    const waiting = awaitingLevel(state);
    // The level's next warning, if its policy has one before the level's deadline (escalations started before levels warned have none).
    const warning = nextLevelWarning(state, input.warnings);
    const warnFirst = warning !== undefined && warning.at < Date.parse(state.levelDeadline!);
    const moved = () => resolution !== undefined || raises.length > 0 || (waiting && state.acknowledgedAt !== null) || workflowInfo().continueAsNewSuggested;
    // Waiting on the level: until its next warning or its deadline; otherwise (acknowledged, at the top) until something moves.
    let acted: boolean;
    if (waiting) {
      acted = await condition(moved, msUntil(warnFirst ? new Date(warning.at).toISOString() : state.levelDeadline!, Date.now()));
    } else {
      await condition(moved);
      acted = true;
    }
    if (resolution) break;
    const raise = raises.shift();
    if (raise) await record(must(next({ type: 'raise' })), 'raised', raise.actor, { reason: raise.reason }, true);
    else if (!acted && warnFirst) await warn(warning.step);
    else if (!acted) await record(must(next({ type: 'climb' })), 'climbed', SYSTEM_ACTOR, { from: state.level, missed: state.levelDeadline }, true);
    if (workflowInfo().continueAsNewSuggested) {
      await recorder.settle();
      await continueAsNew<typeof escalationWorkflow>({ ...input, resume: state });
    }
  }
  await record(must(next({ type: 'resolve' })), 'resolved', resolution.actor, { reason: resolution.reason });
  resolved = true;
  await recorder.settle();
  return state;

  /** A warning step of the level's clock: recorded, and its people told. */
  async function warn(step: number): Promise<void> {
    const warned = must(next({ type: 'warn', step }));
    const { states, written } = recorder.record(
      [{ state: warned, action: 'level_warning', actor: SYSTEM_ACTOR, detail: { level: warned.level, step, deadline: warned.levelDeadline } }],
      notices.levelWarning(warned, input.warnings![step]!, input.provincialOrg),
    );
    state = states[0];
    await written;
  }

  /** Tells the subject's case which level its escalation reached (0: ended). */
  async function tellSubject(level: number): Promise<void> {
    try {
      await getExternalWorkflowHandle(input.subjectWorkflowId).signal(msg.escalationLevelChanged, { subjectType: input.subjectType, level });
    } catch {
      // The subject's case has completed: its record keeps the last level it took.
    }
  }
}
