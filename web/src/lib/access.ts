// Which screens each role may use: the same rules the API enforces, so the console never offers
// what the server would refuse (a handler has no review queue, an office agent no ops page).
import type { MessageKey } from '../messages';

export type Role = 'office' | 'reviewer' | 'handler' | 'supervisor' | 'ops' | 'admin' | 'integration';

export type Screen = 'home' | 'newApplication' | 'applications' | 'application' | 'workOrder' | 'review' | 'myOrders' | 'escalations' | 'ops' | 'reports';

const ACCESS: Record<Screen, readonly Role[]> = {
  home: ['office', 'reviewer', 'handler', 'supervisor', 'ops', 'admin', 'integration'],
  newApplication: ['office'],
  applications: ['office', 'reviewer', 'supervisor', 'ops', 'admin'],
  application: ['office', 'reviewer', 'supervisor', 'ops', 'admin'],
  workOrder: ['office', 'handler', 'reviewer', 'supervisor', 'ops', 'admin'],
  review: ['reviewer'],
  myOrders: ['office', 'handler'],
  escalations: ['supervisor', 'reviewer', 'admin'],
  ops: ['ops'],
  reports: ['office', 'reviewer', 'supervisor', 'ops', 'admin'],
};

export const canUse = (role: Role, screen: Screen) => ACCESS[screen].includes(role);

export interface NavItem {
  screen: Screen;
  path: string;
  label: MessageKey;
}

const NAV: NavItem[] = [
  { screen: 'home', path: '/', label: 'nav.home' },
  { screen: 'newApplication', path: '/applications/new', label: 'nav.newApplication' },
  { screen: 'review', path: '/review', label: 'nav.review' },
  { screen: 'myOrders', path: '/my-orders', label: 'nav.myOrders' },
  { screen: 'applications', path: '/applications', label: 'nav.applications' },
  { screen: 'escalations', path: '/escalations', label: 'nav.escalations' },
  { screen: 'ops', path: '/ops', label: 'nav.ops' },
  { screen: 'reports', path: '/reports', label: 'nav.reports' },
];

/** The menu of a role, with the office's lists named as its own. */
export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => canUse(role, item.screen)).map((item) => {
    if (role === 'office' && item.screen === 'applications') return { ...item, label: 'nav.officeApplications' };
    if (role === 'office' && item.screen === 'myOrders') return { ...item, label: 'nav.officeOrders' };
    return item;
  });
}

/** Where a role's daily queue is (the workbench's shortcut). */
export function queueOf(role: Role): string | null {
  switch (role) {
    case 'office':
      return '/applications';
    case 'reviewer':
      return '/review';
    case 'handler':
      return '/my-orders';
    case 'supervisor':
      return '/escalations';
    case 'ops':
      return '/ops';
    default:
      return null;
  }
}

/** Work-order actions a role may take in a status (as the API's transition table and roles). */
export function workOrderActions(
  role: Role,
  o: { status: string; meetsStandard: boolean | null; reactivatableUntil: string | null },
  nowMs: number,
): ('accept' | 'reply' | 'close' | 'returnVisit' | 'urge' | 'append' | 'reactivate')[] {
  const open = o.status !== 'closed';
  const reactivatable = o.status === 'closed' && o.meetsStandard === false && !!o.reactivatableUntil && nowMs < Date.parse(o.reactivatableUntil);
  const list: ReturnType<typeof workOrderActions> = [];
  if (role === 'handler') {
    if (o.status === 'dispatched') list.push('accept');
    if (o.status === 'accepted') list.push('reply');
  }
  if (role === 'reviewer') {
    if (o.status === 'replied') list.push('close');
    if (o.status === 'closed') list.push('returnVisit');
    if (reactivatable) list.push('reactivate');
  }
  if (role === 'office') {
    if (open) list.push('urge', 'append');
    if (reactivatable) list.push('reactivate');
  }
  return list;
}
