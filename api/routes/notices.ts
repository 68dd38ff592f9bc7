// A person's notices (GET /v1/notices, read, read all, unread count), their preferences, and the
// admin's webhook subscriptions with the delivery log of email and webhook copies.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { errorSchema, idParam } from '../schemas/common.js';
import {
  changeWebhookBody,
  createdWebhook,
  createWebhookBody,
  deliveryList,
  deliveryView,
  listDeliveriesQuery,
  listNoticesQuery,
  noticeList,
  noticeView,
  preferencesBody,
  preferencesView,
  readAllBody,
  readAllView,
  unreadCount,
  webhookView,
} from '../schemas/notices.js';
import { listNotices, markAllRead, markRead, preferencesOf, setPreferences, unreadOf } from '../services/notices.js';
import { changeWebhook, createWebhook, getWebhook, listDeliveries, listWebhooks, redeliver, webhookView as viewOf } from '../services/webhooks.js';

const ADMIN = ['admin'] as const;
const DELIVERY_LOG = ['admin', 'ops'] as const;

export const noticeRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/notices', {
    config: { roles: ROLES },
    schema: {
      operationId: 'listNotices',
      tags: ['notices'],
      summary: 'My notices: unread first, newest first; with my unread count',
      querystring: listNoticesQuery,
      response: { 200: noticeList },
    },
    handler: async (req) => listNotices(ctx, req.actor, req.query),
  });
  app.get('/v1/notices/unread-count', {
    config: { roles: ROLES },
    schema: { operationId: 'unreadNotices', tags: ['notices'], summary: 'How many of my notices are unread', response: { 200: unreadCount } },
    handler: async (req) => ({ unread: await unreadOf(ctx, req.actor.userId) }),
  });
  app.post('/v1/notices/:id/read', {
    config: { roles: ROLES },
    schema: { operationId: 'readNotice', tags: ['notices'], summary: 'Mark one of my notices read', params: idParam, response: { 200: noticeView } },
    handler: async (req) => markRead(ctx, req.actor, req.params.id),
  });
  app.post('/v1/notices/read-all', {
    config: { roles: ROLES },
    schema: { operationId: 'readAllNotices', tags: ['notices'], summary: 'Mark all my notices read', body: readAllBody, response: { 200: readAllView } },
    handler: async (req) => markAllRead(ctx, req.actor, req.body.upTo),
  });
  app.get('/v1/notices/preferences', {
    config: { roles: ROLES },
    schema: {
      operationId: 'noticePreferences',
      tags: ['notices'],
      summary: 'Which events reach me by which channel (mandatory ones always reach my inbox)',
      response: { 200: preferencesView },
    },
    handler: async (req) => preferencesOf(ctx, req.actor),
  });
  app.put('/v1/notices/preferences', {
    config: { roles: ROLES },
    schema: {
      operationId: 'setNoticePreferences',
      tags: ['notices'],
      summary: 'Choose channels per event; turning off the inbox of a mandatory event is 422 (rule `mandatory`)',
      body: preferencesBody,
      response: { 200: preferencesView },
    },
    handler: async (req) => setPreferences(ctx, req.actor, req.body.items),
  });

  app.get('/v1/webhooks', {
    config: { roles: ADMIN },
    schema: { operationId: 'listWebhooks', tags: ['notices'], summary: 'Webhook subscriptions of other systems', response: { 200: z.array(webhookView) } },
    handler: async () => listWebhooks(ctx),
  });
  app.post('/v1/webhooks', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'createWebhook',
      tags: ['notices'],
      summary: 'Subscribe a system to events (of one organisation, or all): JSON POSTs signed with the secret returned once',
      body: createWebhookBody,
      response: { 201: createdWebhook },
    },
    handler: async (req, reply) => reply.code(201).send(await createWebhook(ctx, req.actor, req.body)),
  });
  app.get('/v1/webhooks/:id', {
    config: { roles: ADMIN },
    schema: { operationId: 'getWebhook', tags: ['notices'], params: idParam, response: { 200: webhookView } },
    handler: async (req) => viewOf(await getWebhook(ctx, req.params.id)),
  });
  app.patch('/v1/webhooks/:id', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'changeWebhook',
      tags: ['notices'],
      summary: 'Change a subscription; `active: false` stops its deliveries',
      params: idParam,
      body: changeWebhookBody,
      response: { 200: webhookView },
    },
    handler: async (req) => changeWebhook(ctx, req.actor, req.params.id, req.body),
  });
  app.get('/v1/webhooks/:id/deliveries', {
    config: { roles: DELIVERY_LOG },
    schema: {
      operationId: 'webhookDeliveries',
      tags: ['notices'],
      summary: 'The subscription’s delivery log, newest first: status, attempts, last answer and error',
      params: idParam,
      querystring: listDeliveriesQuery.omit({ channel: true }),
      response: { 200: deliveryList },
    },
    handler: async (req) => {
      await getWebhook(ctx, req.params.id);
      return listDeliveries(ctx, { ...req.query, subscriptionId: req.params.id });
    },
  });
  app.get('/v1/deliveries', {
    config: { roles: DELIVERY_LOG },
    schema: {
      operationId: 'listDeliveries',
      tags: ['notices'],
      summary: 'Email and webhook copies of notices, newest first (`status=failed`: the given-up ones)',
      querystring: listDeliveriesQuery,
      response: { 200: deliveryList },
    },
    handler: async (req) => listDeliveries(ctx, req.query),
  });
  app.post('/v1/deliveries/:id/redeliver', {
    config: { roles: DELIVERY_LOG },
    schema: {
      operationId: 'redeliver',
      tags: ['notices'],
      summary: 'Send a delivery again now, with the same delivery id (receivers drop a repeat)',
      params: idParam,
      response: { 200: deliveryView, 404: errorSchema.describe('no such delivery') },
    },
    handler: async (req) => redeliver(ctx, req.actor, req.params.id),
  });
};
