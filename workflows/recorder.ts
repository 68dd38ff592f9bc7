// The one way a workflow changes its row: bump seq, write state + history (+ messages) through
// an idempotent activity, upsert search attributes, and deliver any messages in the background.
import { allHandlersFinished, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Actor } from '../domain/vocabulary.js';
import type { OutboxMessage, ProjectedState } from '../activities/types.js';
import { delivery, projections } from './activities.js';
import { isPatched, PATCHES } from './patches.js';
import { changedAttributes, searchAttributes, type SearchView } from './search-attributes.js';

export interface Recorder {
  record(action: string, actor: Actor, detail?: Record<string, unknown>, messages?: OutboxMessage[]): Promise<void>;
  /** Wait until no handler runs and every message is delivered: before completing or continuing as new. */
  settle(): Promise<void>;
}

export function createRecorder<S extends ProjectedState>(state: S, search: (s: S) => SearchView): Recorder {
  const deliveries: Promise<unknown>[] = [];
  let lastWrite: Promise<unknown> = Promise.resolve();
  const upsert = () => {
    const next = searchAttributes(search(state));
    // Each upsert is a history event and a visibility write on the server: send only what changed.
    const changed = isPatched(PATCHES.searchAttributesOnChange) ? changedAttributes(next, workflowInfo().searchAttributes) : next;
    if (Object.keys(changed).length > 0) upsertSearchAttributes(changed);
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
