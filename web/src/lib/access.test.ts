import { describe, expect, it } from 'vitest';
import { canUse, navFor, queueOf } from './access';

const person = (role: string, capabilities: string[]) => ({ role, capabilities }) as Parameters<typeof canUse>[0];
const handler = person('handler', ['signedIn', 'readWorkOrders', 'readEscalations', 'workQueue', 'deskPeople']);
const office = person('office', [
  'signedIn',
  'createApplication',
  'readApplications',
  'readWorkOrders',
  'readEscalations',
  'workQueue',
  'lookUpMailItem',
  'reports',
]);
const integration = person('integration', ['signedIn', 'lookUpMailItem', 'registerMailItem']);

describe('screens from the capabilities the API names', () => {
  it('opens a screen only with the capability it needs', () => {
    expect(canUse(handler, 'review')).toBe(false);
    expect(canUse(handler, 'application')).toBe(false);
    expect(canUse(handler, 'workOrder')).toBe(true);
    expect(canUse(office, 'ops')).toBe(false);
  });
  it('builds the menu, naming the office’s lists as its own', () => {
    expect(navFor(handler).map((n) => n.path)).toEqual(['/', '/my-orders', '/desk']);
    expect(navFor(office).map((n) => [n.path, n.label])).toEqual([
      ['/', 'nav.home'],
      ['/applications/new', 'nav.newApplication'],
      ['/my-orders', 'nav.officeOrders'],
      ['/applications', 'nav.officeApplications'],
      ['/reports', 'nav.reports'],
    ]);
  });
  it('opens 绩效 to whoever the API gives the performance reports', () => {
    const withReports = person('handler', ['signedIn', 'readWorkOrders', 'workQueue', 'performanceReports']);
    expect(navFor(withReports).map((n) => n.path)).toEqual(['/', '/my-orders', '/performance']);
    expect(canUse(office, 'performance')).toBe(false);
  });
  it('names each person’s queue', () => {
    expect(queueOf(office)).toBe('/applications');
    expect(queueOf(handler)).toBe('/my-orders');
    expect(queueOf(integration)).toBeNull();
  });
});
