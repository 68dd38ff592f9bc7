// Generating a million rows the way a DBA loads a table: drop the secondary indexes, write, build
// each index once. Maintained row by row, case_search's two GIN indexes took every trigger's insert
// and update through their pending lists (a 1,000,000-case run was still writing after 24 minutes);
// one CREATE INDEX over the finished table is a sort. The primary keys stay: the triggers look rows
// up by them. The rebuilt indexes are the migrations' own definitions, read back from pg_indexes.
// One transaction: a load that fails leaves the indexes as they were.
import type pg from 'pg';

export async function withIndexesDeferred<T>(client: pg.Client, tables: string[], load: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ schema: string; name: string; definition: string }>(
      `select i.schemaname as schema, i.indexname as name, i.indexdef as definition from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = any($1::text[])
         and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
      [tables],
    );
    for (const index of rows) await client.query(`drop index ${client.escapeIdentifier(index.schema)}.${client.escapeIdentifier(index.name)}`);
    const result = await load();
    await client.query(`set local maintenance_work_mem = '512MB'`);
    for (const index of rows) await client.query(index.definition);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
