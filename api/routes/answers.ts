// Answering faster: quick replies, the knowledge base and case library, case tags, one search box,
// saved views and bulk actions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAPABILITIES } from '../../domain/access.js';
import { QUICK_REPLY_APPROVERS, QUICK_REPLY_VARIABLES, TAGGERS } from '../../domain/answers.js';
import type { ServiceContext } from '../context.js';
import {
  articleBody,
  articleDetail,
  articleIdParam,
  articlePatch,
  articleView,
  bulkBatch,
  bulkBatchSummary,
  bulkBody,
  caseArticles,
  listArticlesQuery,
  listQuickRepliesQuery,
  quickReplyBody,
  quickReplyPatch,
  quickReplyReviewBody,
  quickReplyVariables,
  quickReplyView,
  renderedQuickReply,
  renderQuickReplyBody,
  savedView,
  savedViewBody,
  savedViewPatch,
  searchQuery,
  searchResult,
  tagBody,
  tagParam,
  viewPage,
  viewPageQuery,
} from '../schemas/answers.js';
import { errorSchema, idempotencyHeader, idParam } from '../schemas/common.js';
import { getBulk, listBulk, resumeBulk, startBulk } from '../services/bulk.js';
import {
  articleFromCase,
  caseArticles as caseArticlesOf,
  createArticle,
  getArticle,
  linkArticle,
  listArticles,
  publishArticle,
  unlinkArticle,
  updateArticle,
} from '../services/knowledge.js';
import { createQuickReply, deleteQuickReply, listQuickReplies, renderQuickReply, reviewQuickReply, updateQuickReply } from '../services/quick-replies.js';
import { addTag, createView, deleteView, listViews, removeTag, tagsOf, updateView, viewItems } from '../services/saved-views.js';
import { search } from '../services/search.js';
import { withIdempotency } from '../services/idempotency.js';

const deleted = z.object({ id: z.uuid(), deleted: z.literal(true) });
const tagList = z.object({ tags: z.array(z.string()) });

export const answerRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  // ── Quick replies ──
  const replies = { config: { roles: CAPABILITIES.quickReplies } };
  const qr = { tags: ['quick replies'] };
  app.get('/v1/quick-reply-variables', {
    ...replies,
    schema: { ...qr, operationId: 'quickReplyVariables', summary: 'The variables a reply may use', response: { 200: quickReplyVariables } },
    handler: async () => QUICK_REPLY_VARIABLES.map((name) => ({ name, placeholder: `{{${name}}}` })),
  });
  app.get('/v1/quick-replies', {
    ...replies,
    schema: {
      ...qr,
      operationId: 'listQuickReplies',
      summary: 'Replies the caller may use: their own, their department’s, the approved province-wide ones (most used first)',
      querystring: listQuickRepliesQuery,
      response: { 200: z.array(quickReplyView) },
    },
    handler: async (req) => listQuickReplies(ctx, req.actor, req.query),
  });
  app.post('/v1/quick-replies', {
    ...replies,
    schema: {
      ...qr,
      operationId: 'createQuickReply',
      summary: 'Keep a reply; an unknown {{variable}} is 422; a province-wide one waits for a reviewer',
      body: quickReplyBody,
      response: { 201: quickReplyView, 422: errorSchema.describe('VALIDATION_FAILED: field text, rule knownVariables') },
    },
    handler: async (req, reply) => reply.code(201).send(await createQuickReply(ctx, req.actor, req.body)),
  });
  app.patch('/v1/quick-replies/:id', {
    ...replies,
    schema: { ...qr, operationId: 'updateQuickReply', params: idParam, body: quickReplyPatch, response: { 200: quickReplyView } },
    handler: async (req) => updateQuickReply(ctx, req.actor, req.params.id, req.body),
  });
  app.delete('/v1/quick-replies/:id', {
    ...replies,
    schema: { ...qr, operationId: 'deleteQuickReply', params: idParam, response: { 200: deleted } },
    handler: async (req) => {
      await deleteQuickReply(ctx, req.actor, req.params.id);
      return { id: req.params.id, deleted: true as const };
    },
  });
  app.post('/v1/quick-replies/:id/review', {
    config: { roles: QUICK_REPLY_APPROVERS },
    schema: {
      ...qr,
      operationId: 'reviewQuickReply',
      summary: 'Approve (or reject) a province-wide reply: others see it once approved',
      params: idParam,
      body: quickReplyReviewBody,
      response: { 200: quickReplyView, 409: errorSchema.describe('INVALID_TRANSITION: not a province-wide reply, or reviewed already (details.status)') },
    },
    handler: async (req) => reviewQuickReply(ctx, req.actor, req.params.id, req.body),
  });
  app.post('/v1/quick-replies/:id/render', {
    ...replies,
    schema: {
      ...qr,
      operationId: 'renderQuickReply',
      summary: 'The reply filled from a case the caller may read (its use is counted)',
      params: idParam,
      body: renderQuickReplyBody,
      response: { 200: renderedQuickReply, 409: errorSchema.describe('NOT_APPROVED: a province-wide reply not approved yet (details.status)') },
    },
    handler: async (req) => renderQuickReply(ctx, req.actor, req.params.id, req.body),
  });

  // ── Knowledge base and case library ──
  const kb = { tags: ['knowledge base'] };
  app.get('/v1/articles', {
    config: { roles: CAPABILITIES.knowledgeBase },
    schema: { ...kb, operationId: 'listArticles', querystring: listArticlesQuery, response: { 200: z.array(articleView) } },
    handler: async (req) => listArticles(ctx, req.actor, req.query),
  });
  app.post('/v1/articles', {
    config: { roles: CAPABILITIES.editArticles },
    schema: { ...kb, operationId: 'createArticle', summary: 'A draft article (published by a reviewer)', body: articleBody, response: { 201: articleView } },
    handler: async (req, reply) => reply.code(201).send(await createArticle(ctx, req.actor, req.body)),
  });
  app.get('/v1/articles/:id', {
    config: { roles: CAPABILITIES.knowledgeBase },
    schema: { ...kb, operationId: 'getArticle', summary: 'An article with every version: who changed what', params: idParam, response: { 200: articleDetail } },
    handler: async (req) => getArticle(ctx, req.actor, req.params.id),
  });
  app.patch('/v1/articles/:id', {
    config: { roles: CAPABILITIES.editArticles },
    schema: {
      ...kb,
      operationId: 'updateArticle',
      summary: 'Edit: a new version naming the fields changed',
      params: idParam,
      body: articlePatch,
      response: { 200: articleView, 409: errorSchema.describe('INVALID_TRANSITION: the article changed meanwhile (details.version): load it again') },
    },
    handler: async (req) => updateArticle(ctx, req.actor, req.params.id, req.body),
  });
  app.post('/v1/articles/:id/publish', {
    config: { roles: CAPABILITIES.editArticles },
    schema: {
      ...kb,
      operationId: 'publishArticle',
      summary: 'Publish a draft (a reviewer)',
      params: idParam,
      response: { 200: articleView, 409: errorSchema.describe('INVALID_TRANSITION: published already (details.status)') },
    },
    handler: async (req) => publishArticle(ctx, req.actor, req.params.id),
  });
  app.get('/v1/work-orders/:id/articles', {
    config: { roles: CAPABILITIES.knowledgeBase },
    schema: {
      ...kb,
      operationId: 'caseArticles',
      summary: 'Articles linked to the case, and suggestions from its category and words',
      params: idParam,
      response: { 200: caseArticles },
    },
    handler: async (req) => caseArticlesOf(ctx, req.actor, req.params.id),
  });
  app.put('/v1/work-orders/:id/articles/:articleId', {
    config: { roles: CAPABILITIES.editArticles },
    schema: { ...kb, operationId: 'linkArticle', params: articleIdParam, response: { 200: caseArticles } },
    handler: async (req) => linkArticle(ctx, req.actor, req.params.id, req.params.articleId),
  });
  app.delete('/v1/work-orders/:id/articles/:articleId', {
    config: { roles: CAPABILITIES.editArticles },
    schema: { ...kb, operationId: 'unlinkArticle', params: articleIdParam, response: { 200: caseArticles } },
    handler: async (req) => unlinkArticle(ctx, req.actor, req.params.id, req.params.articleId),
  });
  app.post('/v1/work-orders/:id/case-article', {
    config: { roles: CAPABILITIES.editArticles },
    schema: {
      ...kb,
      operationId: 'articleFromCase',
      summary: '从工单生成案例: a closed case becomes a draft 案例 without the customer’s name and phone',
      params: idParam,
      response: { 201: articleView, 409: errorSchema.describe('INVALID_TRANSITION: the case is not closed (details.status)') },
    },
    handler: async (req, reply) => reply.code(201).send(await articleFromCase(ctx, req.actor, req.params.id)),
  });

  // ── Tags ──
  app.get('/v1/work-orders/:id/tags', {
    config: { roles: TAGGERS },
    schema: { tags: ['work orders'], operationId: 'workOrderTags', params: idParam, response: { 200: tagList } },
    handler: async (req) => ({ tags: (await tagsOf(ctx, [req.params.id])).get(req.params.id) ?? [] }),
  });
  app.post('/v1/work-orders/:id/tags', {
    config: { roles: TAGGERS },
    schema: {
      tags: ['work orders'],
      operationId: 'tagWorkOrder',
      summary: 'Tag an order (the handling side’s own label; the office never sees it)',
      params: idParam,
      headers: idempotencyHeader,
      body: tagBody,
      response: { 200: tagList },
    },
    handler: async (req) => {
      const r = await withIdempotency(
        ctx.db,
        req.actor.userId,
        req.headers['idempotency-key'],
        `POST /v1/work-orders/${req.params.id}/tags`,
        req.body,
        async () => ({
          statusCode: 200 as const,
          body: await addTag(ctx, req.actor, req.params.id, req.body.tag),
        }),
      );
      return r.body;
    },
  });
  app.delete('/v1/work-orders/:id/tags/:tag', {
    config: { roles: TAGGERS },
    schema: { tags: ['work orders'], operationId: 'untagWorkOrder', params: tagParam, response: { 200: tagList } },
    handler: async (req) => removeTag(ctx, req.actor, req.params.id, req.params.tag),
  });

  // ── Search ──
  app.get('/v1/search', {
    config: { roles: CAPABILITIES.search },
    schema: {
      tags: ['search'],
      operationId: 'search',
      summary: 'One box: a 申请单号, 工单编号, 邮件号 or phone opens its case; other words are found in the cases the caller may read',
      querystring: searchQuery,
      response: { 200: searchResult, 422: errorSchema.describe('VALIDATION_FAILED: field q, rule minLength') },
    },
    handler: async (req) => search(ctx, req.actor, req.query),
  });

  // ── Saved views ──
  const views = { config: { roles: CAPABILITIES.savedViews } };
  const sv = { tags: ['saved views'] };
  app.get('/v1/views', {
    ...views,
    schema: {
      ...sv,
      operationId: 'listViews',
      summary: 'The caller’s views, their department’s and the published ones, each with its live count',
      response: { 200: z.array(savedView) },
    },
    handler: async (req) => listViews(ctx, req.actor),
  });
  app.post('/v1/views', {
    ...views,
    schema: { ...sv, operationId: 'createView', body: savedViewBody, response: { 201: savedView } },
    handler: async (req, reply) => reply.code(201).send(await createView(ctx, req.actor, req.body)),
  });
  app.patch('/v1/views/:id', {
    ...views,
    schema: { ...sv, operationId: 'updateView', params: idParam, body: savedViewPatch, response: { 200: savedView } },
    handler: async (req) => updateView(ctx, req.actor, req.params.id, req.body),
  });
  app.delete('/v1/views/:id', {
    ...views,
    schema: { ...sv, operationId: 'deleteView', params: idParam, response: { 200: deleted } },
    handler: async (req) => {
      await deleteView(ctx, req.actor, req.params.id);
      return { id: req.params.id, deleted: true as const };
    },
  });
  app.get('/v1/views/:id/work-orders', {
    ...views,
    schema: {
      ...sv,
      operationId: 'viewWorkOrders',
      summary: 'The orders a view shows the caller, in its order',
      params: idParam,
      querystring: viewPageQuery,
      response: { 200: viewPage },
    },
    handler: async (req) => viewItems(ctx, req.actor, req.params.id, req.query),
  });

  // ── Bulk actions ──
  const bulk = { config: { roles: CAPABILITIES.bulkActions } };
  const ba = { tags: ['bulk actions'] };
  app.post('/v1/bulk-actions', {
    ...bulk,
    schema: {
      ...ba,
      operationId: 'startBulkAction',
      summary: 'Act on a selection or a view’s orders (≤ 500): each item applied as the single action, the outcome per item',
      headers: idempotencyHeader,
      body: bulkBody,
      response: { 201: bulkBatchSummary, 404: errorSchema.describe('NOT_FOUND: no saved view viewId the caller may use') },
    },
    handler: async (req, reply) => {
      const r = await startBulk(ctx, req.actor, req.body, req.headers['idempotency-key']);
      return reply.code(r.statusCode).send(r.body);
    },
  });
  app.get('/v1/bulk-actions', {
    ...bulk,
    schema: { ...ba, operationId: 'listBulkActions', summary: 'The caller’s last bulk actions', response: { 200: z.array(bulkBatchSummary) } },
    handler: async (req) => listBulk(ctx, req.actor),
  });
  app.get('/v1/bulk-actions/:id', {
    ...bulk,
    schema: { ...ba, operationId: 'getBulkAction', summary: 'Each item: done, refused (and why) or pending', params: idParam, response: { 200: bulkBatch } },
    handler: async (req) => getBulk(ctx, req.actor, req.params.id),
  });
  app.post('/v1/bulk-actions/:id/resume', {
    ...bulk,
    schema: { ...ba, operationId: 'resumeBulkAction', summary: 'Start an unfinished batch’s workflow again', params: idParam, response: { 200: bulkBatch } },
    handler: async (req) => resumeBulk(ctx, req.actor, req.params.id),
  });
};
