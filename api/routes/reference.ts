// Reference data: organisations and the tracking/hotline feed of mail items.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { mailItemBody, mailItemOverviewView, mailItemView, mailNumberParam, orgView } from '../schemas/reference.js';
import { listOrgs } from '../services/reference.js';
import { mailItemOverview, putMailItem } from '../services/mail-items.js';

export const referenceRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/orgs', {
    config: { roles: ROLES },
    schema: { operationId: 'listOrgs', tags: ['reference'], response: { 200: z.array(orgView) } },
    handler: async () => listOrgs(ctx),
  });

  app.put('/v1/mail-items/:mailNumber', {
    config: { roles: ['integration', 'admin'] },
    schema: {
      operationId: 'putMailItem',
      tags: ['reference'],
      summary: 'Register a collected mail item and what the hotline already did about it',
      params: mailNumberParam,
      body: mailItemBody,
      response: { 200: mailItemView },
    },
    handler: async (req) => putMailItem(ctx, req.params.mailNumber, req.body),
  });

  app.get('/v1/mail-items/:mailNumber', {
    config: { roles: ['office', 'reviewer', 'supervisor', 'ops', 'admin', 'integration'] },
    schema: {
      operationId: 'getMailItem',
      tags: ['reference'],
      summary: 'A mail item, its applications and work orders, the hotline’s dispatches, and what the creation rules would say per problem category',
      params: mailNumberParam,
      response: { 200: mailItemOverviewView },
    },
    handler: async (req) => mailItemOverview(ctx, req.actor, req.params.mailNumber),
  });
};
