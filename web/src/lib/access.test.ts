import { describe, expect, it } from 'vitest';
import { canUse, navFor, queueOf, workOrderActions } from './access';

describe('screens per role', () => {
  it('gives a handler no review queue and an office agent no ops page', () => {
    expect(canUse('handler', 'review')).toBe(false);
    expect(canUse('handler', 'application')).toBe(false); // the API refuses handlers applications
    expect(canUse('handler', 'workOrder')).toBe(true);
    expect(canUse('office', 'ops')).toBe(false);
    expect(canUse('ops', 'ops')).toBe(true);
    expect(navFor('handler').map((n) => n.path)).toEqual(['/', '/my-orders']);
    expect(navFor('office').map((n) => n.path)).toEqual(['/', '/applications/new', '/my-orders', '/applications', '/reports']);
    expect(navFor('reviewer').map((n) => n.path)).toContain('/review');
    expect(navFor('supervisor').map((n) => n.path)).not.toContain('/review');
  });
  it('names each role’s queue', () => {
    expect(queueOf('reviewer')).toBe('/review');
    expect(queueOf('handler')).toBe('/my-orders');
    expect(queueOf('integration')).toBeNull();
  });
});

describe('work-order actions offered', () => {
  const now = Date.parse('2026-11-20T08:00:00Z');
  const order = (status: string, meetsStandard: boolean | null = null, reactivatableUntil: string | null = null) => ({
    status,
    meetsStandard,
    reactivatableUntil,
  });
  it('follows the transition table per role', () => {
    expect(workOrderActions('handler', order('dispatched'), now)).toEqual(['accept']);
    expect(workOrderActions('handler', order('accepted'), now)).toEqual(['reply']);
    expect(workOrderActions('handler', order('replied'), now)).toEqual([]);
    expect(workOrderActions('reviewer', order('replied'), now)).toEqual(['close']);
    expect(workOrderActions('office', order('accepted'), now)).toEqual(['urge', 'append']);
    expect(workOrderActions('supervisor', order('dispatched'), now)).toEqual([]);
  });
  it('offers reactivation only for a closed order below standard within its window', () => {
    expect(workOrderActions('office', order('closed', false, '2026-11-27T08:00:00Z'), now)).toEqual(['reactivate']);
    expect(workOrderActions('office', order('closed', true, '2026-11-27T08:00:00Z'), now)).toEqual([]);
    expect(workOrderActions('office', order('closed', false, '2026-11-20T07:59:00Z'), now)).toEqual([]);
    expect(workOrderActions('reviewer', order('closed', false, '2026-11-27T08:00:00Z'), now)).toEqual(['returnVisit', 'reactivate']);
  });
});
