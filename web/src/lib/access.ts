// Which screens a person may open: the API names their capabilities (`GET /v1/me`, from the
// service's one table of them), and each screen needs one. No role rule lives here: what a person
// may do to a case comes with the case itself (`allowedActions`).
import type { Me } from '../api/client';
import type { MessageKey } from '../messages';

export type Capability = Me['capabilities'][number];
export type Screen =
  | 'home'
  | 'newApplication'
  | 'applications'
  | 'application'
  | 'workOrder'
  | 'review'
  | 'myOrders'
  | 'desk'
  | 'escalations'
  | 'ops'
  | 'reports'
  | 'performance'
  | 'search'
  | 'quickReplies'
  | 'knowledge'
  | 'views';

const NEEDS: Record<Screen, Capability> = {
  home: 'signedIn',
  newApplication: 'createApplication',
  applications: 'readApplications',
  application: 'readApplications',
  workOrder: 'readWorkOrders',
  review: 'reviewQueue',
  myOrders: 'workQueue',
  desk: 'deskPeople',
  escalations: 'escalationBoard',
  ops: 'operate',
  reports: 'reports',
  performance: 'performanceReports',
  search: 'search',
  quickReplies: 'quickReplies',
  knowledge: 'knowledgeBase',
  views: 'savedViews',
};

type Person = Pick<Me, 'capabilities' | 'role'>;

export const canUse = (me: Person, screen: Screen) => me.capabilities.includes(NEEDS[screen]);

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
  { screen: 'desk', path: '/desk', label: 'nav.desk' },
  { screen: 'applications', path: '/applications', label: 'nav.applications' },
  { screen: 'escalations', path: '/escalations', label: 'nav.escalations' },
  { screen: 'ops', path: '/ops', label: 'nav.ops' },
  { screen: 'reports', path: '/reports', label: 'nav.reports' },
  { screen: 'performance', path: '/performance', label: 'nav.performance' },
  { screen: 'quickReplies', path: '/quick-replies', label: 'nav.quickReplies' },
  { screen: 'knowledge', path: '/knowledge', label: 'nav.knowledge' },
];

/** The menu of a person, with the office's lists named as its own. */
export function navFor(me: Person): NavItem[] {
  return NAV.filter((item) => canUse(me, item.screen)).map((item) => {
    if (me.role === 'office' && item.screen === 'applications') return { ...item, label: 'nav.officeApplications' };
    if (me.role === 'office' && item.screen === 'myOrders') return { ...item, label: 'nav.officeOrders' };
    return item;
  });
}

/** Where a person's daily queue is (the workbench's shortcut): the first of these they may use. */
const QUEUES: [Capability, string][] = [
  ['createApplication', '/applications'],
  ['reviewQueue', '/review'],
  ['workQueue', '/my-orders'],
  ['escalationBoard', '/escalations'],
  ['operate', '/ops'],
];

export const queueOf = (me: Person): string | null => QUEUES.find(([c]) => me.capabilities.includes(c))?.[1] ?? null;
