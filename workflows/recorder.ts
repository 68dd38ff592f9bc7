// The one way a workflow changes the record: each transition takes the next sequence numbers,
// writes the changed records, their history entries and its messages in one local activity (one
// at a time, in order: a replay must see the writes finish as they did), and sends any SMS in the
// background.
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { HistoryEntry, ProjectedState } from '../contract/inputs.js';
import type { Message } from '../domain/notices.js';
import type { Actor } from '../domain/vocabulary.js';
import { delivery, records } from './activities.js';

export interface Change<S extends ProjectedState = ProjectedState> {
  state: S;
  action: string;
  actor: Actor;
  detail?: Record<string, unknown>;
  /** `department`: an internal note (the office never sees it). */
  visibility?: 'department';
}

export interface Recorder {
  /** The last sequence number taken (carried across continue-as-new). */
  seq(): number;
  /**
   * Stamps each changed state with its sequence number at once (so the workflow holds it before
   * any later update runs), and a promise that the write is done.
   */
  record<T extends ProjectedState[]>(changes: { [K in keyof T]: Change<T[K]> }, messages?: Message[]): { states: T; written: Promise<void> };
  /** Wait until no handler runs and every message is delivered: before completing or continuing as new. */
  settle(): Promise<void>;
}

export function createRecorder(startSeq: number): Recorder {
  let seq = startSeq;
  let lastWrite: Promise<unknown> = Promise.resolve();
  const deliveries: Promise<unknown>[] = [];
  return {
    seq: () => seq,
    record(changes, messages = []) {
      const at = new Date().toISOString();
      const writes = changes.map((c) => {
        seq += 1;
        const entry: HistoryEntry = {
          seq,
          at,
          actor: c.actor,
          action: c.action,
          detail: c.detail ?? {},
          ...(c.visibility ? { visibility: c.visibility } : {}),
        };
        return { state: { ...c.state, seq }, entry };
      });
      const input = { writes, messages };
      const write = lastWrite.then(() => records.recordTransition(input));
      lastWrite = write.catch(() => undefined);
      const written = write.then(({ smsIds }) => {
        if (smsIds.length) deliveries.push(delivery.deliverMessages(smsIds));
      });
      return { states: writes.map((w) => w.state) as never, written };
    },
    async settle() {
      do {
        await condition(allHandlersFinished);
        await lastWrite;
        await Promise.all(deliveries);
      } while (!allHandlersFinished());
    },
  };
}
