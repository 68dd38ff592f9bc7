// The user directory: reads for authentication, and the admin's changes (each audited). A person
// deactivated here loses their sessions at once; tokens naming them are refused from then on.
import { and, arrayContains, asc, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, organisations, users } from '../../db/schema.js';
import type { Actor, Role } from '../../domain/vocabulary.js';
import { AppError, notFound, unprocessable } from '../errors.js';
import { audit } from './audit.js';
import { endSessionsOf } from './sessions.js';

type Row = typeof users.$inferSelect;
export const userView = (r: Row) => ({
  id: r.id,
  login: r.login,
  name: r.name,
  org: r.org,
  roles: r.roles,
  phone: r.phone,
  email: r.email,
  active: r.active,
  lead: r.lead,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function findUser(db: Db, id: string): Promise<Row | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByLogin(db: Db, login: string): Promise<Row | undefined> {
  const [row] = await db.select().from(users).where(eq(users.login, login));
  return row;
}

export interface UserQuery {
  org?: string;
  role?: Role;
  active?: boolean;
  q?: string;
}

export async function listUsers(db: Db, q: UserQuery) {
  const where: (SQL | undefined)[] = [
    q.org ? eq(users.org, q.org) : undefined,
    q.role ? arrayContains(users.roles, [q.role]) : undefined,
    q.active !== undefined ? eq(users.active, q.active) : undefined,
    q.q ? or(ilike(users.name, `%${q.q}%`), ilike(users.id, `%${q.q}%`), ilike(users.login, `%${q.q}%`)) : undefined,
  ];
  return (
    await db
      .select()
      .from(users)
      .where(and(...where))
      .orderBy(asc(users.org), asc(users.id))
  ).map(userView);
}

export async function getUser(db: Db, id: string) {
  const row = await findUser(db, id);
  if (!row) throw notFound('user');
  return userView(row);
}

async function assertOrg(db: Pick<Db, 'select'>, code: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.code, code));
  if (!org) throw unprocessable('org', 'knownOrganisation', `unknown organisation ${code}`);
}

export interface NewUser {
  id: string;
  login?: string;
  name: string;
  org: string;
  roles: Role[];
  phone?: string | null;
  email?: string | null;
  lead?: boolean;
}

export async function createUser(db: Db, actor: Actor, input: NewUser) {
  return db.transaction(async (tx) => {
    await assertOrg(tx, input.org);
    const values = { ...input, login: input.login ?? input.id, phone: input.phone ?? null, email: input.email ?? null };
    const [row] = await tx.insert(users).values(values).onConflictDoNothing().returning();
    if (!row) throw new AppError(409, 'ALREADY_EXISTS', `a user with id ${input.id} or login ${values.login} exists`, { field: 'id' });
    await audit(tx, actor, 'user.create', { type: 'user', id: row.id }, { after: userView(row) });
    return userView(row);
  });
}

export type UserChanges = Partial<Omit<NewUser, 'id'>> & { active?: boolean };

export async function changeUser(db: Db, actor: Actor, id: string, changes: UserChanges) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('user');
    if (changes.org) await assertOrg(tx, changes.org);
    const [after] = await tx
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    const diff = Object.fromEntries(
      Object.keys(changes)
        .filter((k) => JSON.stringify(before[k as keyof Row]) !== JSON.stringify(after![k as keyof Row]))
        .map((k) => [k, { from: before[k as keyof Row], to: after![k as keyof Row] }]),
    );
    // Sessions act in a role and an organisation: any change to who the person is ends them.
    if (changes.active === false || diff.org || diff.roles || diff.lead) await endSessionsOf(tx, id);
    const action =
      changes.active === false && before.active ? 'user.deactivate' : changes.active === true && !before.active ? 'user.reactivate' : 'user.update';
    if (Object.keys(diff).length) await audit(tx, actor, action, { type: 'user', id }, { changes: diff });
    return userView(after!);
  });
}

export async function auditTrail(db: Db, target: { type?: string; id?: string }, limit = 200) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(target.type ? eq(auditLog.targetType, target.type) : undefined, target.id ? eq(auditLog.targetId, target.id) : undefined))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: { userId: r.actorUser, name: r.actorName, role: r.actorRole },
    action: r.action,
    target: { type: r.targetType, id: r.targetId },
    detail: r.detail,
  }));
}
