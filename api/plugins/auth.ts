// Bearer tokens (HS256) carrying user, org and role. Routes declare the roles they admit in
// `config.roles`; org scoping is the services' job (other orgs' records are 404).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import { z } from 'zod';
import { ROLES, type Actor, type Role } from '../../domain/vocabulary.js';
import { forbidden, unauthorized } from '../errors.js';

export const tokenClaimsSchema = z.object({
  sub: z.string().min(1).max(100),
  org: z.string().min(1).max(50),
  role: z.enum(ROLES),
  /** Where SMS reminders to this user go (optional). */
  phone: z.string().max(30).optional(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: TokenClaims;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles admitted; absent = public route. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export default fp(
  async function auth(app: FastifyInstance, opts: { secret: string }) {
    await app.register(fastifyJwt, {
      secret: opts.secret,
      sign: { algorithm: 'HS256', expiresIn: '12h' },
      verify: { algorithms: ['HS256'] },
    });
    app.decorateRequest('actor', null as unknown as Actor);
    app.addHook('onRequest', async (req: FastifyRequest) => {
      const roles = req.routeOptions.config?.roles;
      if (!roles) return;
      let claims: TokenClaims;
      try {
        claims = tokenClaimsSchema.parse(await req.jwtVerify());
      } catch {
        throw unauthorized();
      }
      req.actor = { userId: claims.sub, org: claims.org, role: claims.role };
      if (!roles.includes(claims.role)) throw forbidden(`role ${claims.role} may not ${req.method} ${req.routeOptions.url}`);
    });
  },
  { name: 'auth' },
);
