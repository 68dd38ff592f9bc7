import { and, lt, gt, or, eq, type SQL, type Column } from 'drizzle-orm';
import { badRequest } from '../errors.js';

/** Opaque keyset cursor over (a timestamp, id): stable under concurrent inserts. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** Rows after the cursor in the list's order: (at desc, id desc) by default, or ascending. */
export function cursorCondition(cursor: string | undefined, at: Column, id: Column, direction: 'asc' | 'desc' = 'desc'): SQL | undefined {
  if (!cursor) return undefined;
  const [text, key] = Buffer.from(cursor, 'base64url').toString().split('|');
  const when = new Date(text ?? '');
  if (!key || Number.isNaN(when.getTime()) || !/^[0-9a-f-]{36}$/.test(key))
    throw badRequest('cursor is not one this API issued', [{ field: 'cursor', rule: 'opaque cursor' }]);
  const after = direction === 'desc' ? lt : gt;
  return or(after(at, when), and(eq(at, when), after(id, key)));
}

/** One page and the cursor of the next; `keyOf` names the timestamp the list is ordered by (default createdAt). */
export function page<T extends { createdAt: Date; id: string }, V>(
  rows: T[],
  limit: number,
  view: (row: T) => V,
  keyOf: (row: T) => Date = (r) => r.createdAt,
) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: more && last ? encodeCursor(keyOf(last), last.id) : null };
}
