import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { CAPABILITIES } from '../../domain/access.js';
import { rolesFor } from '../../domain/permissions.js';
import { WORK_ORDER_ACTIONS, type WorkOrderAction } from '../../domain/work-order.js';
import type { ServiceContext } from '../context.js';
import { errorSchema, idempotencyHeader, idParam } from '../schemas/common.js';
import {
  appendBody,
  askBody,
  assignBody,
  closeBody,
  emptyBody,
  noteBody,
  pauseBody,
  reasonBody,
  redispatchBody,
  releaseBody,
  transferBody,
  listWorkOrdersQuery,
  reactivateBody,
  replyBody,
  returnVisitBody,
  urgeBody,
  workOrderDetail,
  workOrderFacets as workOrderFacetsView,
  workOrderFacetsQuery,
  workOrderPage,
  workOrderView,
} from '../schemas/work-orders.js';
import { actOnWorkOrder, getWorkOrder, listWorkOrders, workOrderFacets, type WorkOrderRequest } from '../services/work-orders.js';

const READERS = CAPABILITIES.readWorkOrders;

export const workOrderRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/work-orders', {
    config: { roles: READERS },
    schema: { operationId: 'listWorkOrders', tags: ['work orders'], querystring: listWorkOrdersQuery, response: { 200: workOrderPage } },
    handler: async (req) => listWorkOrders(ctx, req.actor, req.query),
  });
  app.get('/v1/work-orders/facets', {
    config: { roles: READERS },
    schema: {
      operationId: 'workOrderFacets',
      tags: ['work orders'],
      summary: 'How many orders each queue filter shows (mine, unassigned, due soon, overdue, per category)',
      querystring: workOrderFacetsQuery,
      response: { 200: workOrderFacetsView },
    },
    handler: async (req) => workOrderFacets(ctx, req.actor, req.query),
  });
  app.get('/v1/work-orders/:id', {
    config: { roles: READERS },
    schema: { operationId: 'getWorkOrder', tags: ['work orders'], params: idParam, response: { 200: workOrderDetail } },
    handler: async (req) => getWorkOrder(ctx, req.actor, req.params.id),
  });

  /** One endpoint per action: its path, the domain's name for it (the roles come from its rule), its body. */
  const action = <B extends z.ZodType>(path: string, name: WorkOrderAction, body: B, summary: string) =>
    app.post(`/v1/work-orders/:id/${path}`, {
      config: { roles: rolesFor(WORK_ORDER_ACTIONS[name]) },
      schema: {
        operationId: `${name}WorkOrder`,
        tags: ['work orders'],
        summary,
        params: idParam,
        headers: idempotencyHeader,
        body,
        response: {
          200: workOrderView,
          403: errorSchema.describe('FORBIDDEN: not your role, or (on an order someone holds) not the assignee or the department’s lead'),
          409: errorSchema.describe('INVALID_TRANSITION: not allowed in the current state (details.status); ASSIGNEE_ABSENT, OVER_CAP for assign'),
        },
      },
      handler: async (req, reply) => {
        const request = { action: name, ...(req.body as object) } as WorkOrderRequest;
        const result = await actOnWorkOrder(ctx, req.actor, req.params.id, path, request, req.headers['idempotency-key']);
        return reply.code(result.statusCode).send(result.body);
      },
    });

  action('accept', 'accept', emptyBody, 'Accept: the first response (a handler accepting an order in the queue takes it)');
  action('reply', 'reply', replyBody, 'Reply with the result');
  action('close', 'close', closeBody, 'Close against the closure standard');
  action('reactivate', 'reactivate', reactivateBody, 'Reactivate a closed order below standard, within the window');
  action('urge', 'urge', urgeBody, 'Urge (催单); on an overdue order it escalates');
  action('append', 'append', appendBody, 'Append information (信息追加); answers the department’s open question');
  action('return-visit', 'returnVisit', returnVisitBody, 'Record the return visit (回访), once per closure');
  action('claim', 'claim', emptyBody, 'Claim (认领) an order in the department’s queue; 409 naming who holds it');
  action('assign', 'assign', assignBody, 'Assign (分派) to a person of the department (the lead)');
  action('release', 'release', releaseBody, 'Release back to the department’s queue');
  action('transfer', 'transfer', transferBody, 'Transfer (转派) to another department with a reason');
  action('refuse-transfer', 'refuseTransfer', reasonBody, 'Refuse (拒收) a transfer within the window: it goes back');
  action('return-to-reviewer', 'returnToReviewer', reasonBody, 'Send back to the reviewer (退回): misrouted at dispatch');
  action('redispatch', 'redispatch', redispatchBody, 'Re-dispatch a misrouted order to a department (the reviewer)');
  action('ask', 'ask', askBody, 'Ask the office for information (请求补充)');
  action('note', 'note', noteBody, 'An internal note of the department (the office never sees it)');
  action('pause', 'pause', pauseBody, 'Pause (挂起) the resolution clock while the case waits on someone outside the department');
  action('resume', 'resume', emptyBody, 'Resume the resolution clock (it also resumes at the planned time, or when the office appends)');
};
