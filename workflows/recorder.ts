// The one way a workflow changes its row: bump seq, write state + history (+ messages) through
// an idempotent activity, upsert search attributes, and deliver any messages in the background.
import { allHandlersFinished, condition, upsertSearchAttributes } from '@temporalio/workflow';
import type { Actor, CaseKind } from '../domain/vocabulary.js';
import type { OutboxMessage, ProjectedState } from '../activities/types.js';
import { delivery, projections } from './activities.js';
import { isPatched, PATCHES } from './patches.js';

export interface Recorder {
  record(action: string, actor: Actor, detail?: Record<string, unknown>, messages?: OutboxMessage[]): Promise<void>;
  /** Wait until no handler runs and every message is delivered: before completing or continuing as new. */
  settle(): Promise<void>;
}

export interface SearchView {
  kind: CaseKind;
  status: string;
  org: string;
  mailNumber?: string;
  overdue: boolean;
  escalationLevel?: number;
}

export function createRecorder<S extends ProjectedState>(state: S, search: (s: S) => SearchView): Recorder {
  const deliveries: Promise<unknown>[] = [];
  let lastWrite: Promise<unknown> = Promise.resolve();
  const upsert = () => {
    const v = search(state);
    upsertSearchAttributes({
      BpmKind: [v.kind],
      BpmStatus: [v.status],
      BpmOrg: [v.org],
      BpmOverdue: [v.overdue],
      ...(v.mailNumber ? { BpmMailNumber: [v.mailNumber] } : {}),
      ...(v.escalationLevel !== undefined ? { BpmEscalationLevel: [v.escalationLevel] } : {}),
    });
  };
  return {
    async record(action, actor, detail = {}, messages = []) {
      state.seq += 1;
      const entry = { seq: state.seq, at: new Date().toISOString(), actor, action, detail };
      upsert();
      const input = { state: snapshot(state), entry, messages };
      const write = isPatched(PATCHES.serialRecords) ? lastWrite.then(() => projections().recordTransition(input)) : projections().recordTransition(input);
      lastWrite = write.catch(() => undefined);
      const { outboxIds } = await write;
      if (outboxIds.length) deliveries.push(delivery.deliverMessages(outboxIds));
    },
    async settle() {
      do {
        await condition(allHandlersFinished);
        await Promise.all(deliveries);
      } while (!allHandlersFinished());
    },
  };
}

/** A detached copy: the activity must see the state as of this transition. */
const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
