// Changes to case rows, pushed to browsers as server-sent events (GET /v1/events). PostgreSQL
// triggers NOTIFY on every case-row write (migration 0006); one LISTEN connection per API process
// fans them out to the subscribers allowed to see each case. Listening starts with the first
// subscriber and survives a database restart (it reconnects).
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../domain/vocabulary.js';

export const CHANGE_CHANNEL = 'bpm_changes';

/** One case row written: enough to decide who may see it and what a screen should refetch. */
export interface CaseChange {
  kind: 'application' | 'workOrder' | 'escalation';
  id: string;
  status: string;
  org: string;
  /** The department a work order (or an escalation's work order) is assigned to. */
  assignedOrg: string | null;
  /** The clock that applies now (migration 0017): null when nothing is due. */
  currentClock?: Clock | null;
  currentDeadline?: string | null;
  currentClockStartedAt?: string | null;
}

/** A person's inbox changed (a notice arrived, was counted again, or was read): migration 0015's trigger. */
export interface NoticeChange {
  kind: 'notice';
  userId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    changes: { subscribe(listener: (change: CaseChange | NoticeChange) => void): () => void };
  }
}

export default fp(
  async function changeFeed(app: FastifyInstance, opts: { db: Db }) {
    const emitter = new EventEmitter().setMaxListeners(0);
    let client: pg.PoolClient | undefined;
    let connecting: Promise<void> | undefined;
    let closed = false;
    let releaseClient: (() => void) | undefined;

    const listen = async (): Promise<void> => {
      const c = await opts.db.$client.connect();
      c.on('notification', (n) => {
        if (n.channel !== CHANGE_CHANNEL || !n.payload) return;
        try {
          emitter.emit('change', JSON.parse(n.payload) as CaseChange | NoticeChange);
        } catch {
          // not ours
        }
      });
      let released = false;
      const drop = () => {
        if (released) return;
        released = true;
        c.release(true);
      };
      c.on('error', () => {
        // The database went away: drop this connection (once) and listen again while anyone is subscribed.
        if (client === c) client = undefined;
        drop();
        if (!closed && emitter.listenerCount('change') > 0) setTimeout(() => void ensure(), 1_000).unref();
      });
      releaseClient = drop;
      await c.query(`listen ${CHANGE_CHANNEL}`);
      client = c;
    };
    const ensure = (): Promise<void> => {
      if (client || closed) return Promise.resolve();
      connecting ??= listen()
        .catch((error) => {
          app.log.warn({ err: error }, 'change feed: cannot listen yet; retrying');
          setTimeout(() => void ensure(), 2_000).unref();
        })
        .finally(() => (connecting = undefined));
      return connecting;
    };

    app.decorate('changes', {
      subscribe(listener: (change: CaseChange | NoticeChange) => void) {
        emitter.on('change', listener);
        void ensure();
        return () => emitter.off('change', listener);
      },
    });
    app.addHook('onClose', async () => {
      closed = true;
      emitter.removeAllListeners();
      if (client) {
        await client.query(`unlisten ${CHANGE_CHANNEL}`).catch(() => undefined);
        client = undefined;
        releaseClient?.();
      }
    });
  },
  { name: 'change-feed' },
);
