// The service's connections prepare each parameterised statement once (parsed once per connection),
// but not one marked CUSTOM_PLAN: search's plan depends on the words, and a prepared statement may
// be kept on a generic plan made without them.
import { afterAll, expect, it, inject } from 'vitest';
import { CUSTOM_PLAN, connectDb } from '../../db/client.js';

const handle = connectDb(inject('databaseUrl'), { max: 1 });
afterAll(() => handle.close());

it('prepares a parameterised statement once per connection, but not one marked CUSTOM_PLAN', async () => {
  const client = await handle.pool.connect();
  try {
    for (let i = 0; i < 3; i++) {
      // As drizzle sends them: a config object with text and values.
      expect((await client.query({ text: 'select $1::int + 1 as n', values: [i] })).rows[0].n).toBe(i + 1);
      expect((await client.query({ text: `select ${CUSTOM_PLAN} $1::int + 2 as n`, values: [i] })).rows[0].n).toBe(i + 2);
    }
    const prepared = await client.query<{ statement: string }>('select statement from pg_prepared_statements order by statement');
    expect(prepared.rows.map((r) => r.statement)).toEqual(['select $1::int + 1 as n']);
  } finally {
    client.release();
  }
});
