// State → row: the one mapping from a case's state to its query-model row (the API's reservation
// of a new application, the workflows' projections and ops reconcile all use it).
import * as application from '../domain/application.js';
import * as escalation from '../domain/escalation.js';
import * as workOrder from '../domain/work-order.js';
import type { CurrentDeadline } from '../domain/vocabulary.js';
import type { applications, escalations, workOrders } from './schema.js';

type ApplicationState = application.ApplicationState;
type WorkOrderState = workOrder.WorkOrderState;
type EscalationState = escalation.EscalationState;

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
const current = (d: CurrentDeadline | null) => ({
  currentDeadline: date(d?.deadline),
  currentClock: d?.clock ?? null,
  currentClockStartedAt: date(d?.startedAt),
});

export function applicationRow(s: ApplicationState, workflowId: string, runId: string | null): typeof applications.$inferSelect {
  return {
    id: s.id,
    number: s.number,
    workflowId,
    mailNumber: s.mailNumber,
    org: s.org,
    createdBy: s.createdBy.userId,
    businessType: s.businessType,
    problemCategory: s.problemCategory,
    complexity: s.complexity,
    demand: s.demand,
    customerName: s.customer.name,
    customerPhone: s.customer.phone,
    description: s.description ?? null,
    international: s.international ?? null,
    status: s.status,
    becameOrder: s.becameOrder,
    workOrderId: s.workOrderId,
    workOrderNumber: s.workOrderNumber,
    returnReason: s.returnReason,
    reviewDeadline: date(s.reviewDeadline),
    actionDeadline: date(s.actionDeadline),
    ...current(application.currentDeadline(s)),
    overdue: s.overdue,
    reviewCount: s.reviewCount,
    returnCount: s.returnCount,
    firstReviewedAt: date(s.firstReviewedAt),
    closedAt: date(s.closedAt),
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.updatedAt),
    runId,
    seq: s.seq,
  };
}

export function workOrderRow(state: WorkOrderState, workflowId: string, runId: string | null): typeof workOrders.$inferSelect {
  const s = workOrder.withDesk(state);
  return {
    id: s.id,
    number: s.number,
    workflowId,
    applicationId: s.applicationId,
    mailNumber: s.mailNumber,
    org: s.org,
    assignedOrg: s.assignedOrg,
    problemCategory: s.problemCategory,
    complexity: s.complexity,
    status: s.status,
    responseDeadline: new Date(s.responseDeadline),
    resolutionDeadline: new Date(s.resolutionDeadline),
    promiseDeadline: new Date(s.promiseDeadline),
    ...current(workOrder.currentDeadline(s)),
    respondedAt: date(s.respondedAt),
    resolvedAt: date(s.resolvedAt),
    result: s.result,
    customerAccepted: s.customerAccepted,
    meetsStandard: s.meetsStandard,
    satisfaction: s.satisfaction,
    urgeCount: s.urgeCount,
    reactivationCount: s.reactivationCount,
    escalationLevel: s.escalationLevel,
    overdue: s.overdue,
    reactivatableUntil: date(s.reactivatableUntil),
    closedAt: date(s.closedAt),
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.updatedAt),
    assignee: s.assignee?.userId ?? null,
    assigneeName: s.assignee?.name ?? null,
    assignedAt: date(s.assignedAt),
    claimDeadline: date(s.claimDeadline),
    autoAssign: s.autoAssign,
    transferCount: s.transferCount,
    pendingTransfer: s.pendingTransfer,
    holds: s.holds,
    misrouteReason: s.misrouteReason,
    openQuestion: s.openQuestion,
    dispatchedAt: date(s.dispatchedAt),
    pause: s.pause,
    pauseCount: s.pauseCount,
    pausedMs: Math.round(s.pausedMs),
    runId,
    seq: s.seq,
  };
}

export function escalationRow(s: EscalationState, workflowId: string, runId: string | null): typeof escalations.$inferInsert {
  return {
    id: s.id,
    workflowId,
    subjectType: s.subjectType,
    subjectId: s.subjectId,
    subjectNumber: s.subjectNumber ?? null,
    org: s.org,
    reason: s.reason,
    level: s.level,
    levelName: s.levelName,
    levelDeadline: date(s.levelDeadline),
    ...current(escalation.currentDeadline(s)),
    status: s.status,
    acknowledgedAt: date(s.acknowledgedAt),
    openedAt: new Date(s.openedAt),
    resolvedAt: date(s.resolvedAt),
    updatedAt: new Date(s.updatedAt),
    runId,
    seq: s.seq,
  };
}
