// Signing people in and out: the local pick-a-person page (never in production), OpenID Connect
// single sign-on, the session's own view (/v1/me) and its role.
import { capabilitiesOf } from '../../domain/access.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import { organisations, users } from '../../db/schema.js';
import { ROLES, type Role } from '../../domain/vocabulary.js';
import type { AuthSettings, ServiceContext } from '../context.js';
import { audit } from '../auth/audit.js';
import { findUser, findUserByLogin } from '../auth/directory.js';
import { createSession, endSession, findSession, SESSION_COOKIE, switchRole } from '../auth/sessions.js';
import type { PendingLogin, SignedInIdentity } from '../auth/oidc.js';
import { cookieOptions } from '../plugins/auth.js';
import { forbidden, notFound } from '../errors.js';

import { errorSchema } from '../schemas/common.js';
import { authOptions, localPerson, localSignInBody, loginQuery, logoutView, meView, switchRoleBody } from '../schemas/auth.js';

const PENDING_COOKIE = 'bpm_oidc';
/** Only paths of this site: a sign-in link must not send people elsewhere. */
const safeReturnTo = (value: unknown) => (typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/');

export const authRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext; auth: AuthSettings }> = async (app, { ctx, auth }) => {
  const cookie = cookieOptions(auth.production);

  /** Starts a session and sets its cookie; returns the session as the auth plugin would find it. */
  async function startSession(req: FastifyRequest, reply: FastifyReply, userId: string, role: Role, method: 'local' | 'oidc', idToken?: string) {
    const secret = await createSession(ctx.db, auth.sessions, { userId, role, method, idToken });
    reply.setCookie(SESSION_COOKIE, secret, { ...cookie, maxAge: auth.sessions.maxMs / 1000 });
    const session = (await findSession(ctx.db, auth.sessions, secret))!;
    await audit(ctx.db, { userId, org: session.org, role, name: session.name }, 'session.sign_in', { type: 'user', id: userId }, { method, ip: req.ip });
    return session;
  }

  /** A sign-in refused: who was claimed (as far as known), by which method, and why. */
  async function refused(req: FastifyRequest, method: 'local' | 'oidc', claimed: string | undefined, reason: string, detail: Record<string, unknown> = {}) {
    await audit(
      ctx.db,
      { userId: claimed ?? 'anonymous', name: null, role: 'anonymous' },
      'session.sign_in_refused',
      claimed ? { type: 'user', id: claimed } : { type: 'sign_in', id: method },
      { method, reason, ip: req.ip, ...detail },
    );
  }

  function me(req: FastifyRequest, reply: FastifyReply) {
    const s = req.session;
    return {
      id: req.actor.userId,
      name: req.actor.name ?? null,
      org: req.actor.org,
      orgName: s?.orgName ?? null,
      roles: s?.roles ?? [req.actor.role as Role],
      role: req.actor.role as Role,
      lead: req.actor.lead ?? false,
      capabilities: capabilitiesOf(req.actor.role as Role),
      via: req.authVia!,
      // Bound to this session: worthless with another session's cookie.
      csrfToken: req.authVia === 'session' ? reply.generateCsrf({ userInfo: s!.idHash }) : null,
      links: { temporalUi: auth.temporalUiUrl ?? null, namespace: ctx.temporal.options.namespace },
    };
  }

  app.get('/auth/options', {
    schema: { operationId: 'signInOptions', tags: ['sign-in'], security: [], response: { 200: authOptions } },
    handler: async () => ({ local: auth.localSignIn, oidc: Boolean(auth.oidc) }),
  });

  app.get('/v1/me', {
    config: { roles: ROLES },
    schema: { operationId: 'me', tags: ['sign-in'], summary: 'Who is calling, and the CSRF token for cookie sessions', response: { 200: meView } },
    handler: async (req, reply) => me(req, reply),
  });

  app.put('/v1/me/role', {
    config: { roles: ROLES },
    schema: {
      operationId: 'switchRole',
      tags: ['sign-in'],
      summary: "Act in another of the signed-in person's roles",
      body: switchRoleBody,
      response: { 200: meView },
    },
    handler: async (req, reply) => {
      if (req.authVia !== 'session') throw forbidden('only people signed in with a session have roles to switch between');
      if (!req.session!.roles.includes(req.body.role)) throw forbidden(`you do not have the role ${req.body.role}`);
      await switchRole(ctx.db, req.session!.idHash, req.body.role);
      await audit(ctx.db, req.actor, 'session.switch_role', { type: 'user', id: req.actor.userId }, { from: req.session!.role, to: req.body.role, ip: req.ip });
      req.session = { ...req.session!, role: req.body.role };
      req.actor = { ...req.actor, role: req.body.role };
      return me(req, reply);
    },
  });

  app.post('/auth/logout', {
    config: { roles: ROLES },
    schema: {
      operationId: 'signOut',
      tags: ['sign-in'],
      summary: 'End this session (and the identity provider’s, where it supports it)',
      response: { 200: logoutView },
    },
    handler: async (req, reply) => {
      const s = req.session;
      if (!s) return { redirectTo: '/login' };
      await endSession(ctx.db, s.idHash);
      await audit(ctx.db, req.actor, 'session.sign_out', { type: 'user', id: s.userId });
      reply.clearCookie(SESSION_COOKIE, cookie);
      const idp = s.method === 'oidc' && auth.oidc ? await auth.oidc.logoutUrl(s.idToken).catch(() => undefined) : undefined;
      return { redirectTo: idp ?? '/login' };
    },
  });

  if (auth.localSignIn) {
    app.get('/auth/local/people', {
      schema: {
        operationId: 'localPeople',
        tags: ['sign-in'],
        security: [],
        summary: 'Local mode only: the people one can sign in as',
        response: { 200: z.array(localPerson) },
      },
      handler: async () =>
        ctx.db
          .select({ id: users.id, name: users.name, org: users.org, orgName: organisations.name, orgKind: organisations.kind, roles: users.roles })
          .from(users)
          .innerJoin(organisations, eq(organisations.code, users.org))
          .where(eq(users.active, true))
          .orderBy(asc(organisations.kind), asc(users.org), asc(users.id)),
    });
    app.post('/auth/local/sign-in', {
      schema: {
        operationId: 'localSignIn',
        tags: ['sign-in'],
        security: [],
        summary: 'Local mode only: sign in as a person from the directory, no password',
        body: localSignInBody,
        response: {
          200: meView,
          403: errorSchema.describe('FORBIDDEN: the person does not have that role'),
          404: errorSchema.describe('NOT_FOUND: no active person with that id'),
        },
      },
      handler: async (req, reply) => {
        const person = await findUser(ctx.db, req.body.userId);
        if (!person?.active) {
          await refused(req, 'local', req.body.userId, 'unknown or inactive person');
          throw notFound('user');
        }
        const role = req.body.role ?? person.roles[0]!;
        if (!person.roles.includes(role)) {
          await refused(req, 'local', person.id, 'role not held', { role });
          throw forbidden(`${person.name} does not have the role ${role}`);
        }
        req.session = await startSession(req, reply, person.id, role, 'local');
        req.actor = { userId: person.id, org: person.org, role, name: person.name, lead: person.lead };
        req.authVia = 'session';
        return me(req, reply);
      },
    });
  }

  const oidc = auth.oidc;
  if (oidc) {
    app.get('/auth/login', {
      schema: {
        operationId: 'signIn',
        tags: ['sign-in'],
        security: [],
        summary: 'Single sign-on: redirects to the identity provider',
        querystring: loginQuery,
        response: { 302: z.null() },
      },
      handler: async (req, reply) => {
        const { url, pending } = await oidc.loginUrl(safeReturnTo(req.query.returnTo));
        reply.setCookie(PENDING_COOKIE, JSON.stringify(pending), { ...cookie, path: '/auth', signed: true, maxAge: 600 });
        return reply.redirect(url, 302);
      },
    });
    app.get('/auth/callback', {
      schema: {
        operationId: 'signInCallback',
        tags: ['sign-in'],
        security: [],
        summary: 'Single sign-on: the identity provider returns here',
        response: { 302: z.null() },
      },
      handler: async (req, reply) => {
        const raw = req.cookies[PENDING_COOKIE];
        const unsigned = raw ? req.unsignCookie(raw) : undefined;
        reply.clearCookie(PENDING_COOKIE, { ...cookie, path: '/auth' });
        // No login under way from this browser: a stray or replayed callback, not a sign-in attempt.
        if (!unsigned?.valid || !unsigned.value) return reply.redirect('/login?error=expired', 302);
        const pending = JSON.parse(unsigned.value) as PendingLogin;
        let identity: SignedInIdentity;
        try {
          identity = await oidc.complete(new URL(req.url, auth.publicUrl), pending);
        } catch (error) {
          req.log.warn({ err: error }, 'single sign-on failed');
          await refused(req, 'oidc', undefined, 'the identity provider’s answer did not check out', { error: String((error as Error).message).slice(0, 200) });
          return reply.redirect('/login?error=sso_failed', 302);
        }
        const person = await signedInPerson(identity);
        if (!person) {
          await refused(req, 'oidc', identity.login, 'not an active person of the directory (or no role from the identity provider)');
          return reply.redirect('/login?error=unknown_user', 302);
        }
        await startSession(req, reply, person.id, person.roles[0]!, 'oidc', identity.idToken);
        return reply.redirect(pending.returnTo, 302);
      },
    });
  }

  /** The directory's person for an IdP identity; with claims-managed roles, their org and roles follow the IdP. */
  async function signedInPerson(identity: Awaited<ReturnType<NonNullable<typeof oidc>['complete']>>) {
    let person = await findUserByLogin(ctx.db, identity.login);
    if (identity.roles && identity.org) {
      if (!identity.roles.length) return undefined;
      const [org] = await ctx.db.select().from(organisations).where(eq(organisations.code, identity.org));
      if (!org) return undefined;
      const values = { org: identity.org, roles: identity.roles, ...(identity.name ? { name: identity.name } : {}) };
      if (person) {
        if (!person.active) return undefined;
        [person] = await ctx.db
          .update(users)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(users.id, person.id))
          .returning();
      } else {
        [person] = await ctx.db
          .insert(users)
          .values({ id: identity.login, login: identity.login, name: identity.name ?? identity.login, ...values })
          .returning();
        await audit(
          ctx.db,
          { userId: 'oidc', org: identity.org, role: 'system', name: 'identity provider' },
          'user.create',
          { type: 'user', id: person!.id },
          { from: 'claims' },
        );
      }
    }
    return person?.active ? person : undefined;
  }
};
