// 创建规范: may an office create an application for this mail item? Pure; the service runs it
// inside a transaction serialised per mail number.
import type { ProblemCategory, SuggestedAction } from './vocabulary.js';

export interface Dispatch {
  id: string;
  source: 'own' | 'hotline';
  kind: 'direct' | 'work_order';
  problemCategory: ProblemCategory;
  open: boolean;
  /** For open orders: past its deadline now. */
  overdue?: boolean;
  meetsStandard?: boolean | null;
  reactivatable?: boolean;
}

export interface CreationCheck {
  creatingOrg: string;
  collectingOrg: string;
  problemCategory: ProblemCategory;
  dispatches: Dispatch[];
  /** Open applications (submitted/returned) for the same mail item and demand. */
  openApplications: { id: string; problemCategory: ProblemCategory }[];
  /** The office says the demand grew or the reply was false (信息追加 instead). */
  followUp?: 'demand_grew' | 'false_reply';
}

export type CreationDecision =
  | { allowed: true }
  | { allowed: false; rule: string; suggestedAction: SuggestedAction; message: string; existingWorkOrderId?: string; existingApplicationId?: string };

export function checkCreation(c: CreationCheck): CreationDecision {
  if (c.creatingOrg !== c.collectingOrg) {
    return refuse('not_collected_by_office', 'explain', 'only the office that collected the mail item may create an application for it');
  }
  const same = c.dispatches.filter((d) => d.problemCategory === c.problemCategory);
  const openApp = c.openApplications.find((a) => a.problemCategory === c.problemCategory);
  if (openApp) {
    return { ...refuse('open_application_same_demand', 'wait', 'an application with the same demand is already open'), existingApplicationId: openApp.id };
  }
  const openOrder = same.find((d) => d.open && d.kind === 'work_order');
  if (openOrder) {
    const ref = { existingWorkOrderId: openOrder.id };
    if (c.followUp) return { ...refuse('open_work_order_follow_up', 'append', 'append information to the open work order instead'), ...ref };
    if (openOrder.overdue) return { ...refuse('open_work_order_overdue', 'urge', 'the open work order is past its deadline: urge it instead'), ...ref };
    return { ...refuse('open_work_order_within_deadline', 'wait', 'the open work order is within its deadline: wait for its result'), ...ref };
  }
  const openDirect = same.find((d) => d.open && d.kind === 'direct');
  if (openDirect)
    return { ...refuse('open_direct_dispatch', 'wait', 'an open direct dispatch with the same demand exists'), existingWorkOrderId: openDirect.id };
  for (const closed of same.filter((d) => !d.open)) {
    if (closed.meetsStandard) {
      return {
        ...refuse(`closed_${closed.kind}_meets_standard`, 'explain', 'a closed case meets the closure standard: explain it to the customer'),
        existingWorkOrderId: closed.id,
      };
    }
    if (closed.kind === 'work_order' && closed.reactivatable) {
      return {
        ...refuse('closed_work_order_reactivatable', 'reactivate', 'reactivate the closed work order instead of creating a new one'),
        existingWorkOrderId: closed.id,
      };
    }
  }
  return { allowed: true };
}

function refuse(rule: string, suggestedAction: SuggestedAction, message: string) {
  return { allowed: false as const, rule, suggestedAction, message };
}
