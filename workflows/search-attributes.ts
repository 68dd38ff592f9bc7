// What a case shows in Temporal's visibility (the Bpm* search attributes registered in
// temporal.yaml): set when its workflow starts, changed as it moves. Pure: the API uses it too.
import type { SearchAttributes } from '@temporalio/common';
import type { CaseKind } from '../domain/vocabulary.js';

export interface SearchView {
  kind: CaseKind;
  status: string;
  org: string;
  mailNumber?: string;
  overdue: boolean;
  escalationLevel?: number;
}

export function searchAttributes(v: SearchView): SearchAttributes {
  return {
    BpmKind: [v.kind],
    BpmStatus: [v.status],
    BpmOrg: [v.org],
    BpmOverdue: [v.overdue],
    ...(v.mailNumber ? { BpmMailNumber: [v.mailNumber] } : {}),
    ...(v.escalationLevel !== undefined ? { BpmEscalationLevel: [v.escalationLevel] } : {}),
  };
}

/** The attributes in `next` whose values differ from `current`. */
export function changedAttributes(next: SearchAttributes, current: Readonly<Record<string, unknown>>): SearchAttributes {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k])));
}

export const applicationSearch = (s: { status: string; org: string; mailNumber: string; overdue: boolean }): SearchView => ({
  kind: 'application', status: s.status, org: s.org, mailNumber: s.mailNumber, overdue: s.overdue,
});

export const workOrderSearch = (s: { status: string; org: string; mailNumber: string; overdue: boolean; escalationLevel: number }): SearchView => ({
  kind: 'workOrder', status: s.status, org: s.org, mailNumber: s.mailNumber, overdue: s.overdue, escalationLevel: s.escalationLevel,
});
