// Bearer tokens the service issues to a signed-in session or an API key (POST /v1/tokens): signed
// like any token, and recorded, so that one ends with the session or key it came from, or when
// revoked. In production these are the only tokens accepted: holding the signing key alone makes
// no one anybody.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys, issuedTokens, sessions, users } from '../../db/schema.js';
import type { Actor, Role } from '../../domain/vocabulary.js';
import { notFound, unprocessable } from '../errors.js';
import { audit } from './audit.js';

/** What a token is issued to: the caller's session, or their API key. */
export type TokenHolder = { sessionIdHash: string; expiresAt: Date } | { apiKeyId: string };

export async function issueToken(
  db: Db,
  actor: Actor,
  holder: TokenHolder,
  o: { minutes: number; maxHours: number; sign: (claims: Record<string, unknown>) => string },
) {
  if (o.minutes > o.maxHours * 60) throw unprocessable('expiresInMinutes', 'maxTokenLife', `at most ${o.maxHours * 60} minutes (TOKEN_MAX_HOURS)`);
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  // Never past the end of the session it was issued to.
  const end = Math.min(now + o.minutes * 60, 'expiresAt' in holder ? Math.floor(holder.expiresAt.getTime() / 1000) : Number.POSITIVE_INFINITY);
  const expiresAt = new Date(end * 1000);
  await db.transaction(async (tx) => {
    await tx.insert(issuedTokens).values({
      id,
      sessionIdHash: 'sessionIdHash' in holder ? holder.sessionIdHash : null,
      apiKeyId: 'apiKeyId' in holder ? holder.apiKeyId : null,
      userId: actor.userId,
      org: actor.org,
      role: actor.role as Role,
      expiresAt,
    });
    await audit(tx, actor, 'token.issue', { type: 'token', id }, { expiresAt: expiresAt.toISOString(), to: 'apiKeyId' in holder ? 'api_key' : 'session' });
  });
  const token = o.sign({ sub: actor.userId, org: actor.org, role: actor.role, jti: id, iat: now, exp: end });
  return { id, token, expiresAt: expiresAt.toISOString(), role: actor.role as Role, org: actor.org };
}

/**
 * Who an issued token speaks for, if it is live: not revoked or expired, and what it was issued to
 * still is — the session not ended (signing out deletes it) with its person active and still
 * holding the role, or the API key not revoked.
 */
export async function findIssuedToken(db: Db, id: string): Promise<Actor | undefined> {
  const [row] = await db
    .select({
      userId: issuedTokens.userId,
      org: issuedTokens.org,
      role: issuedTokens.role,
      person: users.name,
      personOrg: users.org,
      lead: users.lead,
      key: apiKeys.name,
    })
    .from(issuedTokens)
    .leftJoin(sessions, eq(sessions.idHash, issuedTokens.sessionIdHash))
    .leftJoin(users, and(eq(users.id, sessions.userId), eq(users.active, true), sql`${issuedTokens.role} = any(${users.roles})`))
    .leftJoin(apiKeys, and(eq(apiKeys.id, issuedTokens.apiKeyId), isNull(apiKeys.revokedAt)))
    .where(
      and(
        eq(issuedTokens.id, id),
        isNull(issuedTokens.revokedAt),
        gt(issuedTokens.expiresAt, sql`now()`),
        or(and(gt(sessions.expiresAt, sql`now()`), sql`${users.id} is not null`), sql`${apiKeys.id} is not null`),
      ),
    );
  if (!row) return undefined;
  // A person moved to another organisation has their sessions ended; the org is theirs as of now regardless.
  return { userId: row.userId, org: row.personOrg ?? row.org, role: row.role, name: row.person ?? row.key, lead: row.lead ?? false };
}

/** Revokes a token: its own holder may, and an admin. */
export async function revokeToken(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(issuedTokens).where(eq(issuedTokens.id, id)).for('update');
    if (!row) throw notFound('token');
    if (row.userId !== actor.userId && actor.role !== 'admin') throw notFound('token');
    const [after] = await tx
      .update(issuedTokens)
      .set({ revokedAt: sql`coalesce(${issuedTokens.revokedAt}, now())` })
      .where(eq(issuedTokens.id, id))
      .returning();
    await audit(tx, actor, 'token.revoke', { type: 'token', id });
    return { id, revokedAt: after!.revokedAt!.toISOString(), expiresAt: after!.expiresAt.toISOString() };
  });
}
