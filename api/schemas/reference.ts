// Reference data: organisations and the mail items the tracking/hotline feed registers.
import { z } from 'zod';
import { BUSINESS_TYPES, ORG_KINDS, PROBLEM_CATEGORIES, SUGGESTED_ACTIONS } from '../../domain/vocabulary.js';
import { isoDateTime, mailNumberSchema, text } from './common.js';
import { applicationView } from './applications.js';
import { workOrderView } from './work-orders.js';

export const externalDispatch = z.strictObject({
  id: text(100),
  kind: z.enum(['direct', 'work_order']),
  problemCategory: z.enum(PROBLEM_CATEGORIES),
  status: z.enum(['open', 'closed']),
  deadline: isoDateTime.optional(),
  meetsStandard: z.boolean().optional(),
  reactivatable: z.boolean().optional(),
});

export const mailItemBody = z.strictObject({
  collectingOrg: z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code'),
  businessType: z.enum(BUSINESS_TYPES),
  acceptedAt: isoDateTime,
  destinationCountry: text(60).optional(),
  externalDispatches: z.array(externalDispatch).max(100).default([]),
});

export const mailItemView = z
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
export const mailNumberParam = z.object({ mailNumber: mailNumberSchema });
export const creationRule = z
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
export const mailItemOverviewView = z
  .object({ mailItem: mailItemView, applications: z.array(applicationView), workOrders: z.array(workOrderView), creationRules: z.array(creationRule) })
  .meta({ id: 'MailItemOverview' });
export const orgView = z.object({ code: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) }).meta({ id: 'Organisation' });
