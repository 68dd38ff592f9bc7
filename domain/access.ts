// What each role may reach beyond one case: the lists, queues and tools. One table: the API's
// routes admit exactly these roles, and `GET /v1/me` hands the caller's capabilities to the
// console, which shows the screens they open and nothing else. (What a person may do to one case
// now is each case kind's `allowedActions`: application.ts, work-order.ts, escalation.ts.)
import { APPLICATION_ACTIONS } from './application.js';
import { ARTICLE_EDITORS, ARTICLE_READERS, QUICK_REPLY_USERS } from './answers.js';
import { WORK_ORDER_ACTIONS } from './work-order.js';
import { rolesFor } from './permissions.js';
import { ROLES, type Role } from './vocabulary.js';

const PROVINCE: Role[] = ['reviewer', 'supervisor', 'ops', 'admin'];

export const CAPABILITIES = {
  /** Sign in, see the workbench, follow live changes. */
  signedIn: [...ROLES],
  createApplication: ['office'],
  readApplications: ['office', ...PROVINCE],
  /** One application: also the department holding the order it became. */
  readApplication: ['office', 'handler', ...PROVINCE],
  readWorkOrders: ['office', 'handler', ...PROVINCE],
  readEscalations: ['office', 'handler', ...PROVINCE],
  /** The review queue: whoever may approve an application. */
  reviewQueue: rolesFor(APPLICATION_ACTIONS.approve),
  /** The orders one works on: the office's own (urge, append) and the department's (accept, reply). */
  workQueue: ['office', 'handler'],
  /** The escalation board by ladder level. */
  escalationBoard: ['supervisor', 'reviewer', 'admin'],
  /** A department's people, loads and leave (assigning, leave). */
  deskPeople: ['handler', ...PROVINCE],
  /** Orders sent back to the reviewer to re-dispatch, and those to close: the reviewer's order lists. */
  reviewOrders: rolesFor(WORK_ORDER_ACTIONS.redispatch),
  /** Open (or raise) an escalation by hand, on an application or a work order. */
  openEscalation: [...new Set([...rolesFor(APPLICATION_ACTIONS.escalate), ...rolesFor(WORK_ORDER_ACTIONS.escalate)])],
  lookUpMailItem: ['office', ...PROVINCE, 'integration'],
  registerMailItem: ['integration', 'admin'],
  reports: ['office', ...PROVINCE],
  /** How departments and people perform (绩效): a handler their own department, a lead their people. */
  performanceReports: ['handler', ...PROVINCE],
  operate: ['ops'],
  administer: ['admin'],
  /** Answering faster: quick replies, the knowledge base, one search box, saved views, bulk actions. */
  quickReplies: QUICK_REPLY_USERS,
  knowledgeBase: ARTICLE_READERS,
  editArticles: ARTICLE_EDITORS,
  search: ['office', 'handler', ...PROVINCE],
  savedViews: ['office', 'handler', ...PROVINCE],
  bulkActions: ['office', 'handler', 'reviewer', 'supervisor'],
} satisfies Record<string, Role[]>;

export type Capability = keyof typeof CAPABILITIES;
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as [Capability, ...Capability[]];

export const capabilitiesOf = (role: Role): Capability[] => CAPABILITY_NAMES.filter((c) => (CAPABILITIES[c] as Role[]).includes(role));
