// Server-side sessions for people: the cookie holds 256 random bits; the table holds their SHA-256,
// the user, the role the session acts in, and its idle and absolute limits.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations, sessions, users } from '../../db/schema.js';
import type { Role } from '../../domain/vocabulary.js';

export const SESSION_COOKIE = 'bpm_session';

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createSession(
  db: Db,
  limits: SessionLimits,
  s: { userId: string; role: Role; method: 'local' | 'oidc'; idToken?: string },
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    idHash: hashSecret(secret),
    userId: s.userId,
    role: s.role,
    method: s.method,
    idToken: s.idToken ?? null,
    expiresAt: new Date(Date.now() + limits.maxMs),
  });
  return secret;
}

export interface SessionPerson {
  idHash: string;
  userId: string;
  name: string;
  org: string;
  orgName: string;
  roles: Role[];
  role: Role;
  lead: boolean;
  method: 'local' | 'oidc';
  idToken: string | null;
  expiresAt: Date;
}

/**
 * The live session behind a cookie: not past its absolute end, used within the idle limit, and its
 * person still active (a deactivated person is signed out on their next request). Touches
 * `last_seen_at` at most once a minute, unless only checking (an open event stream is no activity).
 */
export async function findSession(db: Db, limits: SessionLimits, secret: string, o: { touch?: boolean } = {}): Promise<SessionPerson | undefined> {
  const idHash = hashSecret(secret);
  const [row] = await db
    .select({
      idHash: sessions.idHash,
      userId: users.id,
      name: users.name,
      org: users.org,
      lead: users.lead,
      orgName: organisations.name,
      roles: users.roles,
      role: sessions.role,
      method: sessions.method,
      idToken: sessions.idToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.code, users.org))
    .where(
      and(
        eq(sessions.idHash, idHash),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${limits.idleMs / 1000})`),
        eq(users.active, true),
      ),
    );
  if (!row?.roles.includes(row.role)) return undefined;
  if (o.touch !== false && Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.idHash, idHash));
  }
  const { lastSeenAt: _seen, ...person } = row;
  return person;
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function endSessionsOf(db: Pick<Db, 'delete'>, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function switchRole(db: Db, idHash: string, role: Role): Promise<void> {
  await db.update(sessions).set({ role }).where(eq(sessions.idHash, idHash));
}
