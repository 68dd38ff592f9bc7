// Applications: creation under the creation rules, reads, and decisions sent to the workflow.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import { workflowIds } from '../../contract/ids.js';
import { abandonApplication, resubmitApplication, reviewApplication, type ReviewCommand } from '../../contract/messages.js';
import { startApplication } from '../../contract/starts.js';
import { applicationPermission, newApplication, type ApplicationAction } from '../../domain/application.js';
import { checkCreation } from '../../domain/creation-rules.js';
import type { Actor } from '../../domain/vocabulary.js';
import { allocateNumber } from '../../db/numbering.js';
import { reserveApplication } from '../../db/projection.js';
import { applications, attachments, pendingStarts, workOrders } from '../../db/schema.js';
import { creationFacts, findMailItem } from './mail-items.js';
import type { ServiceContext } from '../context.js';
import { AppError, notFound, unprocessable } from '../errors.js';
import type { ApplicationView, CreateApplicationBody } from '../schemas/applications.js';
import { checkAttachments } from './attachments.js';
import { claimKey, storeResponse, withIdempotency, type StoredResponse } from './idempotency.js';
import { cursorCondition, page } from './paging.js';
import { owePendingStart, settlePendingStart } from './pending-starts.js';
import { applicationView, applicationViewOf, caseHistory, masked, revealed } from './views.js';
import { assertVisible, seesAllOrgs } from './scope.js';
import { runUpdate, updateIdFor } from './workflow-calls.js';
import { assertPermitted } from './permit.js';

type Row = typeof applications.$inferSelect;
const MONTH_MS = 31 * 86_400_000;

export async function createApplication(
  ctx: ServiceContext,
  actor: Actor,
  body: CreateApplicationBody,
  idempotencyKey?: string,
): Promise<StoredResponse<ApplicationView, 201>> {
  const files = checkAttachments(ctx, body.attachments ?? []);
  const now = new Date();
  const outcome = await ctx.db.transaction(async (tx) => {
    if (idempotencyKey) {
      const claim = await claimKey<ApplicationView, 201>(tx, actor.userId, idempotencyKey, 'POST /v1/applications', body);
      if (claim.kind === 'answered') return { replay: claim.response };
    }
    // Serialise creations per mail number: two concurrent creates cannot both pass the rules.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`mail:${body.mailNumber}`}, 0))`);
    const item = await findMailItem(tx, body.mailNumber);
    if (!item) throw unprocessable('mailNumber', 'registeredMailItem', `mail item ${body.mailNumber} is not registered (PUT /v1/mail-items first)`);
    const decision = checkCreation({
      creatingOrg: actor.org,
      collectingOrg: item.collectingOrg,
      problemCategory: body.problemCategory,
      ...(await creationFacts(tx, item, now)),
      followUp: body.followUp,
    });
    if (!decision.allowed) {
      const { allowed: _a, message, ...details } = decision;
      throw new AppError(409, 'CREATION_REFUSED', message, details);
    }
    const { followUp: _f, attachments: _a, ...fields } = body;
    const state = newApplication(
      { id: randomUUID(), number: await allocateNumber(tx, 'SQ', now), org: actor.org, createdBy: actor, fields },
      now.getTime(),
      ctx.policy,
    );
    // The reservation: the case's row as the domain makes it and its 'created' entry; the workflow records the rest.
    const row = await reserveApplication(tx, state, workflowIds.application(state.id));
    if (files.length) await tx.insert(attachments).values(files.map((f) => ({ ...f, applicationId: state.id })));
    const response: StoredResponse<ApplicationView, 201> = { statusCode: 201, body: { ...applicationView(row, actor), attachments: [] } };
    if (idempotencyKey) await storeResponse(tx, actor.userId, idempotencyKey, response);
    await owePendingStart(tx, state, ctx.taskQueue);
    return { state, response };
  });
  if ('replay' in outcome) {
    // The first attempt may have died between commit and start: finish its work before answering.
    await settlePendingStart(ctx, (outcome.replay!.body as { id: string }).id);
    return outcome.replay!;
  }
  ctx.onRecorded?.({ kind: 'application', action: 'created', status: outcome.state.status, detail: {} });
  try {
    await startApplication(ctx.temporal, ctx.taskQueue, outcome.state, ctx.policy);
    await ctx.db.delete(pendingStarts).where(eq(pendingStarts.workflowId, workflowIds.application(outcome.state.id)));
  } catch (error) {
    // The application is recorded and its start is owed: the sweeper (or a retry) starts it.
    ctx.log.warn({ err: error, applicationId: outcome.state.id }, 'workflow start deferred to the pending-start sweeper');
  }
  return outcome.response;
}

/** The creating office and the province see an application; a department the one behind the order it holds, and no other. */
async function loadVisible(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(applications).where(eq(applications.id, id));
  if (!row) throw notFound('application');
  if (actor.role === 'handler' && row.workOrderId) {
    const [order] = await ctx.db.select({ assignedOrg: workOrders.assignedOrg }).from(workOrders).where(eq(workOrders.id, row.workOrderId));
    if (order?.assignedOrg === actor.org) return row;
  }
  assertVisible(actor, [row.org], 'application');
  return row;
}

export async function getApplication(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await loadVisible(ctx, actor, id);
  const files = await ctx.db
    .select({ id: attachments.id, name: attachments.name, contentType: attachments.contentType, size: attachments.size })
    .from(attachments)
    .where(and(eq(attachments.applicationId, id), actor.role === 'office' ? eq(attachments.visibility, 'all') : undefined));
  await revealed(ctx, actor, id, 'application page');
  return { ...applicationView(row, actor), attachments: files, history: await caseHistory(ctx, id) };
}

/** One attachment's content, for whoever may see its application. */
export async function getAttachment(ctx: ServiceContext, actor: Actor, applicationId: string, attachmentId: string) {
  await loadVisible(ctx, actor, applicationId);
  const [file] = await ctx.db
    .select({ name: attachments.name, contentType: attachments.contentType, content: attachments.content })
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.applicationId, applicationId),
        // A department's internal files are not the office's.
        actor.role === 'office' ? eq(attachments.visibility, 'all') : undefined,
      ),
    );
  if (!file) throw notFound('attachment');
  return file;
}

export interface ListApplicationsQuery {
  status?: Row['status'];
  number?: string;
  mailNumber?: string;
  becameOrder?: boolean;
  createdFrom?: string;
  createdTo?: string;
  org?: string;
  sort: 'createdAt' | 'reviewDeadline';
  limit: number;
  cursor?: string;
}

export async function listApplications(ctx: ServiceContext, actor: Actor, q: ListApplicationsQuery) {
  const to = q.createdTo ? new Date(q.createdTo) : undefined;
  // Default window: the last month (older needs an explicit range).
  const from = q.createdFrom ? new Date(q.createdFrom) : new Date((to?.getTime() ?? Date.now()) - MONTH_MS);
  const org = seesAllOrgs(actor) ? q.org : actor.org;
  const byDeadline = q.sort === 'reviewDeadline';
  const where: (SQL | undefined)[] = [
    gte(applications.createdAt, from),
    to ? lte(applications.createdAt, to) : undefined,
    org ? eq(applications.org, org) : undefined,
    q.status ? eq(applications.status, q.status) : undefined,
    q.number ? eq(applications.number, q.number) : undefined,
    q.mailNumber ? eq(applications.mailNumber, q.mailNumber) : undefined,
    q.becameOrder !== undefined ? eq(applications.becameOrder, q.becameOrder) : undefined,
    byDeadline ? isNotNull(applications.reviewDeadline) : undefined,
    byDeadline
      ? cursorCondition(q.cursor, applications.reviewDeadline, applications.id, 'asc')
      : cursorCondition(q.cursor, applications.createdAt, applications.id),
  ];
  if (!seesAllOrgs(actor) && q.org && q.org !== actor.org) return { items: [], nextCursor: null };
  const order = byDeadline ? [asc(applications.reviewDeadline), asc(applications.id)] : [desc(applications.createdAt), desc(applications.id)];
  const rows = await ctx.db
    .select()
    .from(applications)
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit + 1);
  return page(rows, q.limit, (r) => masked(applicationView(r, actor)), byDeadline ? (r) => r.reviewDeadline! : undefined);
}

type Decision =
  | ({ kind: 'review' } & Omit<ReviewCommand, 'actor'>)
  | { kind: 'resubmit'; changes: Record<string, unknown> }
  | { kind: 'abandon'; reason?: string };

const actionOf = (d: Decision): ApplicationAction => (d.kind === 'review' ? (d.decision === 'approve' ? 'approve' : 'return') : d.kind);

/** Review, resubmit or abandon: the rules say who may (domain/application.ts), the workflow decides; the answer is the state it recorded. */
export async function decideApplication(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  d: Decision,
  idempotencyKey?: string,
): Promise<StoredResponse<ApplicationView, 200>> {
  return withIdempotency(ctx.db, actor.userId, idempotencyKey, `POST /v1/applications/${id}/${d.kind}`, d, async (resumed) => {
    // Who may, by the row (written before any earlier decision was answered): 403/404/409 without a round
    // trip to the workflow, whose validator holds the caller to the same rules. Not for a retry whose
    // first attempt's answer is unknown: the workflow answers it as the first time (the update's id).
    const row = await loadVisible(ctx, actor, id);
    if (!resumed) assertPermitted(applicationPermission(actionOf(d), row, actor, Date.now()), 'application');
    if (!row.runId) await settlePendingStart(ctx, id); // no decision recorded yet: its start may still be owed
    const updateId = updateIdFor(actor.userId, idempotencyKey);
    const status = async () => (await loadVisible(ctx, actor, id)).status;
    const { kind: _k, ...command } = d;
    const c =
      d.kind === 'review'
        ? await runUpdate(ctx.temporal, row.workflowId, reviewApplication, [{ ...(command as Omit<ReviewCommand, 'actor'>), actor }], updateId, status)
        : d.kind === 'resubmit'
          ? await runUpdate(ctx.temporal, row.workflowId, resubmitApplication, [{ actor, changes: d.changes }], updateId, status)
          : await runUpdate(ctx.temporal, row.workflowId, abandonApplication, [{ actor, note: d.reason }], updateId, status);
    return { statusCode: 200 as const, body: applicationViewOf(c.application, actor) };
  });
}
