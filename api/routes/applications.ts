import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { CAPABILITIES } from '../../domain/access.js';
import { APPLICATION_ACTIONS } from '../../domain/application.js';
import { rolesFor } from '../../domain/permissions.js';
import type { Role } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import {
  abandonBody,
  applicationDetail,
  applicationPage,
  applicationView,
  attachmentFile,
  attachmentParams,
  createApplicationBody,
  listApplicationsQuery,
  resubmitBody,
  reviewBody,
} from '../schemas/applications.js';
import { errorSchema, idempotencyHeader, idParam } from '../schemas/common.js';
import { createApplication, decideApplication, getApplication, getAttachment, listApplications } from '../services/applications.js';

const READERS = CAPABILITIES.readApplications;

export const applicationRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post('/v1/applications', {
    config: { roles: CAPABILITIES.createApplication },
    schema: {
      operationId: 'createApplication',
      tags: ['applications'],
      summary: 'Create an internal service application (内部客服申请单)',
      headers: idempotencyHeader,
      body: createApplicationBody,
      response: {
        201: applicationView,
        200: applicationView.describe('a repeat with the same Idempotency-Key: the first answer'),
        409: errorSchema.describe('CREATION_REFUSED: the creation rules (创建规范) say what to do instead (details.suggestedAction)'),
      },
    },
    handler: async (req, reply) => {
      const result = await createApplication(ctx, req.actor, req.body, req.headers['idempotency-key']);
      return reply.code(result.statusCode).send(result.body);
    },
  });

  app.get('/v1/applications', {
    config: { roles: READERS },
    schema: { operationId: 'listApplications', tags: ['applications'], querystring: listApplicationsQuery, response: { 200: applicationPage } },
    handler: async (req) => listApplications(ctx, req.actor, req.query),
  });

  app.get('/v1/applications/:id', {
    config: { roles: CAPABILITIES.readApplication },
    schema: { operationId: 'getApplication', tags: ['applications'], params: idParam, response: { 200: applicationDetail } },
    handler: async (req) => getApplication(ctx, req.actor, req.params.id),
  });

  app.get('/v1/applications/:id/attachments/:attachmentId', {
    config: { roles: CAPABILITIES.readApplication },
    schema: {
      operationId: 'getAttachment',
      tags: ['applications'],
      summary: 'An attachment’s content (shown inline: images and PDFs preview in the browser)',
      params: attachmentParams,
      response: { 200: attachmentFile },
    },
    handler: async (req, reply) => {
      const file = await getAttachment(ctx, req.actor, req.params.id, req.params.attachmentId);
      return (
        reply
          .type(file.contentType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          // Uploaded content is never run as a page of this site.
          .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
          .header('x-content-type-options', 'nosniff')
          .send(file.content)
      );
    },
  });

  const decision = <B extends z.ZodType>(
    name: string,
    roles: readonly Role[],
    body: B,
    toDecision: (b: z.infer<B>) => Parameters<typeof decideApplication>[3],
  ) =>
    app.post(`/v1/applications/:id/${name}`, {
      config: { roles },
      schema: {
        operationId: `${name}Application`,
        tags: ['applications'],
        params: idParam,
        headers: idempotencyHeader,
        body,
        response: { 200: applicationView, 409: errorSchema.describe('INVALID_TRANSITION: not allowed in the current state (details.status)') },
      },
      handler: async (req, reply) => {
        const result = await decideApplication(ctx, req.actor, req.params.id, toDecision(req.body as z.infer<B>), req.headers['idempotency-key']);
        return reply.code(result.statusCode).send(result.body);
      },
    });

  decision('review', [...new Set([...rolesFor(APPLICATION_ACTIONS.approve), ...rolesFor(APPLICATION_ACTIONS.return)])], reviewBody, (b) => ({
    kind: 'review',
    ...b,
  }));
  decision('resubmit', rolesFor(APPLICATION_ACTIONS.resubmit), resubmitBody, (b) => ({ kind: 'resubmit', changes: b }));
  decision('abandon', rolesFor(APPLICATION_ACTIONS.abandon), abandonBody, (b) => ({ kind: 'abandon', reason: b.reason }));
};
