// GET /v1/events: server-sent events telling a screen which cases changed, so queues stay current
// without reloading. Only cases the caller may see are sent; the screen refetches what it shows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, type Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import type { CaseChange } from '../plugins/change-feed.js';

import { seesAllOrgs } from '../services/scope.js';

const HEARTBEAT_MS = 15_000;

/** The same rule the reads apply: the case's organisation, or the department it is assigned to. */
export const maySee = (actor: Actor, c: CaseChange) => seesAllOrgs(actor) || c.org === actor.org || c.assignedOrg === actor.org;

export const eventRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app) => {
  const open = new Set<() => void>();
  // Closing the server ends every stream (browsers reconnect to another process).
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });
  app.get('/v1/events', {
    config: { roles: ROLES },
    schema: {
      operationId: 'events',
      tags: ['reference'],
      summary:
        'Server-sent events (text/event-stream): `event: change`, data {kind, id, status, org, assignedOrg} for each case the caller may see, as it changes; `event: notice`, data {kind: "notice", userId} when the caller’s own notices change',
      response: { 200: z.string().describe('text/event-stream') },
    },
    handler: async (req, reply) => {
      const actor = req.actor;
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
        if (maySee(actor, change)) res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      open.add(end);
      req.raw.once('close', end);
    },
  });
};
