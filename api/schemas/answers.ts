// Answering faster: quick replies, the knowledge base, case tags, search, saved views, bulk actions.
import { z } from 'zod';
import {
  BULK_ACTIONS,
  BULK_MAX_ITEMS,
  QUICK_REPLY_SCOPES,
  QUICK_REPLY_SENDS,
  QUICK_REPLY_VARIABLES,
  VIEW_CLOCK_STATES,
  VIEW_COLUMNS,
  VIEW_SCOPES,
  VIEW_SORTS,
} from '../../domain/answers.js';
import { PROBLEM_CATEGORIES, WORK_ORDER_STATUSES } from '../../domain/vocabulary.js';
import { attachmentInput } from './applications.js';
import { cursorSchema, filter, isoDateTime, label, limitSchema, note, searchWords, text } from './common.js';
import { workOrderView } from './work-orders.js';

const tag = label(20, ',，#', '1–20 characters without spaces, commas or #').describe('a label');
const tags = z.array(tag).max(10);
const userRef = z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, 'a user id');
const orgCode = z.string().regex(/^[a-z0-9-]{1,50}$/, 'an organisation code');

// ── Quick replies ──

export const quickReplyBody = z.strictObject({
  name: text(50),
  text: text(4000).describe(`the reply; variables in double braces are filled from the case: ${QUICK_REPLY_VARIABLES.map((v) => `{{${v}}}`).join(' ')}`),
  scope: z.enum(QUICK_REPLY_SCOPES).default('personal').describe('personal; department (its lead); province (seen by others once a reviewer approved it)'),
  tags: tags.default([]),
  attachments: z.array(attachmentInput).max(5).optional(),
});
// A patch names only what changes (no defaults: an absent field stays as it is).
export const quickReplyPatch = z.strictObject({
  name: text(50).optional(),
  text: text(4000).optional(),
  tags: tags.optional(),
  attachments: z.array(attachmentInput).max(5).optional(),
});
const attachmentMeta = z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number().int() });
export const quickReplyView = z
  .object({
    id: z.uuid(),
    scope: z.enum(QUICK_REPLY_SCOPES),
    owner: z.object({ userId: z.string(), name: z.string().nullable() }),
    org: z.string(),
    name: z.string(),
    text: z.string(),
    tags: z.array(z.string()),
    initials: z.string().describe('pinyin initials of the name (快递延误 → kdyw)'),
    status: z.enum(['approved', 'pending', 'rejected']).describe('pending/rejected: a province-wide reply only its owner and reviewers see'),
    rejectReason: z.string().nullable(),
    usageCount: z.number().int(),
    attachments: z.array(attachmentMeta),
    mine: z.boolean(),
    updatedAt: isoDateTime,
  })
  .meta({ id: 'QuickReply' });
export const listQuickRepliesQuery = z.object({
  q: filter(50).optional().describe('name, text, a tag, or pinyin initials'),
  scope: z.enum(QUICK_REPLY_SCOPES).optional(),
  status: z.enum(['approved', 'pending', 'rejected']).optional(),
});
export const quickReplyReviewBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({ decision: z.literal('reject'), reason: text(500) }),
]);
export const renderQuickReplyBody = z.strictObject({ workOrderId: z.uuid().optional(), applicationId: z.uuid().optional() });
export const renderedQuickReply = z
  .object({
    text: z.string().describe('the text with every variable filled from the case'),
    attachments: z.array(attachmentInput).describe('the reply’s files, ready to send with the message'),
  })
  .meta({ id: 'RenderedQuickReply' });
export const quickReplyVariables = z.array(z.object({ name: z.string(), placeholder: z.string() }));

// ── Knowledge base ──

const articleKind = z.enum(['knowledge', 'case']);
export const articleBody = z.strictObject({
  kind: articleKind.default('knowledge'),
  title: text(100),
  body: text(20000).describe('Markdown; rendered without HTML (raw HTML shows as text, script links are dropped)'),
  category: z.enum(PROBLEM_CATEGORIES).nullable().default(null),
  tags: tags.default([]),
});
export const articlePatch = z.strictObject({
  title: text(100).optional(),
  body: text(20000).optional(),
  category: z.enum(PROBLEM_CATEGORIES).nullable().optional(),
  tags: tags.optional(),
});
export const articleView = z
  .object({
    id: z.uuid(),
    kind: articleKind,
    title: z.string(),
    body: z.string(),
    category: z.enum(PROBLEM_CATEGORIES).nullable(),
    tags: z.array(z.string()),
    status: z.enum(['draft', 'published']),
    version: z.number().int(),
    sourceWorkOrderId: z.uuid().nullable(),
    linkedCases: z.number().int().describe('how many cases link to it'),
    createdBy: z.string(),
    updatedBy: z.string(),
    updatedAt: isoDateTime,
    publishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Article' });
export const articleVersionView = z.object({
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  category: z.enum(PROBLEM_CATEGORIES).nullable(),
  tags: z.array(z.string()),
  status: z.enum(['draft', 'published']),
  changes: z.array(z.string()).describe('what this version changed: created, published, or the fields edited'),
  changedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  changedAt: isoDateTime,
});
export const articleDetail = articleView.extend({ versions: z.array(articleVersionView) }).meta({ id: 'ArticleDetail' });
export const listArticlesQuery = z.object({
  q: filter(50).optional(),
  kind: articleKind.optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  status: z.enum(['draft', 'published']).optional(),
});
export const caseArticles = z
  .object({ linked: z.array(articleView), suggested: z.array(articleView.extend({ score: z.number() })) })
  .meta({ id: 'CaseArticles' });
export const articleIdParam = z.object({ id: z.uuid(), articleId: z.uuid() });

// ── Tags ──

export const tagBody = z.strictObject({ tag });
export const tagParam = z.object({ id: z.uuid(), tag });

// ── Search ──

export const searchQuery = z.object({
  q: searchWords(100).describe(
    '申请单号, 工单编号, 邮件号 or a phone number go straight to the case; anything else is searched in the cases’ text (at least 2 characters)',
  ),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
const snippetPart = z.object({ text: z.string(), hit: z.boolean() });
export const searchHit = z
  .object({
    applicationId: z.uuid(),
    workOrderId: z.uuid().nullable(),
    number: z.string(),
    workOrderNumber: z.string().nullable(),
    mailNumber: z.string(),
    org: z.string(),
    assignedOrg: z.string().nullable(),
    createdAt: isoDateTime,
    score: z.number(),
    snippet: z.array(snippetPart).describe('the text around the first hit, the matched words marked (hit: true)'),
  })
  .meta({ id: 'SearchHit' });
export const searchResult = z
  .object({
    exact: z
      .object({ field: z.enum(['number', 'workOrderNumber', 'mailNumber', 'phone']), kind: z.enum(['application', 'workOrder']), id: z.uuid() })
      .nullable()
      .describe('the one case the box named: open it'),
    items: z.array(searchHit),
    total: z.number().int().describe('matches the caller may read, counted up to 1,000'),
    more: z.boolean().describe('more than `total` matched'),
    tookMs: z.number(),
  })
  .meta({ id: 'SearchResult' });

// ── Saved views ──

export const viewFilters = z
  .strictObject({
    status: z.array(z.enum(WORK_ORDER_STATUSES)).max(5).optional(),
    open: z.boolean().optional(),
    clockState: z.array(z.enum(VIEW_CLOCK_STATES)).max(4).optional().describe('the current clock: running, warning (its last share), overdue, paused'),
    remainingHoursAtMost: z.number().min(0).max(10_000).optional().describe('due within so many hours (overdue ones included)'),
    paused: z.boolean().optional(),
    department: orgCode.optional().describe('the handling department'),
    assignee: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,100}$/)
      .optional()
      .describe('me, none, or a person'),
    category: z.array(z.enum(PROBLEM_CATEGORIES)).max(11).optional(),
    transferred: z.boolean().optional(),
    minTransfers: z.number().int().min(1).max(50).optional(),
    tags: tags.optional().describe('any of these tags'),
  })
  .meta({ id: 'ViewFilters' });
export type ViewFilters = z.infer<typeof viewFilters>;
const viewSort = z.strictObject({ field: z.enum(VIEW_SORTS), direction: z.enum(['asc', 'desc']) });
export const savedViewBody = z.strictObject({
  name: text(40),
  scope: z.enum(VIEW_SCOPES).default('personal').describe('personal; department (shared with your organisation); public (a lead publishes it for all)'),
  filters: viewFilters.default({}),
  columns: z.array(z.enum(VIEW_COLUMNS)).min(1).max(VIEW_COLUMNS.length).default(['number', 'status', 'category', 'assignee', 'clock', 'remaining']),
  sort: viewSort.default({ field: 'deadline', direction: 'asc' }),
});
export const savedViewPatch = z.strictObject({
  name: text(40).optional(),
  scope: z.enum(VIEW_SCOPES).optional(),
  filters: viewFilters.optional(),
  columns: z.array(z.enum(VIEW_COLUMNS)).min(1).max(VIEW_COLUMNS.length).optional(),
  sort: viewSort.optional(),
});
export const savedView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: z.enum(VIEW_SCOPES),
    owner: z.object({ userId: z.string(), name: z.string().nullable() }),
    org: z.string(),
    filters: viewFilters,
    columns: z.array(z.enum(VIEW_COLUMNS)),
    sort: viewSort,
    mine: z.boolean(),
    count: z.number().int().describe('how many orders the view shows the caller now'),
  })
  .meta({ id: 'SavedView' });
export const viewItem = workOrderView.extend({ tags: z.array(z.string()) }).meta({ id: 'ViewItem' });
export const viewPage = z.object({ items: z.array(viewItem), nextCursor: z.string().nullable(), count: z.number().int() }).meta({ id: 'ViewPage' });
export const viewPageQuery = z.object({ limit: limitSchema, cursor: cursorSchema.optional() });

// ── Bulk actions ──

const bulkParams = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('assign'), assignee: userRef, confirmOverCap: z.boolean().optional() }),
  z.strictObject({ action: z.literal('transfer'), to: orgCode, reasonCategory: text(50), reason: text(1000) }),
  z.strictObject({ action: z.literal('pause'), reasonCategory: text(50), reason: text(1000), until: isoDateTime }),
  z.strictObject({ action: z.literal('urge'), note: note(2000).optional() }),
  z.strictObject({ action: z.literal('close'), meetsStandard: z.boolean() }),
  z.strictObject({ action: z.literal('addTag'), tag }),
  z.strictObject({
    action: z.literal('quickReply'),
    quickReplyId: z.uuid(),
    as: z.enum(QUICK_REPLY_SENDS).describe('the message it is sent as: each is that single action'),
    customerAccepted: z.boolean().optional().describe('for a reply'),
  }),
]);
export type BulkParams = z.infer<typeof bulkParams>;
export const bulkBody = z.strictObject({
  params: bulkParams,
  workOrderIds: z.array(z.uuid()).min(1).max(BULK_MAX_ITEMS).optional().describe('a selection'),
  viewId: z.uuid().optional().describe(`or every order a saved view shows (at most ${BULK_MAX_ITEMS})`),
});
const bulkItem = z.object({
  workOrderId: z.uuid(),
  number: z.string().nullable(),
  state: z.enum(['pending', 'done', 'refused']),
  code: z.string().nullable().describe('why it was refused: the single action’s error code (FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VALIDATION_FAILED…)'),
  message: z.string().nullable(),
});
export const bulkBatch = z
  .object({
    id: z.uuid(),
    action: z.enum(BULK_ACTIONS),
    params: z.record(z.string(), z.unknown()),
    status: z.enum(['running', 'finished']),
    total: z.number().int(),
    done: z.number().int(),
    refused: z.number().int(),
    pending: z.number().int(),
    createdAt: isoDateTime,
    finishedAt: isoDateTime.nullable(),
    items: z.array(bulkItem),
  })
  .meta({ id: 'BulkBatch' });
export const bulkBatchSummary = bulkBatch.omit({ items: true }).meta({ id: 'BulkBatchSummary' });
