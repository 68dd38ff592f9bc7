import { describe, expect, it } from 'vitest';
import { checkCreation, type CreationCheck, type Dispatch } from '../../domain/creation-rules.js';

const base: CreationCheck = { creatingOrg: 'jinan', collectingOrg: 'jinan', problemCategory: 'delay', dispatches: [], openApplications: [] };
const order = (d: Partial<Dispatch>): Dispatch => ({ id: 'wo-1', source: 'own', kind: 'work_order', problemCategory: 'delay', open: true, ...d });

describe('creation rules (创建规范)', () => {
  it('allows a first application by the collecting office', () => {
    expect(checkCreation(base)).toEqual({ allowed: true });
  });
  it('refuses an office that did not collect the item', () => {
    expect(checkCreation({ ...base, creatingOrg: 'qingdao' })).toMatchObject({ allowed: false, rule: 'not_collected_by_office', suggestedAction: 'explain' });
  });
  it.each([
    [order({}), 'open_work_order_within_deadline', 'wait'],
    [order({ overdue: true }), 'open_work_order_overdue', 'urge'],
    [order({ kind: 'direct', source: 'hotline' }), 'open_direct_dispatch', 'wait'],
    [order({ open: false, meetsStandard: true }), 'closed_work_order_meets_standard', 'explain'],
    [order({ open: false, meetsStandard: false, reactivatable: true }), 'closed_work_order_reactivatable', 'reactivate'],
    [order({ kind: 'direct', open: false, meetsStandard: true }), 'closed_direct_meets_standard', 'explain'],
  ])('refuses %#: %s → %s', (dispatch, rule, suggestedAction) => {
    expect(checkCreation({ ...base, dispatches: [dispatch] })).toMatchObject({ allowed: false, rule, suggestedAction, existingWorkOrderId: 'wo-1' });
  });
  it('suggests appending when the demand grew or the reply was false', () => {
    expect(checkCreation({ ...base, dispatches: [order({ overdue: true })], followUp: 'demand_grew' })).toMatchObject({ suggestedAction: 'append' });
  });
  it('allows when closed cases do not meet the standard and cannot be reactivated, or the demand changed', () => {
    expect(checkCreation({ ...base, dispatches: [order({ open: false, meetsStandard: false, reactivatable: false })] })).toEqual({ allowed: true });
    expect(checkCreation({ ...base, dispatches: [order({ kind: 'direct', open: false, meetsStandard: false })] })).toEqual({ allowed: true });
    expect(checkCreation({ ...base, dispatches: [order({ problemCategory: 'damage' })] })).toEqual({ allowed: true });
  });
  it('refuses a second open application with the same demand', () => {
    expect(checkCreation({ ...base, openApplications: [{ id: 'a1', problemCategory: 'delay' }] })).toMatchObject({
      rule: 'open_application_same_demand',
      suggestedAction: 'wait',
      existingApplicationId: 'a1',
    });
  });
});
