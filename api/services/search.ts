// One search box: a 申请单号, 工单编号, 邮件号 or phone number opens its case; any other words are
// found in the cases' text (case_search, kept by triggers: migration 0020), scoped as the case reads
// are — an office its own applications, a department the orders it holds, the province all; the
// department's internal notes only for those who read them on the case page (not the office).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CUSTOM_PLAN } from '../../db/client.js';
import { caseSearch } from '../../db/schema.js';
import { exactKey, searchLexemes, searchScore, searchTerms, searchTsQuery, snippet } from '../../domain/answers.js';
import type { Actor } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { unprocessable } from '../errors.js';
import { seesAllOrgs } from './scope.js';

/** Newest first as the indexes keep it (DESC NULLS LAST: a plain DESC would not use them). */
const newestFirst = sql`${caseSearch.createdAt} desc nulls last`;

/** The newest matches ranked among themselves: a word in most cases still answers at once. */
const CANDIDATES = 200;
const COUNT_CAP = 1000;
/**
 * How many of the scope's newest documents a word with over 1,000 matches is looked for in before
 * all its matches are. The planner takes the AND of a phrase's bigrams for rare (five common
 * bigrams: 11 rows expected, 100,628 found at 1,000,000 cases) and would fetch and sort every match
 * (450 ms); the newest 10,000 in created_at order hold 200 of a word in 2 % of them on average
 * (2–16 ms). A word common once but rare lately still pays for all its matches.
 */
const RECENT = 10_000;

/** The scope's newest documents, under the table's own name so the same conditions read them. */
const recentOf = (ctx: ServiceContext, where: SQL | undefined) =>
  ctx.db.select().from(caseSearch).where(where).orderBy(newestFirst).limit(RECENT).as('case_search');

/** The documents a caller may read (SQL), and whether internal notes are theirs to search. */
function scopeOf(actor: Actor): { where: SQL | undefined; internal: boolean } {
  if (seesAllOrgs(actor)) return { where: undefined, internal: actor.role !== 'office' };
  if (actor.role === 'office') return { where: eq(caseSearch.org, actor.org), internal: false };
  if (actor.role === 'handler') return { where: eq(caseSearch.assignedOrg, actor.org), internal: true };
  return { where: sql`false`, internal: false };
}

export async function search(ctx: ServiceContext, actor: Actor, q: { q: string; limit: number }) {
  const started = performance.now();
  const scope = scopeOf(actor);
  const key = exactKey(q.q);
  if (key) {
    const column = { number: caseSearch.number, workOrderNumber: caseSearch.workOrderNumber, mailNumber: caseSearch.mailNumber, phone: caseSearch.phone }[
      key.field
    ];
    const rows = await ctx.db
      .select()
      .from(caseSearch)
      .where(and(eq(column, key.value), scope.where))
      .orderBy(newestFirst)
      .limit(q.limit + 1);
    if (rows.length === 1 || (rows.length > 0 && key.field !== 'mailNumber' && key.field !== 'phone')) {
      const r = rows[0]!;
      // A handler reads the order; the others open the case where it stands (the order once there is one).
      const kind = r.workOrderId && (key.field !== 'number' || actor.role === 'handler') ? 'workOrder' : 'application';
      const exact = { field: key.field, kind, id: kind === 'workOrder' ? r.workOrderId! : r.applicationId } as const;
      return { exact, items: [] as ReturnType<typeof hitOf>[], total: 1, more: false, tookMs: Math.round(performance.now() - started) };
    }
    if (rows.length > 1)
      return {
        exact: null,
        items: rows.slice(0, q.limit).map((r) => hitOf(r, 0, [])),
        total: rows.length,
        more: false,
        tookMs: Math.round(performance.now() - started),
      };
    // Nothing the caller may read has that number: look for it as words too (a number in a note).
  }
  const terms = searchTerms(q.q);
  const lexemeCount = terms.flatMap(searchLexemes).length;
  if (lexemeCount === 0 || [...terms.join('')].length < 2)
    throw unprocessable('q', 'minLength', 'search for at least 2 characters (or a 申请单号, 工单编号, 邮件号 or phone number)');
  const lex = scope.internal ? caseSearch.allLex : caseSearch.publicLex;
  const text = scope.internal
    ? sql`${caseSearch.headText} || chr(10) || ${caseSearch.bodyText} || chr(10) || ${caseSearch.internalText}`
    : sql`${caseSearch.headText} || chr(10) || ${caseSearch.bodyText}`;
  const tsq = searchTsQuery(terms);
  // Planned for these words each time (a rare word and a common one want different plans).
  const matches = and(sql`${sql.raw(CUSTOM_PLAN)} ${lex} @@ ${tsq}::tsquery`, ...terms.map((w) => sql`strpos(lower(${text}), ${w}) > 0`), scope.where);
  // Up to 1,001 matches, as ids: the total, and — when that is all of them — the newest 200 picked here.
  const found = await ctx.db
    .select({ id: caseSearch.applicationId, createdAt: caseSearch.createdAt })
    .from(caseSearch)
    .where(matches)
    .limit(COUNT_CAP + 1);
  const n = found.length;
  const newest = (from: typeof caseSearch | ReturnType<typeof recentOf>) => ctx.db.select().from(from).where(matches).orderBy(newestFirst).limit(CANDIDATES);
  let candidates: (typeof caseSearch.$inferSelect)[];
  if (n <= COUNT_CAP) {
    const ids = found
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, CANDIDATES)
      .map((r) => r.id);
    candidates = ids.length ? await ctx.db.select().from(caseSearch).where(inArray(caseSearch.applicationId, ids)) : [];
  } else {
    // A common word: among the scope's newest documents first; among all its matches when it is rare lately.
    candidates = await newest(recentOf(ctx, scope.where));
    if (candidates.length < CANDIDATES) candidates = await newest(caseSearch);
  }
  const ranked = candidates
    .map((r) => {
      const rest = scope.internal ? `${r.bodyText}\n${r.internalText}` : r.bodyText;
      return { r, score: searchScore(r.headText, rest, terms), rest };
    })
    .sort((a, b) => b.score - a.score || b.r.createdAt.getTime() - a.r.createdAt.getTime())
    .slice(0, q.limit);
  const items = ranked.map(({ r, score, rest }) => hitOf(r, score, snippetOf(r.headText, rest, terms)));
  const tookMs = Math.round(performance.now() - started);
  ctx.log.debug({ q: q.q, total: n, tookMs }, 'search');
  return { exact: null, items, total: Math.min(n, COUNT_CAP), more: n > COUNT_CAP, tookMs };
}

/** The snippet from the demand when the words are there, else from the rest of the case. */
const snippetOf = (head: string, rest: string, terms: string[]) => {
  const fromHead = snippet(head, terms);
  return fromHead.some((p) => p.hit) ? fromHead : snippet(rest, terms);
};

function hitOf(r: typeof caseSearch.$inferSelect, score: number, parts: { text: string; hit: boolean }[]) {
  return {
    applicationId: r.applicationId,
    workOrderId: r.workOrderId,
    number: r.number,
    workOrderNumber: r.workOrderNumber,
    mailNumber: r.mailNumber,
    org: r.org,
    assignedOrg: r.assignedOrg,
    createdAt: r.createdAt.toISOString(),
    score,
    snippet: parts.length ? parts : [{ text: r.headText.slice(0, 80), hit: false }],
  };
}
