// A case as its workflow holds it: the application and, once approved, the work order it became
// (a phase of the same process, with its own id, number, record and deadlines).
import type { ApplicationState } from './application.js';
import type { WorkOrderState } from './work-order.js';

export interface CaseState {
  application: ApplicationState;
  workOrder: WorkOrderState | null;
}
