import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

type Executor = Pick<Db, 'execute'>;

/** yyyymmdd in China Standard Time: the day the offices see on their desks. */
export function businessDay(at: Date, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).replaceAll('-', '');
}

/** Human-readable unique numbers: PREFIX-YYYYMMDD-NNNNN, a sequence per prefix and day. */
export async function allocateNumber(db: Executor, prefix: string, at: Date): Promise<string> {
  const day = businessDay(at);
  const scope = `${prefix}-${day}`;
  const result = await db.execute<{ value: number }>(sql`
    insert into counters (scope, value) values (${scope}, 1)
    on conflict (scope) do update set value = counters.value + 1
    returning value`);
  const value = result.rows[0]!.value;
  return `${scope}-${String(value).padStart(5, '0')}`;
}
