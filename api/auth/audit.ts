// Audit rows: who changed the directory or the API keys, and who signed in or out. Append-only.
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { Actor } from '../../domain/vocabulary.js';

type Executor = Pick<Db, 'insert'>;

export async function audit(
  db: Executor,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({
    actorUser: actor.userId,
    actorName: actor.name ?? null,
    actorRole: actor.role,
    action,
    targetType: target.type,
    targetId: target.id,
    detail,
  });
}
