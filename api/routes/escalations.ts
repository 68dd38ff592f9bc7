import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CAPABILITIES } from '../../domain/access.js';
import { ESCALATION_ACTIONS } from '../../domain/escalation.js';
import { rolesFor } from '../../domain/permissions.js';
import type { ServiceContext } from '../context.js';
import { errorSchema, idempotencyHeader, idParam } from '../schemas/common.js';
import { acknowledgeBody, createEscalationBody, escalationDetail, escalationPage, escalationView, listEscalationsQuery } from '../schemas/work-orders.js';
import { actOnEscalation, getEscalation, listEscalations, openEscalation } from '../services/escalations.js';

const READERS = CAPABILITIES.readEscalations;

export const escalationRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/escalations', {
    config: { roles: READERS },
    schema: { operationId: 'listEscalations', tags: ['escalations'], querystring: listEscalationsQuery, response: { 200: escalationPage } },
    handler: async (req) => listEscalations(ctx, req.actor, req.query),
  });
  app.get('/v1/escalations/:id', {
    config: { roles: READERS },
    schema: { operationId: 'getEscalation', tags: ['escalations'], params: idParam, response: { 200: escalationDetail } },
    handler: async (req) => getEscalation(ctx, req.actor, req.params.id),
  });
  app.post('/v1/escalations', {
    config: { roles: CAPABILITIES.openEscalation },
    schema: {
      operationId: 'createEscalation',
      tags: ['escalations'],
      headers: idempotencyHeader,
      body: createEscalationBody,
      response: { 201: escalationView, 404: errorSchema.describe('NOT_FOUND: no such subject, or one of another organisation') },
    },
    handler: async (req, reply) => {
      const result = await openEscalation(ctx, req.actor, req.body, req.headers['idempotency-key']);
      return reply.code(result.statusCode).send(result.body);
    },
  });
  for (const kind of ['acknowledge', 'resolve'] as const) {
    app.post(`/v1/escalations/:id/${kind}`, {
      config: { roles: rolesFor(ESCALATION_ACTIONS[kind]) },
      schema: {
        operationId: `${kind}Escalation`,
        tags: ['escalations'],
        params: idParam,
        headers: idempotencyHeader,
        body: acknowledgeBody,
        response: {
          200: escalationView,
          409: errorSchema.describe('INVALID_TRANSITION: not allowed now: resolved, or this level acknowledged it already (details.status)'),
        },
      },
      handler: async (req, reply) => {
        const result = await actOnEscalation(ctx, req.actor, req.params.id, kind, req.body.note, req.headers['idempotency-key']);
        return reply.code(result.statusCode).send(result.body);
      },
    });
  }
};
