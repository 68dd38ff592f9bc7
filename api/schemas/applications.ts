import { z } from 'zod';
import {
  APPLICATION_STATUSES,
  BUSINESS_TYPES,
  COMPLEXITIES,
  INTERNATIONAL_BUSINESS_TYPES,
  LEGS,
  PROBLEM_CATEGORIES,
  type BusinessType,
} from '../../domain/vocabulary.js';
import { APPLICATION_ACTIONS } from '../../domain/application.js';
import {
  allowedActionsOf,
  booleanQuery,
  clocksField,
  currentDeadlineFields,
  cursorSchema,
  filter,
  isoDateTime,
  limitSchema,
  mailNumberSchema,
  note,
  text,
} from './common.js';

export const attachmentInput = z.strictObject({
  name: text(200),
  contentType: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a media type such as application/pdf')
    .max(100),
  contentBase64: z.base64().min(1),
});

export const customerSchema = z.strictObject({
  name: text(100),
  phone: z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number: digits, optional +, spaces or dashes'),
});

export const internationalSchema = z.strictObject({ leg: z.enum(LEGS), destinationCountry: text(60) });

const domesticTypes = BUSINESS_TYPES.filter((t) => !INTERNATIONAL_BUSINESS_TYPES.includes(t)) as [BusinessType, ...BusinessType[]];
const internationalTypes = INTERNATIONAL_BUSINESS_TYPES as [BusinessType, ...BusinessType[]];
const applicationFields = {
  mailNumber: mailNumberSchema,
  problemCategory: z.enum(PROBLEM_CATEGORIES),
  demand: text(2000),
  customer: customerSchema,
  description: note(4000).optional(),
  complexity: z.enum(COMPLEXITIES).default('simple'),
  attachments: z.array(attachmentInput).max(20).optional(),
  /** The customer's demand grew or the reply was false: the answer is to append to the open order. */
  followUp: z.enum(['demand_grew', 'false_reply']).optional(),
};

/** International applications carry the leg, the destination country and the detail sheet (详情单) as an attachment. */
export const createApplicationBody = z.discriminatedUnion('businessType', [
  z.strictObject({ ...applicationFields, businessType: z.enum(domesticTypes) }),
  z.strictObject({
    ...applicationFields,
    businessType: z.enum(internationalTypes),
    international: internationalSchema,
    attachments: z.array(attachmentInput).min(1).max(20),
  }),
]);
export type AttachmentInput = z.infer<typeof attachmentInput>;
export type CreateApplicationBody = z.infer<typeof createApplicationBody> & { international?: z.infer<typeof internationalSchema> };

export const resubmitBody = z.strictObject({
  problemCategory: z.enum(PROBLEM_CATEGORIES).optional(),
  demand: text(2000).optional(),
  customer: customerSchema.optional(),
  description: note(4000).optional(),
  complexity: z.enum(COMPLEXITIES).optional(),
  international: internationalSchema.optional(),
});

/** Approve, or return with the reason the office will read (and get by SMS). */
export const reviewBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), reason: note(1000).optional() }),
  z.strictObject({ decision: z.literal('return'), reason: text(1000) }),
]);

export const abandonBody = z.strictObject({ reason: note(1000).optional() }).default({});

export const historyEntry = z.object({
  at: isoDateTime,
  actor: z.object({ userId: z.string(), name: z.string().nullable(), org: z.string(), role: z.string() }),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  internal: z.boolean().optional().describe('an internal note of the department (never shown to the office)'),
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
    ...currentDeadlineFields,
    overdue: z.boolean(),
    businessType: z.enum(BUSINESS_TYPES),
    problemCategory: z.enum(PROBLEM_CATEGORIES),
    complexity: z.enum(COMPLEXITIES),
    demand: z.string(),
    customer: z.object({ name: z.string(), phone: z.string() }),
    description: z.string().nullable(),
    international: z.object({ leg: z.enum(LEGS), destinationCountry: z.string() }).nullable(),
    attachments: z.array(z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number() })).optional(),
    clocks: clocksField,
    allowedActions: allowedActionsOf(APPLICATION_ACTIONS),
  })
  .meta({ id: 'Application' });
export type ApplicationView = z.infer<typeof applicationView>;

export const applicationDetail = applicationView.extend({ history: z.array(historyEntry) }).meta({ id: 'ApplicationDetail' });

export const listApplicationsQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
  number: filter(60).optional(),
  mailNumber: filter(60).optional(),
  becameOrder: booleanQuery.optional(),
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
  org: filter(50).optional(),
  /** `createdAt` (newest first, the default) or `reviewDeadline` (earliest first; only applications awaiting review have one). */
  sort: z.enum(['createdAt', 'reviewDeadline']).default('createdAt'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export const applicationPage = z.object({ items: z.array(applicationView), nextCursor: z.string().nullable() });

export const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });
export const attachmentFile = z.any().describe('the file, with its own content type');
