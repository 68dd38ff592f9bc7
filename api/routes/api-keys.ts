// API keys for systems (admin): created with a role and organisation, shown once, revocable.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.js';
import { idParam } from '../schemas/common.js';
import { apiKeyView, createApiKeyBody, createdApiKey } from '../schemas/auth.js';

const ADMIN = ['admin'] as const;

export const apiKeyRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/api-keys', {
    config: { roles: ADMIN },
    schema: { operationId: 'listApiKeys', tags: ['directory'], response: { 200: z.array(apiKeyView) } },
    handler: async () => listApiKeys(ctx.db),
  });
  app.post('/v1/api-keys', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'createApiKey',
      tags: ['directory'],
      summary: 'Create a key for a system; the key is in this answer only',
      body: createApiKeyBody,
      response: { 201: createdApiKey },
    },
    handler: async (req, reply) => reply.code(201).send(await createApiKey(ctx.db, req.actor, req.body)),
  });
  app.post('/v1/api-keys/:id/revoke', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'revokeApiKey',
      tags: ['directory'],
      summary: 'Revoke a key: refused from the next request on',
      params: idParam,
      response: { 200: apiKeyView },
    },
    handler: async (req) => revokeApiKey(ctx.db, req.actor, req.params.id),
  });
};
