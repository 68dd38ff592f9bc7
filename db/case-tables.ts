// The three case tables share the columns every kind keeps (domain/*.ts define what they hold):
// the deadline that applies now and its clock, when the row last changed. Predicates over them,
// written once for the queues, the workbench and the ops scan.
import { and, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { applications, escalations, workOrders } from './schema.js';

export type CaseTable = typeof applications | typeof workOrders | typeof escalations;
export const CASE_TABLES = { application: applications, workOrder: workOrders, escalation: escalations } as const;

/** Something is due. */
export const hasDeadline = (t: CaseTable): SQL => isNotNull(t.currentDeadline) as SQL;

/** The deadline that applies has passed. */
export const pastDue = (t: CaseTable): SQL => sql`${t.currentDeadline} <= now()`;

/**
 * In the last `share` of its clock and not past it ("due soon": 0.25 is the last quarter). The
 * same rule as the console's badge (web/src/lib/time.ts clockState).
 */
export const dueSoon = (t: CaseTable, share: number): SQL =>
  sql`${t.currentDeadline} > now() and ${t.currentDeadline} - (${t.currentDeadline} - ${t.currentClockStartedAt}) * ${share}::float8 <= now()`;

/**
 * The deadline that applies passed before `cutoff` and nothing was recorded since: its timer did
 * not fire (worker down, workflow gone). A case whose missed deadline was recorded is overdue, not
 * stuck (escalations climb instead, so theirs never stays past).
 */
export function pastDeadlineWithoutProgress(t: CaseTable, cutoff: Date | SQL): SQL {
  const notRecorded = 'overdue' in t ? sql`${t.overdue} = false` : undefined;
  return and(notRecorded, lt(t.currentDeadline, cutoff), sql`${t.updatedAt} < ${t.currentDeadline}`)!;
}
