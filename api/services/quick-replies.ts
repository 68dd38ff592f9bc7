// 快捷回复: kept per person, per department, or province-wide once a reviewer approved it; their
// variables filled from a case when used (and each use counted).
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { applications, organisations, quickReplies, quickReplyAttachments, workOrders } from '../../db/schema.js';
import {
  CATEGORY_NAMES,
  fillVariables,
  QUICK_REPLY_APPROVERS,
  QUICK_REPLY_VARIABLES,
  quickReplyScopeRefused,
  seesQuickReply,
  unknownVariables,
  type QuickReplyScope,
  type QuickReplyVariable,
} from '../../domain/answers.js';
import type { Actor, Role } from '../../domain/vocabulary.js';
import { audit } from '../auth/audit.js';
import type { ServiceContext } from '../context.js';
import { AppError, forbidden, invalidTransition, notFound, unprocessable } from '../errors.js';
import type { AttachmentInput } from '../schemas/applications.js';
import { checkAttachments } from './attachments.js';
import { assertVisible } from './scope.js';

type Row = typeof quickReplies.$inferSelect;

/** 快递延误 → kdyw: the first letters of each character's pinyin (letters and digits kept as they are). */
export const initialsOf = (name: string) =>
  pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

function assertKnownVariables(text: string) {
  const unknown = unknownVariables(text);
  if (unknown.length)
    throw unprocessable(
      'text',
      'knownVariables',
      `unknown variable ${unknown.map((v) => (v === '{{' ? 'an unclosed {{' : `{{${v}}}`)).join(', ')}; known: ${QUICK_REPLY_VARIABLES.map((v) => `{{${v}}}`).join(' ')}`,
    );
}

/** The replies a person may see (SQL): their own, their department's, the approved province-wide ones (reviewers also those waiting). */
const visibleTo = (actor: Actor) =>
  and(
    isNull(quickReplies.deletedAt),
    or(
      eq(quickReplies.ownerUser, actor.userId),
      and(eq(quickReplies.scope, 'department'), eq(quickReplies.org, actor.org)),
      and(eq(quickReplies.scope, 'province'), QUICK_REPLY_APPROVERS.includes(actor.role as Role) ? undefined : eq(quickReplies.status, 'approved')),
    ),
  );

async function attachmentsOf(ctx: ServiceContext, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; name: string; contentType: string; size: number }[]>();
  const rows = await ctx.db
    .select({
      id: quickReplyAttachments.id,
      replyId: quickReplyAttachments.quickReplyId,
      name: quickReplyAttachments.name,
      contentType: quickReplyAttachments.contentType,
      size: quickReplyAttachments.size,
    })
    .from(quickReplyAttachments)
    .where(inArray(quickReplyAttachments.quickReplyId, ids));
  const byReply = new Map<string, { id: string; name: string; contentType: string; size: number }[]>();
  for (const { replyId, ...a } of rows) byReply.set(replyId, [...(byReply.get(replyId) ?? []), a]);
  return byReply;
}

function view(r: Row, actor: Actor, files: { id: string; name: string; contentType: string; size: number }[] = []) {
  return {
    id: r.id,
    scope: r.scope,
    owner: { userId: r.ownerUser, name: r.ownerName },
    org: r.org,
    name: r.name,
    text: r.text,
    tags: r.tags,
    initials: r.initials,
    status: r.status,
    rejectReason: r.rejectReason,
    usageCount: r.usageCount,
    attachments: files,
    mine: r.ownerUser === actor.userId,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listQuickReplies(ctx: ServiceContext, actor: Actor, q: { q?: string; scope?: QuickReplyScope; status?: Row['status'] }) {
  const needle = q.q?.trim();
  const like = needle ? `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await ctx.db
    .select()
    .from(quickReplies)
    .where(
      and(
        visibleTo(actor),
        q.scope ? eq(quickReplies.scope, q.scope) : undefined,
        q.status ? eq(quickReplies.status, q.status) : undefined,
        like
          ? or(
              sql`${quickReplies.name} ilike ${like}`,
              sql`${quickReplies.text} ilike ${like}`,
              sql`exists (select 1 from unnest(${quickReplies.tags}) t where t ilike ${like})`,
              sql`${quickReplies.initials} like ${`${needle!.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
            )
          : undefined,
      ),
    )
    .orderBy(desc(quickReplies.usageCount), quickReplies.name)
    .limit(200);
  const files = await attachmentsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(r, actor, files.get(r.id)));
}

async function loadSeen(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const [row] = await ctx.db
    .select()
    .from(quickReplies)
    .where(and(eq(quickReplies.id, id), isNull(quickReplies.deletedAt)));
  if (!row || !seesQuickReply(row, actor)) throw notFound('quick reply');
  return row;
}

async function loadOwned(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const row = await loadSeen(ctx, actor, id);
  const leadOfIt = row.scope === 'department' && row.org === actor.org && actor.lead;
  if (row.ownerUser !== actor.userId && !leadOfIt) throw forbidden('only its owner (or, for a department’s reply, the department’s lead) may change it');
  return row;
}

async function storeFiles(ctx: ServiceContext, replyId: string, list: AttachmentInput[] | undefined) {
  if (!list) return;
  await ctx.db.delete(quickReplyAttachments).where(eq(quickReplyAttachments.quickReplyId, replyId));
  const files = checkAttachments(ctx, list);
  if (files.length) await ctx.db.insert(quickReplyAttachments).values(files.map((f) => ({ ...f, quickReplyId: replyId })));
}

export interface QuickReplyInput {
  name: string;
  text: string;
  scope: QuickReplyScope;
  tags: string[];
  attachments?: AttachmentInput[];
}

export async function createQuickReply(ctx: ServiceContext, actor: Actor, input: QuickReplyInput) {
  assertKnownVariables(input.text);
  const refused = quickReplyScopeRefused(input.scope, actor);
  if (refused) throw forbidden(refused);
  const id = randomUUID();
  const [row] = await ctx.db
    .insert(quickReplies)
    .values({
      id,
      scope: input.scope,
      ownerUser: actor.userId,
      ownerName: actor.name ?? null,
      org: actor.org,
      name: input.name,
      text: input.text,
      tags: [...new Set(input.tags)],
      initials: initialsOf(input.name),
      // A province-wide reply waits for a reviewer before anyone else sees it.
      status: input.scope === 'province' ? 'pending' : 'approved',
    })
    .returning();
  await storeFiles(ctx, id, input.attachments);
  ctx.log.info({ quickReplyId: id, scope: input.scope, userId: actor.userId }, 'quick reply created');
  return view(row!, actor, (await attachmentsOf(ctx, [id])).get(id));
}

export async function updateQuickReply(ctx: ServiceContext, actor: Actor, id: string, patch: Partial<Omit<QuickReplyInput, 'scope'>>) {
  const row = await loadOwned(ctx, actor, id);
  if (patch.text !== undefined) assertKnownVariables(patch.text);
  const changedWords = patch.text !== undefined || patch.name !== undefined;
  const [updated] = await ctx.db
    .update(quickReplies)
    .set({
      ...(patch.name !== undefined ? { name: patch.name, initials: initialsOf(patch.name) } : {}),
      ...(patch.text !== undefined ? { text: patch.text } : {}),
      ...(patch.tags !== undefined ? { tags: [...new Set(patch.tags)] } : {}),
      // A province-wide reply whose words changed is approved again before others see the new words.
      ...(row.scope === 'province' && changedWords ? { status: 'pending' as const, reviewedBy: null, reviewedAt: null, rejectReason: null } : {}),
      updatedAt: new Date(),
    })
    .where(eq(quickReplies.id, id))
    .returning();
  await storeFiles(ctx, id, patch.attachments);
  return view(updated!, actor, (await attachmentsOf(ctx, [id])).get(id));
}

export async function deleteQuickReply(ctx: ServiceContext, actor: Actor, id: string) {
  await loadOwned(ctx, actor, id);
  await ctx.db.update(quickReplies).set({ deletedAt: new Date() }).where(eq(quickReplies.id, id));
}

/** A reviewer approves (or rejects) a province-wide reply: another person's, never their own. Audited. */
export async function reviewQuickReply(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  decision: { decision: 'approve' } | { decision: 'reject'; reason: string },
) {
  const row = await loadSeen(ctx, actor, id);
  if (row.scope !== 'province') throw invalidTransition('only province-wide replies are approved', { status: row.status, scope: row.scope });
  if (row.status !== 'pending') throw invalidTransition(`the reply is ${row.status} already`, { status: row.status });
  if (row.ownerUser === actor.userId) throw forbidden('another reviewer approves your own reply');
  const approve = decision.decision === 'approve';
  const [updated] = await ctx.db
    .update(quickReplies)
    .set({
      status: approve ? 'approved' : 'rejected',
      reviewedBy: actor.userId,
      reviewedAt: new Date(),
      rejectReason: approve ? null : decision.reason,
      updatedAt: new Date(),
    })
    .where(and(eq(quickReplies.id, id), eq(quickReplies.status, 'pending')))
    .returning();
  if (!updated) throw invalidTransition('the reply was reviewed meanwhile', { status: 'reviewed' });
  await audit(ctx.db, actor, approve ? 'quickReply.approve' : 'quickReply.reject', { type: 'quickReply', id }, approve ? {} : { reason: decision.reason });
  return view(updated, actor, (await attachmentsOf(ctx, [id])).get(id));
}

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** What a case fills into a reply's variables (a case the caller may not read is 404). */
export async function caseVariables(ctx: ServiceContext, actor: Actor, ref: { workOrderId?: string; applicationId?: string }) {
  const [order] = ref.workOrderId ? await ctx.db.select().from(workOrders).where(eq(workOrders.id, ref.workOrderId)) : [];
  if (ref.workOrderId && !order) throw notFound('work order');
  if (order) assertVisible(actor, [order.org, order.assignedOrg], 'work order');
  const applicationId = order?.applicationId ?? ref.applicationId;
  const [app] = applicationId ? await ctx.db.select().from(applications).where(eq(applications.id, applicationId)) : [];
  if (!app) throw notFound('application');
  if (!order) assertVisible(actor, [app.org], 'application');
  const orgNames = new Map(
    (
      await ctx.db
        .select()
        .from(organisations)
        .where(inArray(organisations.code, [app.org, ...(order ? [order.assignedOrg] : [])]))
    ).map((o) => [o.code, o.name]),
  );
  const deadline = order ? (order.currentDeadline ?? order.resolutionDeadline) : app.currentDeadline;
  const values: Record<QuickReplyVariable, string | null> = {
    工单编号: order?.number ?? null,
    申请单号: app.number,
    邮件号: app.mailNumber,
    客户姓名: app.customerName,
    处理时限: deadline ? shanghai.format(deadline) : null,
    问题类型: CATEGORY_NAMES[app.problemCategory] ?? app.problemCategory,
    处理部门: order ? (orgNames.get(order.assignedOrg) ?? order.assignedOrg) : null,
    受理网点: orgNames.get(app.org) ?? app.org,
    处理人: actor.name ?? actor.userId,
    当前日期: dateOnly.format(new Date()),
  };
  return values;
}

/** The reply filled from the case, with its files; the use is counted. */
export async function renderQuickReply(ctx: ServiceContext, actor: Actor, id: string, ref: { workOrderId?: string; applicationId?: string }) {
  if (!ref.workOrderId && !ref.applicationId) throw unprocessable('workOrderId', 'required', 'name the case: workOrderId or applicationId');
  const row = await loadSeen(ctx, actor, id);
  if (row.status !== 'approved' && row.ownerUser !== actor.userId)
    throw new AppError(409, 'NOT_APPROVED', 'this province-wide reply is not approved yet', { status: row.status });
  const values = await caseVariables(ctx, actor, ref);
  const files = await ctx.db
    .select({ name: quickReplyAttachments.name, contentType: quickReplyAttachments.contentType, content: quickReplyAttachments.content })
    .from(quickReplyAttachments)
    .where(eq(quickReplyAttachments.quickReplyId, id));
  await ctx.db
    .update(quickReplies)
    .set({ usageCount: sql`${quickReplies.usageCount} + 1`, lastUsedAt: new Date() })
    .where(eq(quickReplies.id, id));
  return {
    text: fillVariables(row.text, values),
    attachments: files.map((f) => ({ name: f.name, contentType: f.contentType, contentBase64: f.content.toString('base64') })),
  };
}
