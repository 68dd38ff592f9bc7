// The workflow bundle's entry: every workflow type the worker runs.
export { applicationWorkflow } from './application.js';
export { escalationWorkflow } from './escalation.js';
export { replayWorkflow } from './replay.js';
export { absenceWorkflow } from './absence.js';
export { monthlyReportWorkflow } from './monthly-report.js';
export { bulkActionWorkflow } from './bulk.js';
