// Row → answer: how the API shows each record and its history (the state → row mapping is db/rows.ts).
import { and, asc, eq } from 'drizzle-orm';
import { audit } from '../auth/audit.js';
import { type applications, type escalations, history, type workOrders } from '../../db/schema.js';
import { workflowIds } from '../../contract/ids.js';
import { applicationRow, workOrderRow } from '../../db/rows.js';
import { applicationAllowedActions, type ApplicationState } from '../../domain/application.js';
import { escalationAllowedActions } from '../../domain/escalation.js';
import type { Actor, Clock } from '../../domain/vocabulary.js';
import { clockView, type ClockFacts } from '../../domain/clocks.js';
import { DEFAULT_DESK } from '../../domain/desk.js';
import { orderClocks, workOrderAllowedActions, type WorkOrderState } from '../../domain/work-order.js';
import type { ServiceContext } from '../context.js';
import type { ApplicationView } from '../schemas/applications.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

// Every view is for a caller: it carries what they may do to the case now (the case kind's rules).

/** A row as the API shows it, without what a caller may do. */
export function applicationRecord(r: typeof applications.$inferSelect) {
  return {
    id: r.id,
    number: r.number,
    workflowId: r.workflowId,
    mailNumber: r.mailNumber,
    status: r.status,
    becameOrder: r.becameOrder,
    workOrderId: r.workOrderId,
    workOrderNumber: r.workOrderNumber,
    org: r.org,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    returnReason: r.returnReason,
    reviewDeadline: r.reviewDeadline?.toISOString() ?? null,
    actionDeadline: r.actionDeadline?.toISOString() ?? null,
    currentDeadline: iso(r.currentDeadline),
    currentClock: r.currentClock,
    currentClockStartedAt: iso(r.currentClockStartedAt),
    overdue: r.overdue,
    businessType: r.businessType,
    problemCategory: r.problemCategory,
    complexity: r.complexity,
    demand: r.demand,
    customer: { name: r.customerName, phone: r.customerPhone },
    description: r.description,
    international: r.international,
  };
}

/** The clock that applies now, from the row's current deadline (none when nothing is due). */
function currentClockOf(r: { currentClock: Clock | null; currentDeadline: Date | null; currentClockStartedAt: Date | null; updatedAt: Date }): ClockFacts[] {
  if (!r.currentClock || !r.currentDeadline) return [];
  const deadline = r.currentDeadline.toISOString();
  return [{ clock: r.currentClock, deadline, startedAt: (r.currentClockStartedAt ?? r.updatedAt).toISOString(), metAt: null, pausedAt: null }];
}

export function applicationView(r: typeof applications.$inferSelect, viewer: Actor, dueSoonShare = DEFAULT_DESK.dueSoonShare): ApplicationView {
  const record = applicationRecord(r);
  const now = Date.now();
  return {
    ...record,
    clocks: currentClockOf(r).map((c) => clockView(c, now, dueSoonShare)),
    allowedActions: applicationAllowedActions(record, viewer, now),
  };
}

/** A row as the API shows it, without what a caller may do. */
export function workOrderRecord(r: typeof workOrders.$inferSelect) {
  return {
    id: r.id,
    number: r.number,
    workflowId: r.workflowId,
    applicationId: r.applicationId,
    mailNumber: r.mailNumber,
    status: r.status,
    org: r.org,
    assignedOrg: r.assignedOrg,
    problemCategory: r.problemCategory,
    complexity: r.complexity,
    responseDeadline: r.responseDeadline.toISOString(),
    resolutionDeadline: r.resolutionDeadline.toISOString(),
    promiseDeadline: r.promiseDeadline.toISOString(),
    currentDeadline: iso(r.currentDeadline),
    currentClock: r.currentClock,
    currentClockStartedAt: iso(r.currentClockStartedAt),
    respondedAt: iso(r.respondedAt),
    resolvedAt: iso(r.resolvedAt),
    result: r.result,
    customerAccepted: r.customerAccepted,
    urgeCount: r.urgeCount,
    reactivationCount: r.reactivationCount,
    meetsStandard: r.meetsStandard,
    satisfaction: r.satisfaction,
    escalationLevel: r.escalationLevel,
    overdue: r.overdue,
    reactivatableUntil: iso(r.reactivatableUntil),
    closedAt: iso(r.closedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    assignee: r.assignee ? { userId: r.assignee, name: r.assigneeName } : null,
    assignedAt: iso(r.assignedAt),
    claimDeadline: iso(r.claimDeadline),
    transferCount: r.transferCount,
    pendingTransfer: r.pendingTransfer,
    holds: r.holds,
    misrouteReason: r.misrouteReason,
    openQuestion: r.openQuestion,
    dispatchedAt: iso(r.dispatchedAt),
    pause: r.pause,
    pauseCount: r.pauseCount,
    pausedMs: r.pausedMs,
  };
}

/** `dueSoonShare`: the last share of a clock shown as warning (policy desk.dueSoonShare). */
export function workOrderView(r: typeof workOrders.$inferSelect, viewer: Actor, dueSoonShare = DEFAULT_DESK.dueSoonShare) {
  const record = workOrderRecord(r);
  const now = Date.now();
  return {
    ...record,
    clocks: orderClocks(record).map((c) => clockView(c, now, dueSoonShare)),
    allowedActions: workOrderAllowedActions(record, viewer, now),
  };
}

/** An escalation's level clock: running while the level is awaited; met once acknowledged in time (missed if late). */
function levelClockOf(r: typeof escalations.$inferSelect): ClockFacts[] {
  if (r.currentDeadline) return currentClockOf(r);
  if (r.status === 'open' && r.acknowledgedAt && r.levelDeadline)
    return [
      {
        clock: 'level',
        deadline: r.levelDeadline.toISOString(),
        startedAt: (r.currentClockStartedAt ?? r.updatedAt).toISOString(),
        metAt: r.acknowledgedAt.toISOString(),
        pausedAt: null,
      },
    ];
  return [];
}

export function escalationView(r: typeof escalations.$inferSelect, viewer: Actor, dueSoonShare = DEFAULT_DESK.dueSoonShare) {
  const view = {
    id: r.id,
    workflowId: r.workflowId,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    subjectNumber: r.subjectNumber,
    org: r.org,
    reason: r.reason,
    level: r.level,
    levelName: r.levelName,
    levelDeadline: iso(r.levelDeadline),
    currentDeadline: iso(r.currentDeadline),
    currentClock: r.currentClock,
    currentClockStartedAt: iso(r.currentClockStartedAt),
    status: r.status,
    acknowledgedAt: iso(r.acknowledgedAt),
    openedAt: r.openedAt.toISOString(),
    resolvedAt: iso(r.resolvedAt),
    updatedAt: r.updatedAt.toISOString(),
  };
  const now = Date.now();
  return { ...view, clocks: levelClockOf(r).map((c) => clockView(c, now, dueSoonShare)), allowedActions: escalationAllowedActions(view, viewer, now) };
}

/** A case's history: who, when, what. Internal notes only with `internal` (the department and the province). */
export async function caseHistory(ctx: ServiceContext, caseId: string, o: { internal?: boolean } = {}) {
  const rows = await ctx.db
    .select()
    .from(history)
    .where(and(eq(history.caseId, caseId), o.internal ? undefined : eq(history.visibility, 'all')))
    .orderBy(asc(history.at), asc(history.id));
  return rows.map((h) => ({
    at: h.at.toISOString(),
    actor: { userId: h.actorUser, name: h.actorName, org: h.actorOrg, role: h.actorRole },
    action: h.action,
    detail: h.detail,
    ...(h.visibility === 'department' ? { internal: true } : {}),
  }));
}

/** A customer's phone as lists show it: 139****0000 (the case page shows it whole, and audits that). */
export const maskPhone = (phone: string) => (phone.length > 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '****');

/** An application as lists show it: the customer's phone masked. */
export const masked = (v: ApplicationView): ApplicationView => ({ ...v, customer: { ...v.customer, phone: maskPhone(v.customer.phone) } });

/** Every showing of a customer's full phone number is in the audit log: who, which case, where. */
export async function revealed(ctx: ServiceContext, actor: Actor, applicationId: string, where: string): Promise<void> {
  await audit(ctx.db, actor, 'customer.reveal', { type: 'application', id: applicationId }, { where });
}

// The answer to an action is the state its update returned, shown as its row shows it (the workflow
// wrote that row before answering): no second read of the row.
export const applicationViewOf = (s: ApplicationState, viewer: Actor) => applicationView(applicationRow(s, workflowIds.application(s.id), null), viewer);
export const workOrderViewOf = (s: WorkOrderState, viewer: Actor) => workOrderView(workOrderRow(s, workflowIds.application(s.applicationId), null), viewer);
