import { and, lt, or, eq, type SQL, type Column } from 'drizzle-orm';
import { badRequest } from '../errors.js';

/** Opaque keyset cursor over (createdAt desc, id desc): stable under concurrent inserts. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

export function cursorCondition(cursor: string | undefined, createdAt: Column, id: Column): SQL | undefined {
  if (!cursor) return undefined;
  const [at, key] = Buffer.from(cursor, 'base64url').toString().split('|');
  const when = new Date(at ?? '');
  if (!key || Number.isNaN(when.getTime()) || !/^[0-9a-f-]{36}$/.test(key)) throw badRequest('cursor is not one this API issued', [{ field: 'cursor', rule: 'opaque cursor' }]);
  return or(lt(createdAt, when), and(eq(createdAt, when), lt(id, key)));
}

export function page<T extends { createdAt: Date; id: string }, V>(rows: T[], limit: number, view: (row: T) => V) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
}
