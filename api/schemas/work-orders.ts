import { z } from 'zod';
import { COMPLEXITIES, ESCALATION_STATUSES, PROBLEM_CATEGORIES, SUBJECT_TYPES, WORK_ORDER_STATUSES } from '../../domain/vocabulary.js';
import { historyEntry } from './applications.js';
import { ESCALATION_ACTIONS } from '../../domain/escalation.js';
import { WORK_ORDER_ACTIONS } from '../../domain/work-order.js';
import { allowedActionsOf, booleanQuery, currentDeadlineFields, cursorSchema, filter, isoDateTime, limitSchema, note, text } from './common.js';

export const workOrderView = z
  .object({
    id: z.uuid(),
    number: z.string(),
    workflowId: z.string(),
    applicationId: z.uuid(),
    mailNumber: z.string(),
    status: z.enum(WORK_ORDER_STATUSES),
    org: z.string(),
    assignedOrg: z.string(),
    problemCategory: z.enum(PROBLEM_CATEGORIES),
    complexity: z.enum(COMPLEXITIES),
    responseDeadline: isoDateTime,
    resolutionDeadline: isoDateTime,
    promiseDeadline: isoDateTime,
    ...currentDeadlineFields,
    respondedAt: isoDateTime.nullable(),
    resolvedAt: isoDateTime.nullable(),
    result: z.string().nullable(),
    customerAccepted: z.boolean().nullable(),
    urgeCount: z.number().int(),
    reactivationCount: z.number().int(),
    meetsStandard: z.boolean().nullable(),
    satisfaction: z.number().int().nullable(),
    escalationLevel: z.number().int(),
    overdue: z.boolean(),
    reactivatableUntil: isoDateTime.nullable(),
    closedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    allowedActions: allowedActionsOf(WORK_ORDER_ACTIONS),
  })
  .meta({ id: 'WorkOrder' });
export type WorkOrderView = z.infer<typeof workOrderView>;
export const workOrderDetail = workOrderView.extend({ history: z.array(historyEntry) }).meta({ id: 'WorkOrderDetail' });

export const listWorkOrdersQuery = z.object({
  status: z.enum(WORK_ORDER_STATUSES).optional(),
  org: filter(50).optional(),
  overdue: booleanQuery.optional(),
  mailNumber: filter(60).optional(),
  escalated: booleanQuery.optional(),
  /** Only orders still being worked on (dispatched, accepted, replied). */
  open: booleanQuery.optional(),
  /** `createdAt` (newest first, the default) or `deadline` (the current deadline, most urgent first). */
  sort: z.enum(['createdAt', 'deadline']).default('createdAt'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const workOrderPage = z.object({ items: z.array(workOrderView), nextCursor: z.string().nullable() });

export const replyBody = z.strictObject({ result: text(4000), customerAccepted: z.boolean() });
export const closeBody = z.strictObject({
  meetsStandard: z.boolean().describe('whether the result meets the closure standard (结案标准); false allows reactivation'),
});
export const reactivateBody = z.strictObject({ reason: text(2000) });
export const urgeBody = z.strictObject({ note: note(2000).optional() }).default({});
export const appendBody = z.strictObject({ info: text(4000) });
export const returnVisitBody = z.strictObject({ satisfaction: z.number().int().min(1).max(5), note: note(2000).optional() });
export const emptyBody = z.strictObject({}).default({});

export const escalationView = z
  .object({
    id: z.uuid(),
    workflowId: z.string(),
    subjectType: z.enum(SUBJECT_TYPES),
    subjectId: z.uuid(),
    subjectNumber: z.string().nullable().describe('the subject’s number (SQ-… or GD-…)'),
    org: z.string(),
    reason: z.string(),
    level: z.number().int(),
    levelName: z.string(),
    levelDeadline: isoDateTime.nullable(),
    ...currentDeadlineFields,
    status: z.enum(ESCALATION_STATUSES),
    acknowledgedAt: isoDateTime.nullable(),
    openedAt: isoDateTime,
    resolvedAt: isoDateTime.nullable(),
    updatedAt: isoDateTime,
    allowedActions: allowedActionsOf(ESCALATION_ACTIONS),
  })
  .meta({ id: 'Escalation' });
export type EscalationView = z.infer<typeof escalationView>;
export const escalationDetail = escalationView.extend({ history: z.array(historyEntry) }).meta({ id: 'EscalationDetail' });
export const listEscalationsQuery = z.object({
  open: booleanQuery.optional(),
  level: z.coerce.number().int().min(1).max(50).optional(),
  subjectId: z.uuid().optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const escalationPage = z.object({ items: z.array(escalationView), nextCursor: z.string().nullable() });
export const createEscalationBody = z.strictObject({ subjectType: z.enum(SUBJECT_TYPES), subjectId: z.uuid(), reason: text(2000) });
export const acknowledgeBody = z.strictObject({ note: note(2000).optional() }).default({});
