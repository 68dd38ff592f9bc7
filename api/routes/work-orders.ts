import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { errorSchema, idempotencyHeader, idParam } from '../schemas/common.js';
import {
  appendBody,
  closeBody,
  emptyBody,
  listWorkOrdersQuery,
  reactivateBody,
  replyBody,
  returnVisitBody,
  urgeBody,
  workOrderDetail,
  workOrderPage,
  workOrderView,
} from '../schemas/work-orders.js';
import { actOnWorkOrder, getWorkOrder, listWorkOrders, type WorkOrderAction } from '../services/work-orders.js';

const READERS = ['office', 'handler', 'reviewer', 'supervisor', 'ops', 'admin'] as const;

export const workOrderRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/work-orders', {
    config: { roles: READERS },
    schema: { operationId: 'listWorkOrders', tags: ['work orders'], querystring: listWorkOrdersQuery, response: { 200: workOrderPage } },
    handler: async (req) => listWorkOrders(ctx, req.actor, req.query),
  });
  app.get('/v1/work-orders/:id', {
    config: { roles: READERS },
    schema: { operationId: 'getWorkOrder', tags: ['work orders'], params: idParam, response: { 200: workOrderDetail } },
    handler: async (req) => getWorkOrder(ctx, req.actor, req.params.id),
  });

  const action = <B extends z.ZodType>(kind: WorkOrderAction['kind'], roles: readonly Role[], body: B) =>
    app.post(`/v1/work-orders/:id/${kind}`, {
      config: { roles },
      schema: {
        operationId: `${kind.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}WorkOrder`,
        tags: ['work orders'],
        params: idParam,
        headers: idempotencyHeader,
        body,
        response: { 200: workOrderView, 409: errorSchema.describe('INVALID_TRANSITION: not allowed in the current state (details.status)') },
      },
      handler: async (req, reply) => {
        const result = await actOnWorkOrder(
          ctx,
          req.actor,
          req.params.id,
          { kind, ...(req.body as object) } as WorkOrderAction,
          req.headers['idempotency-key'],
        );
        return reply.code(result.statusCode as never).send(result.body as never);
      },
    });

  action('accept', ['handler'], emptyBody);
  action('reply', ['handler'], replyBody);
  action('close', ['reviewer'], closeBody);
  action('reactivate', ['office', 'reviewer'], reactivateBody);
  action('urge', ['office'], urgeBody);
  action('append', ['office'], appendBody);
  action('return-visit', ['reviewer'], returnVisitBody);
};
