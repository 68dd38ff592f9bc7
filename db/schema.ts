// The queryable record. Case rows are projections written only by activities at each workflow
// transition; `history` is append-only. DB types are derived from these tables.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { FACT_KINDS, FACT_VIAS } from '../domain/performance.js';
import {
  APPLICATION_STATUSES,
  BUSINESS_TYPES,
  CASE_KINDS,
  CLOCKS,
  COMPLEXITIES,
  ESCALATION_STATUSES,
  ORG_KINDS,
  PROBLEM_CATEGORIES,
  SUBJECT_TYPES,
  WORK_ORDER_STATUSES,
  type Leg,
  type Role,
} from '../domain/vocabulary.js';
import type { NoticeEvent } from '../domain/notices.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const orgKind = pgEnum('org_kind', ORG_KINDS);
export const businessType = pgEnum('business_type', BUSINESS_TYPES);
export const problemCategory = pgEnum('problem_category', PROBLEM_CATEGORIES);
export const complexity = pgEnum('complexity', COMPLEXITIES);
export const applicationStatus = pgEnum('application_status', APPLICATION_STATUSES);
export const workOrderStatus = pgEnum('work_order_status', WORK_ORDER_STATUSES);
export const escalationStatus = pgEnum('escalation_status', ESCALATION_STATUSES);
export const subjectType = pgEnum('subject_type', SUBJECT_TYPES);
export const caseKind = pgEnum('case_kind', CASE_KINDS);
export const clock = pgEnum('clock', CLOCKS);

/**
 * The deadline that applies to a case now and the clock it belongs to (each kind's
 * `currentDeadline` in domain/), written with every transition: what queues, the workbench, the
 * ops scan and reports filter and sort by. Null when nothing is due.
 */
const currentDeadlineColumns = () => ({
  currentDeadline: tstz('current_deadline'),
  currentClock: clock('current_clock'),
  /** When that clock started: "due soon" is its last share (policy desk.dueSoonShare). */
  currentClockStartedAt: tstz('current_clock_started_at'),
});

export const organisations = pgTable('organisations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: orgKind('kind').notNull(),
});

/**
 * The user directory: who a person is, their organisation, role(s) and phone (return SMSes go to
 * the phone here, looked up when the message is sent). Inactive people are refused at once.
 */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  /** What the identity provider calls this person (the configured OIDC claim's value). */
  login: text('login').notNull().unique(),
  name: text('name').notNull(),
  org: text('org')
    .notNull()
    .references(() => organisations.code),
  roles: text('roles').array().$type<Role[]>().notNull(),
  phone: text('phone'),
  /** Where email notices go (looked up when each is sent); none: the person gets no email. */
  email: text('email'),
  active: boolean('active').notNull().default(true),
  /** Leads their organisation (a department's 负责人): assigns its orders, is told when nobody can take one. */
  lead: boolean('lead').notNull().default(false),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** Signed-in people. The cookie holds a random id; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The role this session acts in (one of the user's roles). */
    role: text('role').$type<Role>().notNull(),
    method: text('method').$type<'local' | 'oidc'>().notNull(),
    /** Kept for the IdP's logout (id_token_hint). */
    idToken: text('id_token'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Long-lived credentials for systems (the mail-item feed). Only a hash of the secret is stored. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  org: text('org')
    .notNull()
    .references(() => organisations.code),
  /** SHA-256 of the whole key (the key is 256 random bits: a slow hash adds nothing). */
  hash: text('hash').notNull().unique(),
  /** The key's first characters, shown in lists so people can tell keys apart. */
  prefix: text('prefix').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  lastUsedAt: tstz('last_used_at'),
  revokedAt: tstz('revoked_at'),
});

/**
 * Bearer tokens the service issued (POST /v1/tokens), each to a session or an API key: a token is
 * good while its row is live and so is what it was issued to. Signing out deletes the session and,
 * with it, its tokens.
 */
export const issuedTokens = pgTable('issued_tokens', {
  /** The token's `jti`. */
  id: uuid('id').primaryKey(),
  sessionIdHash: text('session_id_hash').references(() => sessions.idHash, { onDelete: 'cascade' }),
  apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
  userId: text('user_id').notNull(),
  org: text('org').notNull(),
  role: text('role').$type<Role>().notNull(),
  issuedAt: tstz('issued_at').notNull().defaultNow(),
  expiresAt: tstz('expires_at').notNull(),
  revokedAt: tstz('revoked_at'),
});

/** Who changed the directory, the keys and the sign-ins, and what operators did: append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull().defaultNow(),
    actorUser: text('actor_user').notNull(),
    actorName: text('actor_name'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_target_idx').on(t.targetType, t.targetId, t.at)],
);

export interface Transfer {
  from: string;
  to: string;
  at: string;
  refuseUntil: string;
  reasonCategory: string;
  reason: string;
  by: { userId: string; name: string | null };
}

export interface ExternalDispatch {
  id: string;
  kind: 'direct' | 'work_order';
  problemCategory: (typeof PROBLEM_CATEGORIES)[number];
  status: 'open' | 'closed';
  deadline?: string;
  meetsStandard?: boolean;
  reactivatable?: boolean;
}

export const mailItems = pgTable('mail_items', {
  mailNumber: text('mail_number').primaryKey(),
  collectingOrg: text('collecting_org')
    .notNull()
    .references(() => organisations.code),
  businessType: businessType('business_type').notNull(),
  acceptedAt: tstz('accepted_at').notNull(),
  destinationCountry: text('destination_country'),
  externalDispatches: jsonb('external_dispatches').$type<ExternalDispatch[]>().notNull().default([]),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    workflowId: text('workflow_id').notNull().unique(),
    mailNumber: text('mail_number')
      .notNull()
      .references(() => mailItems.mailNumber),
    org: text('org')
      .notNull()
      .references(() => organisations.code),
    createdBy: text('created_by').notNull(),
    businessType: businessType('business_type').notNull(),
    problemCategory: problemCategory('problem_category').notNull(),
    complexity: complexity('complexity').notNull().default('simple'),
    demand: text('demand').notNull(),
    customerName: text('customer_name').notNull(),
    customerPhone: text('customer_phone').notNull(),
    description: text('description'),
    international: jsonb('international').$type<{ leg: Leg; destinationCountry: string }>(),
    status: applicationStatus('status').notNull(),
    becameOrder: boolean('became_order'),
    workOrderId: uuid('work_order_id'),
    workOrderNumber: text('work_order_number'),
    returnReason: text('return_reason'),
    reviewDeadline: tstz('review_deadline'),
    actionDeadline: tstz('action_deadline'),
    ...currentDeadlineColumns(),
    overdue: boolean('overdue').notNull().default(false),
    reviewCount: integer('review_count').notNull().default(0),
    returnCount: integer('return_count').notNull().default(0),
    firstReviewedAt: tstz('first_reviewed_at'),
    closedAt: tstz('closed_at'),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    /** Run id and sequence of the last projected transition: guards against stale or repeated writes. */
    runId: text('run_id'),
    seq: integer('seq').notNull().default(0),
  },
  (t) => [
    index('applications_org_created_idx').on(t.org, t.createdAt.desc(), t.id.desc()),
    index('applications_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('applications_mail_number_idx').on(t.mailNumber),
    index('applications_status_created_idx').on(t.status, t.createdAt.desc()),
    // The review queue, earliest deadline first.
    index('applications_review_queue_idx').on(t.reviewDeadline, t.id).where(sql`${t.reviewDeadline} is not null`),
    // The ops scan and the workbench: cases with something due.
    index('applications_current_deadline_idx').on(t.currentDeadline).where(sql`${t.currentDeadline} is not null`),
    // Covers the office report: a period's rows are aggregated from the index alone (index-only scan).
    index('applications_report_idx').on(t.createdAt, t.org, t.status, t.overdue, t.reviewCount, t.returnCount, t.becameOrder),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** `department`: with an internal note of the handling department; the office never sees it. */
    visibility: text('visibility').$type<'all' | 'department'>().notNull().default('all'),
    uploadedBy: text('uploaded_by'),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_application_idx').on(t.applicationId)],
);

export const workOrders = pgTable(
  'work_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    workflowId: text('workflow_id').notNull().unique(),
    applicationId: uuid('application_id')
      .notNull()
      .unique()
      .references(() => applications.id),
    mailNumber: text('mail_number').notNull(),
    org: text('org')
      .notNull()
      .references(() => organisations.code),
    assignedOrg: text('assigned_org')
      .notNull()
      .references(() => organisations.code),
    problemCategory: problemCategory('problem_category').notNull(),
    complexity: complexity('complexity').notNull(),
    status: workOrderStatus('status').notNull(),
    responseDeadline: tstz('response_deadline').notNull(),
    resolutionDeadline: tstz('resolution_deadline').notNull(),
    promiseDeadline: tstz('promise_deadline').notNull(),
    ...currentDeadlineColumns(),
    respondedAt: tstz('responded_at'),
    resolvedAt: tstz('resolved_at'),
    result: text('result'),
    customerAccepted: boolean('customer_accepted'),
    meetsStandard: boolean('meets_standard'),
    satisfaction: smallint('satisfaction'),
    urgeCount: integer('urge_count').notNull().default(0),
    reactivationCount: integer('reactivation_count').notNull().default(0),
    escalationLevel: integer('escalation_level').notNull().default(0),
    overdue: boolean('overdue').notNull().default(false),
    reactivatableUntil: tstz('reactivatable_until'),
    closedAt: tstz('closed_at'),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    // The desk (domain/work-order.ts DeskState).
    assignee: text('assignee'),
    assigneeName: text('assignee_name'),
    assignedAt: tstz('assigned_at'),
    claimDeadline: tstz('claim_deadline'),
    autoAssign: boolean('auto_assign').notNull().default(false),
    transferCount: integer('transfer_count').notNull().default(0),
    pendingTransfer: jsonb('pending_transfer').$type<Transfer>(),
    holds: jsonb('holds').$type<{ org: string; from: string; to: string | null }[]>().notNull().default([]),
    misrouteReason: text('misroute_reason'),
    openQuestion: jsonb('open_question').$type<{ at: string; text: string; by: { userId: string; name: string | null } }>(),
    dispatchedAt: tstz('dispatched_at'),
    // The clocks (domain/work-order.ts ClockTrack): a pause of the resolution clock, and how much was paused.
    pause: jsonb('pause').$type<{ at: string; until: string; reasonCategory: string; reason: string; by: { userId: string; name: string | null } }>(),
    pauseCount: integer('pause_count').notNull().default(0),
    pausedMs: bigint('paused_ms', { mode: 'number' }).notNull().default(0),
    runId: text('run_id'),
    seq: integer('seq').notNull().default(0),
  },
  (t) => [
    // Who holds what: a person's load, "mine", least-load assignment.
    index('work_orders_assignee_idx').on(t.assignee, t.currentDeadline).where(sql`${t.assignee} is not null`),
    index('work_orders_org_created_idx').on(t.org, t.createdAt.desc(), t.id.desc()),
    index('work_orders_assigned_created_idx').on(t.assignedOrg, t.createdAt.desc(), t.id.desc()),
    index('work_orders_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('work_orders_mail_number_idx').on(t.mailNumber),
    // A department's queue, most urgent first.
    index('work_orders_assigned_deadline_idx').on(t.assignedOrg, t.currentDeadline, t.id).where(sql`${t.currentDeadline} is not null`),
    // Covers the office report's work-order half (index-only scan).
    index('work_orders_report_idx').on(t.createdAt, t.org, t.status, t.overdue, t.respondedAt, t.responseDeadline, t.resolvedAt, t.resolutionDeadline),
    // The report's only clock-dependent figures (unanswered past a deadline) come from the few unfinished orders.
    index('work_orders_unfinished_idx')
      .on(t.createdAt, t.org, t.respondedAt, t.responseDeadline, t.resolvedAt, t.resolutionDeadline)
      .where(sql`${t.respondedAt} is null or ${t.resolvedAt} is null`),
  ],
);

export const escalations = pgTable(
  'escalations',
  {
    id: uuid('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    subjectType: subjectType('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    subjectNumber: text('subject_number'),
    org: text('org').notNull(),
    reason: text('reason').notNull(),
    level: integer('level').notNull(),
    levelName: text('level_name').notNull(),
    levelDeadline: tstz('level_deadline'),
    ...currentDeadlineColumns(),
    status: escalationStatus('status').notNull(),
    acknowledgedAt: tstz('acknowledged_at'),
    openedAt: tstz('opened_at').notNull(),
    resolvedAt: tstz('resolved_at'),
    updatedAt: tstz('updated_at').notNull(),
    runId: text('run_id'),
    seq: integer('seq').notNull().default(0),
  },
  (t) => [
    uniqueIndex('escalations_one_open_per_subject').on(t.subjectType, t.subjectId).where(sql`${t.status} = 'open'`),
    index('escalations_status_level_idx').on(t.status, t.level),
    index('escalations_org_idx').on(t.org, t.openedAt.desc()),
    index('escalations_current_deadline_idx').on(t.currentDeadline).where(sql`${t.currentDeadline} is not null`),
  ],
);

/** Append-only: one row per transition, unique per (workflow run, seq) so a retried write is a no-op. */
export const history = pgTable(
  'history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseKind: caseKind('case_kind').notNull(),
    caseId: uuid('case_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    /** The workflow run that wrote the entry; null for the 'created' entry of the API's reservation. */
    runId: text('run_id'),
    seq: integer('seq').notNull(),
    at: tstz('at').notNull(),
    actorUser: text('actor_user').notNull(),
    actorOrg: text('actor_org').notNull(),
    actorRole: text('actor_role').notNull(),
    /** The person's name from the directory at the time (null for systems and unknown token subjects). */
    actorName: text('actor_name'),
    action: text('action').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    /** `department`: an internal note of the handling department, never shown to the office. */
    visibility: text('visibility').$type<'all' | 'department'>().notNull().default('all'),
  },
  (t) => [uniqueIndex('history_run_seq').on(t.workflowId, t.runId, t.seq), index('history_case_idx').on(t.caseId, t.at, t.id)],
);

/** Leave (请假): while away a person gets no new orders; work meant for them goes to their substitute. */
export const absences = pgTable(
  'absences',
  {
    id: uuid('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    substituteId: text('substitute_id').references(() => users.id),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    cancelledAt: tstz('cancelled_at'),
  },
  (t) => [index('absences_user_idx').on(t.userId, t.endsAt)],
);

/** Round robin's place per department: the person who was given the last order. */
export const deskPointers = pgTable('desk_pointers', {
  org: text('org').primaryKey(),
  lastGiven: text('last_given').notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * Automatic assignments decided for an order (one per decision, keyed by the order and the
 * transition that asked): a retried decision answers the same; until the order's row shows the
 * assignee, the decision counts towards the person's load.
 */
export const assignmentDecisions = pgTable(
  'assignment_decisions',
  {
    key: text('key').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    org: text('org').notNull(),
    userId: text('user_id'),
    name: text('name'),
    decidedAt: tstz('decided_at').notNull().defaultNow(),
  },
  (t) => [index('assignment_decisions_user_idx').on(t.userId, t.decidedAt)],
);

/** Messages to people (SMS, in-app notices), written in the same transaction as their cause. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable key from the causing transition; a repeated write inserts nothing. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    channel: text('channel').$type<'sms' | 'notice'>().notNull(),
    /** What the message is about (domain/notices.ts NOTICE_EVENTS); null on rows written before events. */
    event: text('event').$type<NoticeEvent>(),
    recipientUser: text('recipient_user'),
    recipientOrg: text('recipient_org'),
    recipientRole: text('recipient_role'),
    recipientPhone: text('recipient_phone'),
    body: text('body').notNull(),
    /** The case that caused it (null: none, e.g. a department's monthly report). */
    caseKind: caseKind('case_kind'),
    caseId: uuid('case_id'),
    /** `failed`: undeliverable (no phone number in the directory); not retried. */
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    sentAt: tstz('sent_at'),
  },
  (t) => [index('outbox_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`)],
);

/**
 * Workflow starts owed for application rows the API committed (a transactional outbox): the API
 * starts the workflow right after commit and deletes the entry; if it crashed in between, the
 * client's retry or the API's sweeper starts it. The state is the workflow's input.
 */
export const pendingStarts = pgTable('pending_starts', {
  workflowId: text('workflow_id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  state: jsonb('state').$type<Record<string, unknown>>().notNull(),
  /** The task queue it is owed on: a sweeper starts only what its own workers run. */
  taskQueue: text('task_queue').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

/** Per-day sequences behind human-readable numbers (SQ-20261123-00001). */
export const counters = pgTable('counters', {
  scope: text('scope').primaryKey(),
  value: integer('value').notNull(),
});

// Per-office daily counts behind the office report, kept in step with the case rows by statement
// triggers (migration 0003_report_daily_counts, which also holds the one definition of each count).
// Days are UTC; the report adds the partial days at a period's edges from the rows themselves.
// Each office's day is split over 16 slots by case id (migration 0010), so concurrent transitions of
// different cases rarely wait on one counter row; the report sums the slots.
const dailyKey = { org: text('org').notNull(), day: tstz('day').notNull() };
const slot = () => smallint('slot').notNull().default(0);
const count = (name: string) => integer(name).notNull().default(0);

export const applicationDailyCounts = pgTable(
  'application_daily_counts',
  {
    ...dailyKey,
    created: count('created'),
    reviewed: count('reviewed'),
    returned: count('returned'),
    becameOrders: count('became_orders'),
    open: count('open'),
    overdue: count('overdue'),
    slot: slot(),
  },
  (t) => [primaryKey({ columns: [t.day, t.org, t.slot] })],
);

export const workOrderDailyCounts = pgTable(
  'work_order_daily_counts',
  {
    ...dailyKey,
    responded: count('responded'),
    onTimeResponses: count('on_time_responses'),
    resolved: count('resolved'),
    onTimeResolutions: count('on_time_resolutions'),
    open: count('open'),
    overdue: count('overdue'),
    slot: slot(),
  },
  (t) => [primaryKey({ columns: [t.day, t.org, t.slot] })],
);

// Operators' tables (api/services/ops.ts). Activities failing now, written by the workers' activity
// interceptor (activities/failure-log.ts) when an attempt fails and cleared when a retry succeeds:
// the stuck scan finds them with one query however many cases are open (Temporal confirms each).
export const activityFailures = pgTable(
  'activity_failures',
  {
    workflowId: text('workflow_id').notNull(),
    activityId: text('activity_id').notNull(),
    runId: text('run_id').notNull(),
    activityType: text('activity_type').notNull(),
    attempt: integer('attempt').notNull(),
    lastFailure: text('last_failure').notNull(),
    failedAt: tstz('failed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.activityId] })],
);

// A batch reset: the workflows its query matched (listed first, each with the run it matched),
// and how far it got, so an operator whose process died resumes it without resetting twice.
export const opsBatches = pgTable('ops_batches', {
  id: uuid('id').primaryKey(),
  query: text('query').notNull(),
  /** The reset point: last-workflow-task, first-workflow-task or an event id. */
  target: text('target').notNull(),
  reason: text('reason').notNull(),
  actorUser: text('actor_user').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  /** The visibility page token to list from next; null once every match is listed. */
  listToken: text('list_token'),
  listedAt: tstz('listed_at'),
  finishedAt: tstz('finished_at'),
});

export const opsBatchItems = pgTable(
  'ops_batch_items',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => opsBatches.id),
    workflowId: text('workflow_id').notNull(),
    /** The run the query matched: the one to reset (a later run means it was reset already). */
    runId: text('run_id').notNull(),
    state: text('state', { enum: ['pending', 'reset', 'skipped', 'failed'] })
      .notNull()
      .default('pending'),
    newRunId: text('new_run_id'),
    error: text('error'),
    doneAt: tstz('done_at'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.workflowId] }), index('ops_batch_items_pending').on(t.batchId).where(sql`${t.state} = 'pending'`)],
);

// Notices (domain/notices.ts): each in-app message resolves, in the transaction of the transition
// that causes it, to the people it is for (db/notices.ts); each person's copy is a row here, and
// email and webhook copies wait in notice_deliveries for the worker's relay (activities/notice-relay.ts).

/** A person's inbox: one row per notice per person (repeats of the same event on a case on one day count on one row). */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The absent person this notice was for (the holder of this inbox is their substitute). */
    forUser: text('for_user'),
    /** The outbox message it came from (the first, for a counted repeat). */
    outboxId: uuid('outbox_id').notNull(),
    event: text('event').$type<NoticeEvent>().notNull(),
    /** The record whose transition caused it (none for a notice about no case: the monthly report). */
    caseKind: caseKind('case_kind'),
    caseId: uuid('case_id'),
    /** The case page it links to: the application or work order (an escalation's subject). */
    linkKind: text('link_kind').$type<'application' | 'workOrder'>(),
    linkId: uuid('link_id'),
    caseNumber: text('case_number'),
    body: text('body').notNull(),
    /** How many times it was said (repeats on one day: the latest body, the count kept). */
    count: integer('count').notNull().default(1),
    /** One row per person per key: the causing transition's, or for repeats `event:case:day`. */
    collapseKey: text('collapse_key').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastAt: tstz('last_at').notNull(),
    readAt: tstz('read_at'),
  },
  (t) => [
    uniqueIndex('notices_collapse_key').on(t.userId, t.collapseKey),
    // A person's list, unread first, newest first.
    index('notices_inbox_idx').on(t.userId, sql`(${t.readAt} is not null)`, t.lastAt.desc(), t.id.desc()),
  ],
);

/** Which events reach a person by which channel; no row: the defaults (domain/notices.ts). */
export const noticePreferences = pgTable(
  'notice_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    event: text('event').$type<NoticeEvent>().notNull(),
    inbox: boolean('inbox').notNull(),
    email: boolean('email').notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

/** Other systems (企业微信/钉钉 bots, the carrier's own) told of notices: per event kind and organisation, managed by an admin. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** Signs each delivery (HMAC-SHA256); shown once when created. */
  secret: text('secret').notNull(),
  events: text('events').array().$type<NoticeEvent[]>().notNull(),
  /** `json`: the notice as JSON; `chat`: a text message a 企业微信 or 钉钉 group bot posts (`{msgtype: "text", text: {content}}`). */
  format: text('format').$type<'json' | 'chat'>().notNull().default('json'),
  /** Notices addressed to this organisation only; null: every organisation. */
  org: text('org').references(() => organisations.code),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * Email and webhook copies of notices, written with them and sent by the relay of the workers on
 * `queue`: claimed when due (`next_attempt_at`), retried with exponential backoff until `give_up_at`.
 * The id is the delivery's, sent with every attempt so receivers drop repeats.
 */
export const noticeDeliveries = pgTable(
  'notice_deliveries',
  {
    id: uuid('id').primaryKey(),
    outboxId: uuid('outbox_id').notNull(),
    channel: text('channel').$type<'email' | 'webhook'>().notNull(),
    event: text('event').$type<NoticeEvent>().notNull(),
    /** email: the person (their address is read when it is sent). */
    userId: text('user_id'),
    /** webhook: the subscription. */
    subscriptionId: uuid('subscription_id').references(() => webhookSubscriptions.id),
    /** The task queue whose workers' relay sends it. */
    queue: text('queue').notNull(),
    /** email: {subject, text}; webhook: the JSON body. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Where the last attempt went (the email address or the URL). */
    address: text('address'),
    /** `failed`: given up (retries exhausted, or nothing to send to); an admin may redeliver. */
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    giveUpAt: tstz('give_up_at').notNull(),
    lastError: text('last_error'),
    /** The receiver's answer to the last attempt (HTTP status, SMTP reply code). */
    lastStatus: integer('last_status'),
    lastAttemptAt: tstz('last_attempt_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    index('notice_deliveries_due_idx').on(t.queue, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('notice_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt.desc(), t.id.desc()),
    index('notice_deliveries_outbox_idx').on(t.outboxId),
  ],
);

// The performance reports' facts (domain/performance.ts): what each work order's history yields,
// rewritten with every transition of the order (db/performance.ts), rebuilt by `npm run
// performance -- rebuild`. A period's figures aggregate the facts whose `at` falls in it (a covering
// index on `at`), and "open at the end" the spans covering its end (a GiST index on the span):
// both in the hand-written part of the migration.
export const performanceFactKind = pgEnum('performance_fact_kind', FACT_KINDS);
export const performanceVia = pgEnum('performance_via', FACT_VIAS);

export const performanceFacts = pgTable(
  'performance_facts',
  {
    workOrderId: uuid('work_order_id').notNull(),
    n: smallint('n').notNull(),
    kind: performanceFactKind('kind').notNull(),
    at: tstz('at').notNull(),
    until: tstz('until'),
    org: text('org').notNull(),
    person: text('person'),
    category: problemCategory('category').notNull(),
    cycle: smallint('cycle').notNull(),
    minutes: integer('minutes'),
    personMinutes: integer('person_minutes'),
    onTime: boolean('on_time'),
    level: smallint('level'),
    satisfaction: smallint('satisfaction'),
    reopened: boolean('reopened'),
    via: performanceVia('via'),
  },
  (t) => [primaryKey({ columns: [t.workOrderId, t.n] })],
);

/**
 * How many facts of each class fell on each UTC day, per department and person (null: nobody held
 * the order), kept by statement triggers on performance_facts (the migration's hand-written part):
 * a period's counts, averages and distributions add up its whole days here and read only its
 * partial days at either edge from the facts. By category, the reports read the facts themselves.
 */
export const performanceDaily = pgTable(
  'performance_daily',
  {
    day: tstz('day').notNull(),
    org: text('org').notNull(),
    person: text('person'),
    kind: performanceFactKind('kind').notNull(),
    onTime: boolean('on_time'),
    reopened: boolean('reopened'),
    satisfaction: smallint('satisfaction'),
    level: smallint('level'),
    via: performanceVia('via'),
    n: integer('n').notNull(),
  },
  (t) => [unique('performance_daily_class').on(t.day, t.org, t.person, t.kind, t.onTime, t.reopened, t.satisfaction, t.level, t.via).nullsNotDistinct()],
);

// ── Answer faster (issue 28): quick replies, the knowledge base, case tags, saved views, bulk
// actions and the search documents. The search documents and their triggers are in the hand-written
// block at the end of migration 0020_answers.

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** 快捷回复: a person's own, a department's (its lead's), or province-wide (seen by others once a reviewer approved it). */
export const quickReplies = pgTable(
  'quick_replies',
  {
    id: uuid('id').primaryKey(),
    scope: text('scope').$type<'personal' | 'department' | 'province'>().notNull(),
    ownerUser: text('owner_user').notNull(),
    ownerName: text('owner_name'),
    /** The owner's organisation: a department reply is its department's. */
    org: text('org').notNull(),
    name: text('name').notNull(),
    text: text('text').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Pinyin initials of the name (快递延误 → kdyw), for the search box. */
    initials: text('initials').notNull().default(''),
    /** approved: visible to its audience; pending/rejected: a province-wide reply not (yet) approved, seen by its owner and reviewers. */
    status: text('status').$type<'approved' | 'pending' | 'rejected'>().notNull().default('approved'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: tstz('reviewed_at'),
    rejectReason: text('reject_reason'),
    usageCount: integer('usage_count').notNull().default(0),
    lastUsedAt: tstz('last_used_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [index('quick_replies_scope_idx').on(t.scope, t.org), index('quick_replies_owner_idx').on(t.ownerUser)],
);

export const quickReplyAttachments = pgTable(
  'quick_reply_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    quickReplyId: uuid('quick_reply_id')
      .notNull()
      .references(() => quickReplies.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [index('quick_reply_attachments_reply_idx').on(t.quickReplyId)],
);

/** A department's own labels on its orders (the office never sees them). */
export const caseTags = pgTable(
  'case_tags',
  {
    workOrderId: uuid('work_order_id').notNull(),
    tag: text('tag').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: tstz('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workOrderId, t.tag] }), index('case_tags_tag_idx').on(t.tag)],
);

/** 知识库 / 案例库: articles in Markdown, versioned (article_versions), linked with cases (article_links). */
export const articles = pgTable(
  'articles',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'knowledge' | 'case'>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    category: problemCategory('category'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    /** The closed case a 案例 was made from. */
    sourceWorkOrderId: uuid('source_work_order_id'),
    createdBy: text('created_by').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: tstz('published_at'),
    /** Title, body and tags as search lexemes (search_vector in migration 0016): suggestions for a case. */
    lex: tsvector('lex'),
  },
  (t) => [index('articles_category_idx').on(t.category, t.status), index('articles_lex_idx').using('gin', t.lex)],
);

export const articleVersions = pgTable(
  'article_versions',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    category: problemCategory('category'),
    tags: text('tags').array().notNull(),
    status: text('status').$type<'draft' | 'published'>().notNull(),
    /** What this version changed: created, published, or the fields edited. */
    changes: text('changes').array().notNull(),
    changedBy: text('changed_by').notNull(),
    changedByName: text('changed_by_name'),
    changedAt: tstz('changed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

export const articleLinks = pgTable(
  'article_links',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id),
    workOrderId: uuid('work_order_id').notNull(),
    linkedBy: text('linked_by').notNull(),
    linkedAt: tstz('linked_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.workOrderId] }), index('article_links_order_idx').on(t.workOrderId)],
);

/** A person's saved view of work orders (filters, columns, sort), shared with their department or published for all by a lead. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    ownerUser: text('owner_user').notNull(),
    ownerName: text('owner_name'),
    org: text('org').notNull(),
    scope: text('scope').$type<'personal' | 'department' | 'public'>().notNull().default('personal'),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    columns: text('columns').array().notNull(),
    sort: jsonb('sort').$type<{ field: string; direction: 'asc' | 'desc' }>().notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('saved_views_owner_idx').on(t.ownerUser), index('saved_views_scope_idx').on(t.scope, t.org)],
);

/** A bulk action: its items recorded here first, then applied one by one by its workflow (bulk-<id>), resumable. */
export const bulkBatches = pgTable(
  'bulk_batches',
  {
    id: uuid('id').primaryKey(),
    action: text('action').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** Who asked, as they were then: every item is applied as them. */
    actor: jsonb('actor').$type<Record<string, unknown>>().notNull(),
    actorUser: text('actor_user').notNull(),
    viewId: uuid('view_id'),
    total: integer('total').notNull(),
    status: text('status').$type<'running' | 'finished'>().notNull().default('running'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
  },
  (t) => [index('bulk_batches_actor_idx').on(t.actorUser, t.createdAt)],
);

export const bulkItems = pgTable(
  'bulk_items',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => bulkBatches.id),
    workOrderId: uuid('work_order_id').notNull(),
    position: integer('position').notNull(),
    state: text('state').$type<'pending' | 'done' | 'refused'>().notNull().default('pending'),
    /** The single action's request for this item, fixed at its first attempt (a quick reply filled from its case): a retry sends the same. */
    request: jsonb('request').$type<Record<string, unknown>>(),
    /** Why it was refused: the API's error code and message (e.g. FORBIDDEN, INVALID_TRANSITION). */
    code: text('code'),
    message: text('message'),
    doneAt: tstz('done_at'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.workOrderId] }), index('bulk_items_pending_idx').on(t.batchId, t.position).where(sql`${t.state} = 'pending'`)],
);

/**
 * One search document per case (an application and the order it became), kept by triggers on the
 * case tables, history and attachments: the text people search, split in what everyone who reads
 * the case sees and the department's internal notes, and their character bigrams (Chinese has no
 * spaces: `search_lexemes` in migration 0016 makes every 2-character word of a sentence a lexeme).
 */
export const caseSearch = pgTable(
  'case_search',
  {
    applicationId: uuid('application_id').primaryKey(),
    workOrderId: uuid('work_order_id'),
    number: text('number').notNull(),
    workOrderNumber: text('work_order_number'),
    mailNumber: text('mail_number').notNull(),
    phone: text('phone').notNull(),
    org: text('org').notNull(),
    assignedOrg: text('assigned_org'),
    createdAt: tstz('created_at').notNull(),
    /** The demand and the description. */
    headText: text('head_text').notNull().default(''),
    /** Replies, appended information, history notes and reasons, attachment names everyone may see. */
    bodyText: text('body_text').notNull().default(''),
    /** The department's internal notes and their files. */
    internalText: text('internal_text').notNull().default(''),
    publicLex: tsvector('public_lex').notNull().default(sql`''::tsvector`),
    allLex: tsvector('all_lex').notNull().default(sql`''::tsvector`),
  },
  (t) => [
    index('case_search_public_lex_idx').using('gin', t.publicLex),
    index('case_search_all_lex_idx').using('gin', t.allLex),
    index('case_search_created_idx').on(t.createdAt.desc()),
    index('case_search_org_created_idx').on(t.org, t.createdAt.desc()),
    index('case_search_assigned_created_idx').on(t.assignedOrg, t.createdAt.desc()),
    index('case_search_work_order_idx').on(t.workOrderId),
    index('case_search_number_idx').on(t.number),
    index('case_search_wo_number_idx').on(t.workOrderNumber),
    index('case_search_mail_idx').on(t.mailNumber),
    index('case_search_phone_idx').on(t.phone),
  ],
);
