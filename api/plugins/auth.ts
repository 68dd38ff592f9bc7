// Who is calling. People: the session cookie (and a CSRF token bound to that session on every
// write). Systems and scripts: `Authorization: Bearer` with an API key, or a signed token (HS256:
// user, org, role, and always an expiry within TOKEN_MAX_HOURS). In production only tokens the
// service issued (api/auth/tokens.ts) are accepted. Routes declare the roles they admit in
// `config.roles`; org scoping is the services' job.
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
import { findIssuedToken } from '../auth/tokens.js';
import { AppError, forbidden, unauthorized } from '../errors.js';

/** Whom a token names (what `npm run token` takes). */
export const tokenSubjectSchema = z.object({
  sub: z.string().min(1).max(100),
  org: z.string().min(1).max(50),
  role: z.enum(ROLES),
});
export const tokenClaimsSchema = tokenSubjectSchema.extend({
  iat: z.number().int(),
  exp: z.number().int(),
  /** Set on tokens the service issued: their row in issued_tokens. */
  jti: z.uuid().optional(),
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
    /** The API key the caller used, if any. */
    apiKeyId: string | null;
    /** Checks the request's credential again (no activity noted): false once it no longer admits the same actor to this route. */
    recheck: () => Promise<boolean>;
  }
}

export interface AuthOptions {
  /** Signs and checks bearer tokens. */
  tokenSecret: string;
  /** Signs cookies and CSRF tokens. */
  cookieSecret: string;
  db: Db;
  sessions: SessionLimits;
  tokenMaxHours: number;
  production: boolean;
}

export const cookieOptions = (production: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: production });
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Verified {
  actor: Actor;
  via: 'session' | 'token' | 'apiKey';
  session: SessionPerson | null;
  apiKeyId: string | null;
}

export default fp(
  async function auth(app: FastifyInstance, opts: AuthOptions) {
    await app.register(cookie, { secret: opts.cookieSecret });
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { ...cookieOptions(opts.production), signed: true },
      getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
      // A token made for one session is worth nothing with another session's cookie (cookie tossing).
      getUserInfo: (req) => req.session?.idHash ?? '',
      csrfOpts: { hmacKey: opts.cookieSecret },
    });
    await app.register(fastifyJwt, { secret: opts.tokenSecret, sign: { algorithm: 'HS256' }, verify: { algorithms: ['HS256'] } });
    app.decorateRequest('actor', null as unknown as Actor);
    app.decorateRequest('authVia', null);
    app.decorateRequest('session', null);
    app.decorateRequest('apiKeyId', null);
    app.decorateRequest('recheck', null as unknown as () => Promise<boolean>);
    const maxSeconds = opts.tokenMaxHours * 3600;

    /**
     * A token must expire within TOKEN_MAX_HOURS. One the service issued speaks for what it was issued
     * to; outside production a hand-signed one names a person: one the directory knows must be active
     * and match, others are taken at their word.
     */
    async function tokenActor(req: FastifyRequest): Promise<Actor> {
      let claims: TokenClaims;
      try {
        claims = tokenClaimsSchema.parse(await req.jwtVerify());
      } catch {
        throw unauthorized('missing or invalid bearer token (a token needs iat and exp)');
      }
      if (claims.exp - claims.iat > maxSeconds || claims.exp - Date.now() / 1000 > maxSeconds) {
        throw unauthorized(`a token may live at most ${opts.tokenMaxHours} h (TOKEN_MAX_HOURS)`);
      }
      if (claims.jti) {
        const actor = await findIssuedToken(opts.db, claims.jti);
        if (!actor || actor.userId !== claims.sub) throw unauthorized('this token was revoked, or the session or API key it was issued to has ended');
        return actor;
      }
      if (opts.production) throw unauthorized('only tokens this service issued are accepted: POST /v1/tokens with your session or API key');
      const person = await findUser(opts.db, claims.sub);
      if (!person) return { userId: claims.sub, org: claims.org, role: claims.role, name: null };
      if (!person.active) throw unauthorized('this user is deactivated');
      if (person.org !== claims.org || !person.roles.includes(claims.role)) throw unauthorized('the token does not match the user directory');
      return { userId: person.id, org: person.org, role: claims.role, name: person.name, lead: person.lead };
    }

    /** The caller's credential checked; `touch` notes the use (a session's idle clock, a key's last use). */
    async function verify(req: FastifyRequest, touch: boolean): Promise<Verified> {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) {
        if (isApiKey(bearer)) {
          const system = await findApiKey(opts.db, bearer, { touch });
          if (!system) throw unauthorized('unknown or revoked API key');
          const { keyId, ...actor } = system;
          return { actor, via: 'apiKey', session: null, apiKeyId: keyId };
        }
        return { actor: await tokenActor(req), via: 'token', session: null, apiKeyId: null };
      }
      if (req.headers.authorization) throw unauthorized();
      const secret = req.cookies[SESSION_COOKIE];
      const session = secret ? await findSession(opts.db, opts.sessions, secret, { touch }) : undefined;
      if (!session) throw unauthorized(secret ? 'your session has ended; sign in again' : 'sign in, or send a bearer token');
      return {
        actor: { userId: session.userId, org: session.org, role: session.role, name: session.name, lead: session.lead },
        via: 'session',
        session,
        apiKeyId: null,
      };
    }

    app.addHook('onRequest', async (req: FastifyRequest) => {
      const roles = req.routeOptions.config?.roles;
      if (!roles) return;
      let verified: Verified;
      try {
        verified = await verify(req, true);
      } catch (error) {
        // Refused credentials count against the caller's address (no unlimited guessing).
        if (error instanceof AppError && error.statusCode === 401) await app.countRefusal(req);
        throw error;
      }
      const { actor } = verified;
      req.actor = actor;
      req.authVia = verified.via;
      req.session = verified.session;
      req.apiKeyId = verified.apiKeyId;
      req.recheck = async () => {
        try {
          const again = (await verify(req, false)).actor;
          return again.userId === actor.userId && again.org === actor.org && again.role === actor.role && roles.includes(again.role as Role);
        } catch (error) {
          if (error instanceof AppError && error.statusCode === 401) return false;
          throw error; // the database, not the credential: ask again later
        }
      };
      if (!roles.includes(actor.role as Role))
        throw forbidden(`role ${actor.role} may not ${req.method} ${req.routeOptions.url} (only ${roles.join(', ')} may)`);
    });
    // A cookie is sent by the browser whoever asks: writes with one must carry the CSRF token too.
    app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      if (req.authVia === 'session' && UNSAFE.has(req.method)) return app.csrfProtection(req, reply, done);
      done();
    });
  },
  { name: 'auth', dependencies: ['rate-limits'] },
);
