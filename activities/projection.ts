// Writing a case row from a workflow's state: used by the recordTransition activity and by
// ops reconcile (which rewrites the row from the workflow's own state).
import { or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { applications, escalations, workOrders } from '../db/schema.js';
import { applicationRow, escalationRow, workOrderRow } from './rows.js';
import type { ProjectedState } from './types.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function rowFor(state: ProjectedState, workflowId: string, runId: string | null) {
  switch (state.kind) {
    case 'application':
      return { table: applications, row: applicationRow(state, workflowId, runId) };
    case 'workOrder':
      return { table: workOrders, row: workOrderRow(state, workflowId, runId) };
    case 'escalation':
      return { table: escalations, row: escalationRow(state, workflowId, runId) };
  }
}

/** Upsert a case row; with `guarded`, a write older than the row (same run, lower seq) is skipped. */
export async function upsertCaseRow(tx: Tx, state: ProjectedState, workflowId: string, runId: string, guarded: boolean) {
  const { table, row } = rowFor(state, workflowId, runId);
  const t = table as typeof applications; // the three tables share id/seq/run_id columns
  const { id: _id, ...set } = row as typeof applications.$inferInsert;
  await tx
    .insert(table as PgTable)
    .values(row)
    .onConflictDoUpdate({
      target: t.id,
      set,
      setWhere: guarded ? or(sql`${t.seq} < ${state.seq}`, sql`${t.runId} is distinct from ${runId}`) : undefined,
    });
}

