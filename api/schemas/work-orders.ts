import { z } from 'zod';
import { BUSINESS_TYPES, COMPLEXITIES, ESCALATION_STATUSES, LEGS, PROBLEM_CATEGORIES, SUBJECT_TYPES, WORK_ORDER_STATUSES } from '../../domain/vocabulary.js';
import { attachmentInput, historyEntry } from './applications.js';
import { ESCALATION_ACTIONS } from '../../domain/escalation.js';
import { WORK_ORDER_ACTIONS } from '../../domain/work-order.js';
import {
  allowedActionsOf,
  booleanQuery,
  clocksField,
  currentDeadlineFields,
  cursorSchema,
  filter,
  isoDateTime,
  limitSchema,
  note,
  personRef,
  text,
} from './common.js';

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
    assignee: personRef.nullable().describe('who in the handling department owns it; null: in the department’s queue'),
    assignedAt: isoDateTime.nullable(),
    claimDeadline: isoDateTime.nullable().describe('the assignee must act by then or it returns to the queue'),
    transferCount: z.number().int(),
    pendingTransfer: z
      .object({
        from: z.string(),
        to: z.string(),
        at: isoDateTime,
        refuseUntil: isoDateTime,
        reasonCategory: z.string(),
        reason: z.string(),
        by: personRef,
      })
      .nullable()
      .describe('the last transfer, while the receiving department may refuse it'),
    holds: z.array(z.object({ org: z.string(), from: isoDateTime, to: isoDateTime.nullable() })).describe('each department’s time with the order'),
    misrouteReason: z.string().nullable().describe('why the department sent it back to the reviewer (status misrouted)'),
    openQuestion: z
      .object({ at: isoDateTime, text: z.string(), by: personRef })
      .nullable()
      .describe('the department’s question the office has not answered yet'),
    dispatchedAt: isoDateTime.nullable(),
    pause: z
      .object({ at: isoDateTime, until: isoDateTime, reasonCategory: z.string(), reason: z.string(), by: personRef })
      .nullable()
      .describe('the resolution clock paused (挂起) since `at`, until `until` at the latest'),
    pauseCount: z.number().int(),
    pausedMs: z.number().int().describe('working time paused in all'),
    clocks: clocksField,
    allowedActions: allowedActionsOf(WORK_ORDER_ACTIONS),
  })
  .meta({ id: 'WorkOrder' });
export type WorkOrderView = z.infer<typeof workOrderView>;
const attachmentView = z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number(), visibility: z.enum(['all', 'department']) });
export const workOrderDetail = workOrderView
  .extend({
    application: z
      .object({
        id: z.uuid(),
        number: z.string(),
        businessType: z.enum(BUSINESS_TYPES),
        demand: z.string().describe('客户诉求'),
        description: z.string().nullable().describe('情况说明'),
        customer: z.object({ name: z.string(), phone: z.string().describe('whole on the case page; every showing is audited') }),
        international: z.object({ leg: z.enum(LEGS), destinationCountry: z.string() }).nullable(),
        createdBy: z.string(),
        createdAt: isoDateTime,
        attachments: z.array(attachmentView).describe('the application’s files and those sent with messages (internal ones for the department only)'),
      })
      .optional()
      .describe('the application behind the order: what the customer asks, and whom to call'),
    mailItem: z
      .object({
        mailNumber: z.string(),
        collectingOrg: z.string(),
        businessType: z.enum(BUSINESS_TYPES),
        acceptedAt: isoDateTime,
        destinationCountry: z.string().nullable(),
      })
      .optional(),
    related: z.array(workOrderView).describe('other orders on the same mail number the caller may see'),
    history: z.array(historyEntry),
  })
  .meta({ id: 'WorkOrderDetail' });

export const listWorkOrdersQuery = z.object({
  status: z.enum(WORK_ORDER_STATUSES).optional(),
  org: filter(50).optional(),
  overdue: booleanQuery.optional(),
  mailNumber: filter(60).optional(),
  escalated: booleanQuery.optional(),
  /** Only orders still being worked on (dispatched, accepted, replied, misrouted). */
  open: booleanQuery.optional(),
  /** Only orders with a clock running (dispatched, accepted, misrouted): the department's to-do. */
  running: booleanQuery.optional().describe('true: only orders with a deadline that applies now (the department’s to-do)'),
  number: filter(60).optional().describe('工单编号, exact'),
  assignee: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,100}$/, 'me, none, or a user id')
    .optional()
    .describe('me: mine; none: in the department’s queue; or a person’s id'),
  clock: z.enum(['dueSoon', 'overdue']).optional().describe('dueSoon: in the last share of its clock; overdue: past it'),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  transferred: booleanQuery.optional(),
  /** `createdAt` (newest first, the default) or `deadline` (the current deadline, most urgent first). */
  sort: z.enum(['createdAt', 'deadline']).default('createdAt'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const workOrderPage = z.object({ items: z.array(workOrderView), nextCursor: z.string().nullable() });
export const workOrderFacetsQuery = listWorkOrdersQuery.omit({ sort: true, limit: true, cursor: true });
export const workOrderFacets = z
  .object({
    all: z.number().int(),
    mine: z.number().int(),
    unassigned: z.number().int(),
    dueSoon: z.number().int(),
    overdue: z.number().int(),
    byCategory: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'WorkOrderFacets' });

/** Files sent with a message (a reply, a question, a note, an append): as an application's attachments. */
const messageFiles = z.array(attachmentInput).max(10).optional();
export const replyBody = z.strictObject({ result: text(4000), customerAccepted: z.boolean(), attachments: messageFiles });
export const closeBody = z.strictObject({
  meetsStandard: z.boolean().describe('whether the result meets the closure standard (结案标准); false allows reactivation'),
});
export const reactivateBody = z.strictObject({ reason: text(2000) });
export const urgeBody = z.strictObject({ note: note(2000).optional() }).default({});
export const appendBody = z.strictObject({ info: text(4000), attachments: messageFiles });
export const assignBody = z.strictObject({
  assignee: z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, 'a user id'),
  confirmOverCap: z.boolean().optional().describe('the lead confirms giving it to someone at or over the department’s cap (recorded)'),
});
export const releaseBody = z.strictObject({ note: note(1000).optional() }).default({});
const orgCode = z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code');
export const transferBody = z.strictObject({
  to: orgCode.describe('the receiving department'),
  reasonCategory: text(50).describe('one of the policy’s transfer reasons (GET /v1/policy)'),
  reason: text(1000),
});
export const reasonBody = z.strictObject({ reason: text(1000) });
export const redispatchBody = z.strictObject({ to: orgCode.describe('the department to dispatch it to') });
export const askBody = z.strictObject({ question: text(2000), attachments: messageFiles });
export const noteBody = z.strictObject({ note: text(4000), attachments: messageFiles });
export const pauseBody = z.strictObject({
  reasonCategory: text(50).describe('one of the policy’s pause reasons (GET /v1/policy)'),
  reason: text(1000),
  until: isoDateTime.describe('when it resumes by itself, at most the policy’s maximum of working days ahead'),
});
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
    clocks: clocksField,
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
