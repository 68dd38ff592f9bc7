import { z } from 'zod';
import { APPLICATION_STATUSES, BUSINESS_TYPES, COMPLEXITIES, LEGS, PROBLEM_CATEGORIES } from '../../domain/vocabulary.js';
import { booleanQuery, isoDateTime, limitSchema } from './common.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const attachmentInput = z.object({
  name: text(200),
  contentType: text(100),
  contentBase64: z.base64().min(1),
});

export const customerSchema = z.object({
  name: text(100),
  phone: z.string().trim().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number: digits, optional +, spaces or dashes'),
});

export const internationalSchema = z.object({ leg: z.enum(LEGS), destinationCountry: text(60) });

export const createApplicationBody = z.object({
  mailNumber: z.string().trim().regex(/^[A-Za-z0-9]{6,40}$/, '6–40 letters and digits'),
  businessType: z.enum(BUSINESS_TYPES),
  problemCategory: z.enum(PROBLEM_CATEGORIES),
  demand: text(2000),
  customer: customerSchema,
  description: z.string().trim().max(4000).optional(),
  complexity: z.enum(COMPLEXITIES).default('simple'),
  international: internationalSchema.optional(),
  attachments: z.array(attachmentInput).max(20).optional(),
  /** The customer's demand grew or the reply was false: the answer is to append to the open order. */
  followUp: z.enum(['demand_grew', 'false_reply']).optional(),
});
export type CreateApplicationBody = z.infer<typeof createApplicationBody>;

export const resubmitBody = z.object({
  problemCategory: z.enum(PROBLEM_CATEGORIES).optional(),
  demand: text(2000).optional(),
  customer: customerSchema.optional(),
  description: z.string().trim().max(4000).optional(),
  complexity: z.enum(COMPLEXITIES).optional(),
  international: internationalSchema.optional(),
});

export const reviewBody = z
  .object({ decision: z.enum(['approve', 'return']), reason: z.string().trim().min(1).max(1000).optional() })
  .refine((b) => b.decision === 'approve' || b.reason, { message: 'reason is required to return', path: ['reason'] });

export const abandonBody = z.object({ reason: z.string().trim().max(1000).optional() }).default({});

export const historyEntry = z.object({
  at: isoDateTime,
  actor: z.object({ userId: z.string(), name: z.string().nullable(), org: z.string(), role: z.string() }),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const applicationView = z
  .object({
    id: z.uuid(),
    number: z.string(),
    workflowId: z.string(),
    mailNumber: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    becameOrder: z.boolean().nullable(),
    workOrderId: z.uuid().nullable(),
    workOrderNumber: z.string().nullable(),
    org: z.string(),
    createdBy: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    returnReason: z.string().nullable(),
    reviewDeadline: isoDateTime.nullable(),
    actionDeadline: isoDateTime.nullable(),
    overdue: z.boolean(),
    businessType: z.enum(BUSINESS_TYPES),
    problemCategory: z.enum(PROBLEM_CATEGORIES),
    complexity: z.enum(COMPLEXITIES),
    demand: z.string(),
    customer: z.object({ name: z.string(), phone: z.string() }),
    description: z.string().nullable(),
    international: internationalSchema.nullable(),
    attachments: z.array(z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number() })).optional(),
  })
  .meta({ id: 'Application' });
export type ApplicationView = z.infer<typeof applicationView>;

export const applicationDetail = applicationView.extend({ history: z.array(historyEntry) }).meta({ id: 'ApplicationDetail' });

export const listApplicationsQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
  number: z.string().max(60).optional(),
  mailNumber: z.string().max(60).optional(),
  becameOrder: booleanQuery.optional(),
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
  org: z.string().max(50).optional(),
  /** `createdAt` (newest first, the default) or `reviewDeadline` (earliest first; only applications awaiting review have one). */
  sort: z.enum(['createdAt', 'reviewDeadline']).default('createdAt'),
  limit: limitSchema,
  cursor: z.string().max(200).optional(),
});

export const applicationPage = z.object({ items: z.array(applicationView), nextCursor: z.string().nullable() });
