// 知识库 / 案例库: articles in Markdown (the console renders them without HTML), every change a
// version naming who changed what; linked with cases; suggested on a case from its category and
// words; a closed case made into a draft 案例 without the customer's name or phone, published by a reviewer.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { applications, articleLinks, articles, articleVersions, history, workOrders } from '../../db/schema.js';
import { anonymised, ARTICLE_PUBLISHERS, CATEGORY_NAMES, searchLexemes, searchTsQuery } from '../../domain/answers.js';
import type { Actor, ProblemCategory, Role } from '../../domain/vocabulary.js';
import { audit } from '../auth/audit.js';
import type { ServiceContext } from '../context.js';
import { forbidden, invalidTransition, notFound } from '../errors.js';
import { assertVisible } from './scope.js';

type Row = typeof articles.$inferSelect;

export interface ArticleInput {
  kind: 'knowledge' | 'case';
  title: string;
  body: string;
  category: ProblemCategory | null;
  tags: string[];
}

/** Drafts are for the handling side; the office reads published articles only. */
const readable = (actor: Actor) => (actor.role === 'office' ? eq(articles.status, 'published') : undefined);

async function linkCounts(ctx: ServiceContext, ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const rows = await ctx.db
    .select({ id: articleLinks.articleId, n: count() })
    .from(articleLinks)
    .where(inArray(articleLinks.articleId, ids))
    .groupBy(articleLinks.articleId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

const viewOf = (r: Row, links: number) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  category: r.category,
  tags: r.tags,
  status: r.status,
  version: r.version,
  sourceWorkOrderId: r.sourceWorkOrderId,
  linkedCases: links,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
  publishedAt: r.publishedAt?.toISOString() ?? null,
});

async function views(ctx: ServiceContext, rows: Row[]) {
  const links = await linkCounts(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => viewOf(r, links.get(r.id) ?? 0));
}

export async function listArticles(
  ctx: ServiceContext,
  actor: Actor,
  q: { q?: string; kind?: Row['kind']; category?: ProblemCategory; status?: Row['status'] },
) {
  const terms = q.q
    ? q.q
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => searchLexemes(w).length)
    : [];
  const rows = await ctx.db
    .select()
    .from(articles)
    .where(
      and(
        readable(actor),
        q.kind ? eq(articles.kind, q.kind) : undefined,
        q.category ? eq(articles.category, q.category) : undefined,
        q.status ? eq(articles.status, q.status) : undefined,
        terms.length ? sql`${articles.lex} @@ ${searchTsQuery(terms)}::tsquery` : undefined,
        ...terms.map(
          (w) => sql`strpos(lower(${articles.title} || chr(10) || ${articles.body} || chr(10) || array_to_string(${articles.tags}, ' ')), ${w}) > 0`,
        ),
      ),
    )
    .orderBy(desc(articles.updatedAt))
    .limit(200);
  return views(ctx, rows);
}

async function load(ctx: ServiceContext, actor: Actor, id: string): Promise<Row> {
  const [row] = await ctx.db
    .select()
    .from(articles)
    .where(and(eq(articles.id, id), readable(actor)));
  if (!row) throw notFound('article');
  return row;
}

export async function getArticle(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await load(ctx, actor, id);
  const versions = await ctx.db.select().from(articleVersions).where(eq(articleVersions.articleId, id)).orderBy(desc(articleVersions.version));
  const [view] = await views(ctx, [row]);
  return {
    ...view!,
    versions: versions.map((v) => ({
      version: v.version,
      title: v.title,
      body: v.body,
      category: v.category,
      tags: v.tags,
      status: v.status,
      changes: v.changes,
      changedBy: { userId: v.changedBy, name: v.changedByName },
      changedAt: v.changedAt.toISOString(),
    })),
  };
}

type Tx = Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0];

async function recordVersion(tx: Tx, row: Row, actor: Actor, changes: string[]) {
  await tx.insert(articleVersions).values({
    articleId: row.id,
    version: row.version,
    title: row.title,
    body: row.body,
    category: row.category,
    tags: row.tags,
    status: row.status,
    changes,
    changedBy: actor.userId,
    changedByName: actor.name ?? null,
  });
}

export async function createArticle(ctx: ServiceContext, actor: Actor, input: ArticleInput, source?: string) {
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(articles)
      .values({
        id: randomUUID(),
        ...input,
        tags: [...new Set(input.tags)],
        sourceWorkOrderId: source ?? null,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .returning();
    await recordVersion(tx, created!, actor, [source ? 'created from a case' : 'created']);
    if (source) await tx.insert(articleLinks).values({ articleId: created!.id, workOrderId: source, linkedBy: actor.userId });
    return created!;
  });
  ctx.log.info({ articleId: row.id, kind: row.kind, userId: actor.userId }, 'article created');
  return (await views(ctx, [row]))[0]!;
}

/** An edit is a new version naming the fields it changed; a published article's words stay published (the version says who changed them). */
export async function updateArticle(ctx: ServiceContext, actor: Actor, id: string, patch: Partial<Omit<ArticleInput, 'kind'>>) {
  const row = await load(ctx, actor, id);
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(row[k]));
  if (!changed.length) return (await views(ctx, [row]))[0]!;
  const updated = await ctx.db.transaction(async (tx) => {
    const [next] = await tx
      .update(articles)
      .set({ ...patch, version: sql`${articles.version} + 1`, updatedBy: actor.userId, updatedAt: new Date() })
      .where(and(eq(articles.id, id), eq(articles.version, row.version)))
      .returning();
    if (!next) throw invalidTransition('the article changed meanwhile: load it again', { version: row.version });
    await recordVersion(tx, next, actor, changed);
    return next;
  });
  return (await views(ctx, [updated]))[0]!;
}

/** A reviewer publishes a draft: from then on everyone who reads articles sees it. Audited. */
export async function publishArticle(ctx: ServiceContext, actor: Actor, id: string) {
  if (!ARTICLE_PUBLISHERS.includes(actor.role as Role)) throw forbidden(`only ${ARTICLE_PUBLISHERS.join(', ')} may publish`);
  const row = await load(ctx, actor, id);
  if (row.status === 'published') throw invalidTransition('the article is published already', { status: row.status });
  const updated = await ctx.db.transaction(async (tx) => {
    const [next] = await tx
      .update(articles)
      .set({
        status: 'published',
        version: sql`${articles.version} + 1`,
        publishedBy: actor.userId,
        publishedAt: new Date(),
        updatedBy: actor.userId,
        updatedAt: new Date(),
      })
      .where(and(eq(articles.id, id), eq(articles.status, 'draft')))
      .returning();
    if (!next) throw invalidTransition('the article was published meanwhile', { status: 'published' });
    await recordVersion(tx, next, actor, ['published']);
    return next;
  });
  await audit(ctx.db, actor, 'article.publish', { type: 'article', id });
  return (await views(ctx, [updated]))[0]!;
}

async function visibleOrder(ctx: ServiceContext, actor: Actor, workOrderId: string) {
  const [order] = await ctx.db.select().from(workOrders).where(eq(workOrders.id, workOrderId));
  if (!order) throw notFound('work order');
  assertVisible(actor, [order.org, order.assignedOrg], 'work order');
  return order;
}

export async function linkArticle(ctx: ServiceContext, actor: Actor, workOrderId: string, articleId: string) {
  await visibleOrder(ctx, actor, workOrderId);
  await load(ctx, actor, articleId);
  await ctx.db.insert(articleLinks).values({ articleId, workOrderId, linkedBy: actor.userId }).onConflictDoNothing();
  return caseArticles(ctx, actor, workOrderId);
}

export async function unlinkArticle(ctx: ServiceContext, actor: Actor, workOrderId: string, articleId: string) {
  await visibleOrder(ctx, actor, workOrderId);
  await ctx.db.delete(articleLinks).where(and(eq(articleLinks.articleId, articleId), eq(articleLinks.workOrderId, workOrderId)));
  return caseArticles(ctx, actor, workOrderId);
}

/**
 * A case's articles: those linked to it, and suggestions — published articles of its category or
 * sharing words with its demand and description, the more shared words the higher.
 */
export async function caseArticles(ctx: ServiceContext, actor: Actor, workOrderId: string) {
  const order = await visibleOrder(ctx, actor, workOrderId);
  const [app] = await ctx.db.select().from(applications).where(eq(applications.id, order.applicationId));
  const linkedRows = await ctx.db
    .select({ a: articles })
    .from(articleLinks)
    .innerJoin(articles, eq(articles.id, articleLinks.articleId))
    .where(and(eq(articleLinks.workOrderId, workOrderId), readable(actor)));
  const linked = linkedRows.map((r) => r.a);
  const words = [...new Set(searchLexemes(`${app?.demand ?? ''}\n${app?.description ?? ''}`))];
  const anyWord = words.length ? words.map((l) => `'${l.replace(/'/g, "''")}'`).join(' | ') : null;
  const score = anyWord
    ? sql<number>`(case when ${articles.category} = ${order.problemCategory} then 1 else 0 end) + ts_rank(${articles.lex}, ${anyWord}::tsquery) * 10`
    : sql<number>`(case when ${articles.category} = ${order.problemCategory} then 1 else 0 end)`;
  const suggested = await ctx.db
    .select({ a: articles, score })
    .from(articles)
    .where(
      and(
        eq(articles.status, 'published'),
        linked.length
          ? sql`${articles.id} not in (${sql.join(
              linked.map((l) => sql`${l.id}`),
              sql`, `,
            )})`
          : undefined,
        anyWord
          ? sql`(${articles.category} = ${order.problemCategory} or ${articles.lex} @@ ${anyWord}::tsquery)`
          : eq(articles.category, order.problemCategory),
      ),
    )
    .orderBy(desc(score), desc(articles.updatedAt))
    .limit(5);
  const all = await views(ctx, [...linked, ...suggested.map((s) => s.a)]);
  return {
    linked: all.slice(0, linked.length),
    suggested: all.slice(linked.length).map((v, i) => ({ ...v, score: Math.round(Number(suggested[i]!.score) * 100) / 100 })),
  };
}

/**
 * 从工单生成案例: a closed case becomes a draft 案例 — the demand, the description, what was done
 * (replies, appended information, the closure) — with the customer's name and phone removed.
 */
export async function articleFromCase(ctx: ServiceContext, actor: Actor, workOrderId: string) {
  const order = await visibleOrder(ctx, actor, workOrderId);
  if (order.status !== 'closed') throw invalidTransition('only a closed case becomes a 案例', { status: order.status });
  const [app] = await ctx.db.select().from(applications).where(eq(applications.id, order.applicationId));
  const entries = await ctx.db
    .select()
    .from(history)
    .where(and(inArray(history.caseId, [order.id, order.applicationId]), eq(history.visibility, 'all')))
    .orderBy(history.at, history.id);
  const customer = { name: app!.customerName, phone: app!.customerPhone };
  const clean = (s: string | null | undefined) => anonymised(s ?? '', customer).trim();
  const steps = entries
    .map((h) => {
      const d = h.detail as Record<string, unknown>;
      const words = ['result', 'info', 'question', 'reason', 'note'].map((k) => (typeof d[k] === 'string' ? (d[k] as string) : '')).filter(Boolean);
      return words.length ? `- ${h.action}：${clean(words.join('；'))}` : null;
    })
    .filter((s): s is string => s !== null);
  const body = [
    '## 客户诉求',
    clean(app!.demand),
    ...(app!.description ? ['', '## 情况说明', clean(app!.description)] : []),
    '',
    '## 处理经过',
    ...(steps.length ? steps : ['- （无）']),
    '',
    '## 处理结果',
    clean(order.result) || '（无）',
    '',
    `结案：${order.meetsStandard ? '符合结案标准' : '未达结案标准'}`,
  ].join('\n');
  return createArticle(
    ctx,
    actor,
    {
      kind: 'case',
      title: `${CATEGORY_NAMES[order.problemCategory] ?? order.problemCategory}案例：${order.number}`,
      body,
      category: order.problemCategory,
      tags: [],
    },
    order.id,
  );
}
