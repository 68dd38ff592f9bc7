// Reference data: organisations and the tracking/hotline feed of mail items.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BUSINESS_TYPES, ORG_KINDS, PROBLEM_CATEGORIES, ROLES, SUGGESTED_ACTIONS } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { isoDateTime, mailNumberSchema, text } from '../schemas/common.js';
import { listOrgs } from '../services/reference.js';
import { mailItemOverview, putMailItem } from '../services/mail-items.js';
import { applicationView } from '../schemas/applications.js';
import { workOrderView } from '../schemas/work-orders.js';

const externalDispatch = z.strictObject({
  id: text(100),
  kind: z.enum(['direct', 'work_order']),
  problemCategory: z.enum(PROBLEM_CATEGORIES),
  status: z.enum(['open', 'closed']),
  deadline: isoDateTime.optional(),
  meetsStandard: z.boolean().optional(),
  reactivatable: z.boolean().optional(),
});

const mailItemBody = z.strictObject({
  collectingOrg: z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code'),
  businessType: z.enum(BUSINESS_TYPES),
  acceptedAt: isoDateTime,
  destinationCountry: text(60).optional(),
  externalDispatches: z.array(externalDispatch).max(100).default([]),
});

const mailItemView = z
  .object({
    mailNumber: z.string(),
    collectingOrg: z.string(),
    businessType: z.enum(BUSINESS_TYPES),
    acceptedAt: isoDateTime,
    destinationCountry: z.string().optional(),
    externalDispatches: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['direct', 'work_order']),
        problemCategory: z.enum(PROBLEM_CATEGORIES),
        status: z.enum(['open', 'closed']),
        deadline: isoDateTime.optional(),
        meetsStandard: z.boolean().optional(),
        reactivatable: z.boolean().optional(),
      }),
    ),
    updatedAt: isoDateTime,
  })
  .meta({ id: 'MailItem' });
const mailNumberParam = z.object({ mailNumber: mailNumberSchema });
const creationRule = z
  .object({
    problemCategory: z.enum(PROBLEM_CATEGORIES),
    allowed: z.boolean(),
    rule: z.string().optional(),
    suggestedAction: z.enum(SUGGESTED_ACTIONS).optional(),
    message: z.string().optional(),
    existingWorkOrderId: z.string().optional(),
    existingApplicationId: z.string().optional(),
  })
  .meta({ id: 'CreationRulePreview', description: 'What creating an application for this problem category would meet now (创建规范)' });
const mailItemOverviewView = z
  .object({ mailItem: mailItemView, applications: z.array(applicationView), workOrders: z.array(workOrderView), creationRules: z.array(creationRule) })
  .meta({ id: 'MailItemOverview' });
const orgView = z.object({ code: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) }).meta({ id: 'Organisation' });

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
