// Who is calling. People: the session cookie (and a CSRF token on every write). Systems and
// scripts: `Authorization: Bearer` with an API key, or a signed token (HS256: user, org, role).
// Routes declare the roles they admit in `config.roles`; org scoping is the services' job.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import fastifyJwt from '@fastify/jwt';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ROLES, type Actor, type Role } from '../../domain/vocabulary.js';
import { findApiKey, isApiKey } from '../auth/api-keys.js';
import { findUser } from '../auth/directory.js';
import { findSession, SESSION_COOKIE, type SessionLimits, type SessionPerson } from '../auth/sessions.js';
import { forbidden, unauthorized } from '../errors.js';

export const tokenClaimsSchema = z.object({
  sub: z.string().min(1).max(100),
  org: z.string().min(1).max(50),
  role: z.enum(ROLES),
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
    /** How the caller proved who they are. */
    authVia: 'session' | 'token' | 'apiKey' | null;
    session: SessionPerson | null;
  }
}

export interface AuthOptions {
  secret: string;
  db: Db;
  sessions: SessionLimits;
  production: boolean;
}

export const cookieOptions = (production: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: production });
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default fp(
  async function auth(app: FastifyInstance, opts: AuthOptions) {
    await app.register(cookie, { secret: opts.secret });
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { ...cookieOptions(opts.production), signed: true },
      getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
    });
    await app.register(fastifyJwt, { secret: opts.secret, sign: { algorithm: 'HS256', expiresIn: '12h' }, verify: { algorithms: ['HS256'] } });
    app.decorateRequest('actor', null as unknown as Actor);
    app.decorateRequest('authVia', null);
    app.decorateRequest('session', null);

    /** A signed token names a person: one the directory knows must be active and match; others only outside production. */
    async function tokenActor(req: FastifyRequest): Promise<Actor> {
      let claims: TokenClaims;
      try {
        claims = tokenClaimsSchema.parse(await req.jwtVerify());
      } catch {
        throw unauthorized();
      }
      const person = await findUser(opts.db, claims.sub);
      if (!person) {
        if (opts.production) throw unauthorized('the token names no one in the user directory');
        return { userId: claims.sub, org: claims.org, role: claims.role, name: null };
      }
      if (!person.active) throw unauthorized('this user is deactivated');
      if (person.org !== claims.org || !person.roles.includes(claims.role)) throw unauthorized('the token does not match the user directory');
      return { userId: person.id, org: person.org, role: claims.role, name: person.name, lead: person.lead };
    }

    async function authenticate(req: FastifyRequest): Promise<void> {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) {
        if (isApiKey(bearer)) {
          const system = await findApiKey(opts.db, bearer);
          if (!system) throw unauthorized('unknown or revoked API key');
          req.actor = system;
          req.authVia = 'apiKey';
        } else {
          req.actor = await tokenActor(req);
          req.authVia = 'token';
        }
        return;
      }
      if (req.headers.authorization) throw unauthorized();
      const secret = req.cookies[SESSION_COOKIE];
      const session = secret ? await findSession(opts.db, opts.sessions, secret) : undefined;
      if (!session) throw unauthorized(secret ? 'your session has ended; sign in again' : 'sign in, or send a bearer token');
      req.session = session;
      req.actor = { userId: session.userId, org: session.org, role: session.role, name: session.name, lead: session.lead };
      req.authVia = 'session';
    }

    app.addHook('onRequest', async (req: FastifyRequest) => {
      const roles = req.routeOptions.config?.roles;
      if (!roles) return;
      await authenticate(req);
      if (!roles.includes(req.actor.role as Role))
        throw forbidden(`role ${req.actor.role} may not ${req.method} ${req.routeOptions.url} (only ${roles.join(', ')} may)`);
    });
    // A cookie is sent by the browser whoever asks: writes with one must carry the CSRF token too.
    app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      if (req.authVia === 'session' && UNSAFE.has(req.method)) return app.csrfProtection(req, reply, done);
      done();
    });
  },
  { name: 'auth' },
);
