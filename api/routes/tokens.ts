// Bearer tokens issued to the caller's own session or API key (for scripts), and their revocation.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../../domain/vocabulary.js';
import type { AuthSettings, ServiceContext } from '../context.js';
import { issueToken, revokeToken } from '../auth/tokens.js';
import { forbidden } from '../errors.js';
import { idParam } from '../schemas/common.js';
import { issuedToken, issueTokenBody, revokedToken } from '../schemas/tokens.js';

export const tokenRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext; auth: AuthSettings }> = async (app, { ctx, auth }) => {
  app.post('/v1/tokens', {
    config: { roles: ROLES },
    schema: {
      operationId: 'issueToken',
      tags: ['sign-in'],
      summary:
        'A bearer token acting as the caller, issued to their session or API key: it ends with that session or key, when revoked, or when it expires ' +
        '(at most TOKEN_MAX_HOURS). In production these are the only tokens accepted.',
      body: issueTokenBody,
      response: { 201: issuedToken },
    },
    handler: async (req, reply) => {
      const holder = req.session
        ? { sessionIdHash: req.session.idHash, expiresAt: req.session.expiresAt }
        : req.apiKeyId
          ? { apiKeyId: req.apiKeyId }
          : undefined;
      if (!holder) throw forbidden('tokens are issued to a session or an API key, not to another token');
      const minutes = req.body.expiresInMinutes ?? auth.tokenMaxHours * 60;
      const issued = await issueToken(ctx.db, req.actor, holder, { minutes, maxHours: auth.tokenMaxHours, sign: (claims) => app.jwt.sign(claims as never) });
      return reply.code(201).send(issued);
    },
  });
  app.post('/v1/tokens/:id/revoke', {
    config: { roles: ROLES },
    schema: {
      operationId: 'revokeToken',
      tags: ['sign-in'],
      summary: 'Revoke an issued token (your own; an admin: anyone’s): refused from the next request on',
      params: idParam,
      response: { 200: revokedToken },
    },
    handler: async (req) => revokeToken(ctx.db, req.actor, req.params.id),
  });
};
