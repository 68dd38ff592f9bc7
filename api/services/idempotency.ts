// Client idempotency keys: a repeat with the same key returns the first response; a key reused
// for a different request is refused. Keys are scoped to the caller.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { stringify as stableStringify } from 'safe-stable-stringify';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';
import { AppError } from '../errors.js';

type Executor = Pick<Db, 'select' | 'insert' | 'update'>;

const fingerprint = (route: string, body: string) => createHash('sha256').update(route).update(body).digest('hex');

/**
 * The request's fingerprint: its route and its body with keys in a fixed order, so the same request
 * is the same whatever order its keys come in (a retry that read it back from a jsonb column, which
 * reorders keys, or a client whose serializer does).
 */
export const requestHash = (route: string, body: unknown) => fingerprint(route, stableStringify(body ?? null) ?? 'null');

/** The fingerprint before keys were sorted (JSON.stringify's order), kept for keys claimed then. */
const legacyRequestHash = (route: string, body: unknown) => fingerprint(route, JSON.stringify(body ?? null));

/** A 2xx answer, as first given and as a repeat with the same key gets it. */
export interface StoredResponse<B = unknown, S extends 200 | 201 = 200 | 201> {
  statusCode: S;
  body: B;
}

/**
 * What claiming a key found: a new key; one claimed before whose answer was never stored (its first
 * attempt may have taken effect: run again, relying on the effect's own idempotency); or the
 * stored answer.
 */
export type Claim<B, S extends 200 | 201> = { kind: 'new' } | { kind: 'resumed' } | { kind: 'answered'; response: StoredResponse<B, S> };

/** Claims a key inside `tx`. */
export async function claimKey<B, S extends 200 | 201>(tx: Executor, principal: string, key: string, route: string, body: unknown): Promise<Claim<B, S>> {
  const hash = requestHash(route, body);
  const inserted = await tx.insert(idempotencyKeys).values({ principal, key, route, requestHash: hash }).onConflictDoNothing().returning();
  if (inserted.length) return { kind: 'new' };
  const [row] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  if (!row) return { kind: 'new' };
  // Keys claimed before the fingerprint sorted its keys carry the old one: a retry of those still matches.
  if (row.requestHash !== hash && row.requestHash !== legacyRequestHash(route, body)) {
    throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', [
      { field: 'Idempotency-Key', rule: 'same request' },
    ]);
  }
  if (row.statusCode === null) return { kind: 'resumed' };
  // The same route stored it (the request hash covers the route): it has the shape that route answers with.
  return { kind: 'answered', response: { statusCode: row.statusCode as S, body: row.response as B } };
}

export async function storeResponse(tx: Executor, principal: string, key: string, response: StoredResponse): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ statusCode: response.statusCode, response: response.body as object })
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}

/**
 * For actions outside a DB transaction: replay a stored answer, else run and store it. `run` is told
 * when its key was claimed before without an answer (`resumed`): the first attempt may have taken
 * effect, so checks against the record as it is now must not refuse what the effect's own
 * idempotency (a workflow update's id) will answer as the first time.
 */
export async function withIdempotency<B, S extends 200 | 201>(
  db: Db,
  principal: string,
  key: string | undefined,
  route: string,
  body: unknown,
  run: (resumed: boolean) => Promise<StoredResponse<B, S>>,
): Promise<StoredResponse<B, S>> {
  if (!key) return run(false);
  const claim = await claimKey<B, S>(db, principal, key, route, body);
  if (claim.kind === 'answered') return claim.response;
  const response = await run(claim.kind === 'resumed');
  await storeResponse(db, principal, key, response);
  return response;
}
