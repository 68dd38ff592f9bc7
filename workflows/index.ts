// The workflow bundle's entry: every workflow type the worker runs.
export { applicationWorkflow } from './application.js';
export { workOrderWorkflow } from './work-order.js';
export { escalationWorkflow } from './escalation.js';
