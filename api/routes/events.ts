// GET /v1/events: server-sent events telling a screen which cases changed, so queues stay current
// without reloading. Only cases the caller may see are sent; the screen refetches what it shows.
// A stream is held to what authorised it: at most so many per person and per process, its
// credential checked again every few seconds (signed out, deactivated, role lost: it ends), and a
// maximum life, after which the browser reconnects and is authorised afresh.
import { clockView } from '../../domain/clocks.js';
import type { CaseChange } from '../plugins/change-feed.js';
import { deskPolicy } from '../../domain/desk.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { errorSchema } from '../schemas/common.js';
import { mayView } from '../services/scope.js';

const HEARTBEAT_MS = 15_000;

export interface StreamLimits {
  perPerson: number;
  total: number;
  maxLifeMs: number;
  recheckMs: number;
}

interface OpenStream {
  who: string;
  recheck: () => Promise<boolean>;
  end: () => void;
}

/** The change with the state of the clock that applies now (the same rule as the case's `clocks`). */
function withClock(change: CaseChange, dueSoonShare: number) {
  const { currentClock, currentDeadline, currentClockStartedAt, ...rest } = change;
  const clock =
    currentClock && currentDeadline
      ? clockView(
          {
            clock: currentClock,
            deadline: new Date(currentDeadline).toISOString(),
            startedAt: new Date(currentClockStartedAt ?? currentDeadline).toISOString(),
            metAt: null,
            pausedAt: null,
          },
          Date.now(),
          dueSoonShare,
        )
      : null;
  return { ...rest, clock };
}

export const eventRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext; limits: StreamLimits }> = async (app, { ctx, limits }) => {
  const share = deskPolicy(ctx.policy).dueSoonShare;
  const open = new Set<OpenStream>();
  // Every stream's credential, checked again one after another (a few indexed reads each).
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    for (const stream of [...open]) {
      const still = await stream.recheck().catch((error) => {
        ctx.log.warn({ err: error }, 'event stream: cannot check its credential now; keeping it');
        return true;
      });
      if (!still) stream.end();
    }
    sweeping = false;
  }, limits.recheckMs);
  sweep.unref();
  // Closing the server ends every stream (browsers reconnect to another process).
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    for (const stream of open) stream.end();
  });
  app.get('/v1/events', {
    config: { roles: ROLES },
    schema: {
      operationId: 'events',
      tags: ['reference'],
      summary:
        'Server-sent events (text/event-stream): `event: change`, data {kind, id, status, org, assignedOrg, clock} for each case the caller may see, as it changes (clock: the one that applies now with its state and remaining time, or null); ' +
        '`event: notice`, data {kind: "notice", userId} when the caller’s own notices change. ' +
        'A stream ends when what authorised it ends, and after a maximum life (reconnect).',
      response: {
        200: z.string().describe('text/event-stream'),
        429: errorSchema.describe('TOO_MANY_STREAMS: this person (or key) already holds the most open streams allowed (EVENTS_MAX_PER_PERSON)'),
        503: errorSchema.describe('SERVICE_UNAVAILABLE: this process holds the most open streams allowed (EVENTS_MAX_TOTAL); retry'),
      },
    },
    handler: async (req, reply) => {
      const actor = req.actor;
      const mine = [...open].filter((s) => s.who === actor.userId).length;
      if (mine >= limits.perPerson) throw new AppError(429, 'TOO_MANY_STREAMS', `at most ${limits.perPerson} open event streams per person; close one`);
      if (open.size >= limits.total) {
        reply.header('retry-after', '10');
        throw new AppError(503, 'SERVICE_UNAVAILABLE', 'this server holds all the event streams it may; retry');
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // a proxy must not hold events back
        'x-request-id': req.id,
      });
      res.write('retry: 2000\n\n');
      const unsubscribe = app.changes.subscribe((change) => {
        if (change.kind === 'notice') {
          if (change.userId === actor.userId) res.write(`event: notice\ndata: ${JSON.stringify(change)}\n\n`);
          return;
        }
        // The same rule the reads apply: the case's organisation, or the department it is assigned to.
        if (mayView(actor, [change.org, change.assignedOrg])) res.write(`event: change\ndata: ${JSON.stringify(withClock(change, share))}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      const stream: OpenStream = { who: actor.userId, recheck: req.recheck, end: () => undefined };
      const life = setTimeout(() => stream.end(), limits.maxLifeMs);
      stream.end = () => {
        if (!open.delete(stream)) return;
        clearInterval(heartbeat);
        clearTimeout(life);
        unsubscribe();
        res.end();
      };
      open.add(stream);
      req.raw.once('close', stream.end);
    },
  });
};
