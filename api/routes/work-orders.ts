import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAPABILITIES } from '../../domain/access.js';
import { rolesFor } from '../../domain/permissions.js';
import { WORK_ORDER_ACTIONS } from '../../domain/work-order.js';
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
import { actOnWorkOrder, actionOf, getWorkOrder, listWorkOrders, type WorkOrderRequest } from '../services/work-orders.js';

const READERS = CAPABILITIES.readWorkOrders;

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

  const action = <B extends z.ZodType>(kind: WorkOrderRequest['kind'], body: B) =>
    app.post(`/v1/work-orders/:id/${kind}`, {
      config: { roles: rolesFor(WORK_ORDER_ACTIONS[actionOf(kind)]) },
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
          { kind, ...(req.body as object) } as WorkOrderRequest,
          req.headers['idempotency-key'],
        );
        return reply.code(result.statusCode).send(result.body);
      },
    });

  action('accept', emptyBody);
  action('reply', replyBody);
  action('close', closeBody);
  action('reactivate', reactivateBody);
  action('urge', urgeBody);
  action('append', appendBody);
  action('return-visit', returnVisitBody);
};
