// Audit rows: every privileged action — who changed the directory or the API keys, who signed in
// or out, was refused, or switched role, which tokens were issued or revoked, and what operators
// did to which workflows and why. Append-only.
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { Actor } from '../../domain/vocabulary.js';

type Executor = Pick<Db, 'insert'>;

/** What audit rows are about (the `target.type` /v1/audit filters by). */
export const AUDIT_TARGETS = [
  'user',
  'api_key',
  'token',
  'sign_in',
  'application',
  'workflow',
  'ops_batch',
  'ops',
  'webhook',
  'delivery',
  'article',
  'quickReply',
] as const;
export type AuditTarget = (typeof AUDIT_TARGETS)[number];

export async function audit(
  db: Executor,
  /** Who: a caller, or (a refused sign-in) whoever was claimed, in role 'anonymous'. */
  actor: Pick<Actor, 'userId' | 'name'> & { role: string; org?: string },
  action: string,
  target: { type: AuditTarget; id: string },
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
