// Workflow ids derive from case ids: one workflow per application (its work order included), one
// open escalation per subject. Shared by the API, the activities and the workflows.
import type { SubjectType } from '../domain/vocabulary.js';

export const workflowIds = {
  application: (applicationId: string) => `application-${applicationId}`,
  escalation: (subjectType: SubjectType, subjectId: string) => `escalation-${subjectType}-${subjectId}`,
  absence: (absenceId: string) => `absence-${absenceId}`,
  bulk: (batchId: string) => `bulk-${batchId}`,
};

export const WORKFLOW_TYPES = {
  application: 'applicationWorkflow',
  escalation: 'escalationWorkflow',
  replay: 'replayWorkflow',
  absence: 'absenceWorkflow',
  monthlyReport: 'monthlyReportWorkflow',
  bulk: 'bulkActionWorkflow',
} as const;

/** The Temporal Schedule that starts the monthly performance report (one per task queue: its workers run it). */
export const monthlyReportScheduleId = (taskQueue: string) => `monthly-performance-report-${taskQueue}`;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CASE_WORKFLOW_ID = new RegExp(`^(application|escalation-application|escalation-workOrder)-(${UUID})$`);

/** Which case a workflow id belongs to: an application's case, or the escalation of a subject. */
export function parseWorkflowId(workflowId: string): { kind: 'application' | 'escalation'; subjectType?: SubjectType; subjectId: string } | undefined {
  const m = CASE_WORKFLOW_ID.exec(workflowId);
  if (!m) return undefined;
  if (m[1] === 'application') return { kind: 'application', subjectId: m[2]! };
  return { kind: 'escalation', subjectType: m[1] === 'escalation-application' ? 'application' : 'workOrder', subjectId: m[2]! };
}
