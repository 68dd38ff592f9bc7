import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { errorResponses, idParam } from '../schemas/common.js';
import { acknowledgeBody, createEscalationBody, escalationDetail, escalationPage, escalationView, listEscalationsQuery } from '../schemas/work-orders.js';
import { actOnEscalation, getEscalation, listEscalations, openEscalation } from '../services/escalations.js';

const idempotencyHeader = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const READERS = ['office', 'handler', 'reviewer', 'supervisor', 'ops', 'admin'] as const;

export const escalationRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/escalations', {
    config: { roles: READERS },
    schema: { operationId: 'listEscalations', tags: ['escalations'], querystring: listEscalationsQuery, response: { 200: escalationPage, ...errorResponses } },
    handler: async (req) => listEscalations(ctx, req.actor, req.query),
  });
  app.get('/v1/escalations/:id', {
    config: { roles: READERS },
    schema: { operationId: 'getEscalation', tags: ['escalations'], params: idParam, response: { 200: escalationDetail, ...errorResponses } },
    handler: async (req) => getEscalation(ctx, req.actor, req.params.id),
  });
  app.post('/v1/escalations', {
    config: { roles: ['reviewer', 'supervisor'] },
    schema: { operationId: 'createEscalation', tags: ['escalations'], headers: idempotencyHeader, body: createEscalationBody, response: { 201: escalationView, ...errorResponses } },
    handler: async (req, reply) => {
      const result = await openEscalation(ctx, req.actor, req.body, req.headers['idempotency-key']);
      return reply.code(result.statusCode).send(result.body as never);
    },
  });
  for (const kind of ['acknowledge', 'resolve'] as const) {
    app.post(`/v1/escalations/:id/${kind}`, {
      config: { roles: kind === 'acknowledge' ? ['supervisor'] : ['supervisor', 'reviewer'] },
      schema: { operationId: `${kind}Escalation`, tags: ['escalations'], params: idParam, headers: idempotencyHeader, body: acknowledgeBody, response: { 200: escalationView, ...errorResponses } },
      handler: async (req, reply) => {
        const result = await actOnEscalation(ctx, req.actor, req.params.id, kind, req.body.note, req.headers['idempotency-key']);
        return reply.code(result.statusCode).send(result.body as never);
      },
    });
  }
};
