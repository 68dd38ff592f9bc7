// API keys for systems: `pbk_` + 256 random bits, shown once; only the SHA-256 is stored.
import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys, organisations } from '../../db/schema.js';
import type { Actor, Role } from '../../domain/vocabulary.js';
import { notFound, unprocessable } from '../errors.js';
import { audit } from './audit.js';
import { hashSecret } from './sessions.js';

export const API_KEY_PREFIX = 'pbk_';
export const isApiKey = (credential: string) => credential.startsWith(API_KEY_PREFIX);

type Row = typeof apiKeys.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;
export const apiKeyView = (r: Row) => ({
  id: r.id,
  name: r.name,
  role: r.role,
  org: r.org,
  prefix: r.prefix,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: iso(r.lastUsedAt),
  revokedAt: iso(r.revokedAt),
});

/** The system a key belongs to (and the key's id), if the key is known and not revoked. Notes its use at most once a minute, unless only checking. */
export async function findApiKey(db: Db, key: string, o: { touch?: boolean } = {}): Promise<(Actor & { keyId: string }) | undefined> {
  const hash = hashSecret(key);
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  if (!row) return undefined;
  if (o.touch !== false && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  }
  return { userId: `apikey:${row.id}`, org: row.org, role: row.role, name: row.name, keyId: row.id };
}

export async function createApiKey(db: Db, actor: Actor, input: { name: string; role: Role; org: string }) {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, input.org));
  if (!org) throw unprocessable('org', 'knownOrganisation', `unknown organisation ${input.org}`);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ id, ...input, hash: hashSecret(key), prefix: key.slice(0, 12), createdBy: actor.userId })
      .returning();
    await audit(tx, actor, 'api_key.create', { type: 'api_key', id }, { name: input.name, role: input.role, org: input.org });
    return { ...apiKeyView(row!), key };
  });
}

export async function listApiKeys(db: Db) {
  return (await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(apiKeyView);
}

export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(eq(apiKeys.id, id))
      .returning();
    if (!row) throw notFound('API key');
    await audit(tx, actor, 'api_key.revoke', { type: 'api_key', id }, { name: row.name });
    return apiKeyView(row);
  });
}
