// The user directory (admin): list, create, change, deactivate; every change audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { errorSchema } from '../schemas/common.js';
import { auditTrail, changeUser, createUser, getUser, listUsers } from '../auth/directory.js';

import { auditEntry, auditQuery, changeUserBody, createUserBody, listUsersQuery, userIdParam, userView } from '../schemas/auth.js';

const ADMIN = ['admin'] as const;

export const userRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/users', {
    config: { roles: ADMIN },
    schema: { operationId: 'listUsers', tags: ['directory'], querystring: listUsersQuery, response: { 200: z.array(userView) } },
    handler: async (req) => listUsers(ctx.db, req.query),
  });
  app.post('/v1/users', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'createUser',
      tags: ['directory'],
      body: createUserBody,
      response: { 201: userView, 409: errorSchema.describe('ALREADY_EXISTS: the id or login is taken') },
    },
    handler: async (req, reply) => reply.code(201).send(await createUser(ctx.db, req.actor, req.body)),
  });
  app.get('/v1/users/:id', {
    config: { roles: ADMIN },
    schema: { operationId: 'getUser', tags: ['directory'], params: userIdParam, response: { 200: userView } },
    handler: async (req) => getUser(ctx.db, req.params.id),
  });
  app.patch('/v1/users/:id', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'changeUser',
      tags: ['directory'],
      summary: 'Change a person; `active: false` deactivates them and ends their sessions',
      params: userIdParam,
      body: changeUserBody,
      response: { 200: userView },
    },
    handler: async (req) => changeUser(ctx.db, req.actor, req.params.id, req.body),
  });
  app.post('/v1/users/:id/deactivate', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'deactivateUser',
      tags: ['directory'],
      summary: 'Deactivate a person: their sessions end and their tokens are refused at once',
      params: userIdParam,
      response: { 200: userView },
    },
    handler: async (req) => changeUser(ctx.db, req.actor, req.params.id, { active: false }),
  });
  app.get('/v1/audit', {
    config: { roles: ADMIN },
    schema: {
      operationId: 'auditTrail',
      tags: ['directory'],
      summary: 'Every privileged action, newest first: directory, API-key and token changes, sign-ins (and refusals, role switches), operators’ actions',
      querystring: auditQuery,
      response: { 200: z.array(auditEntry) },
    },
    handler: async (req) => auditTrail(ctx.db, { type: req.query.targetType, id: req.query.targetId }, req.query.limit),
  });
};
