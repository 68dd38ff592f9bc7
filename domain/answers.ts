// Answering faster (issue 28), the rules: quick replies and their variables, who may share what,
// the search words of a text (the same as the database's search_lexemes), saved views' vocabulary
// and the bulk actions. Pure.
import type { Actor, Role } from './vocabulary.js';

// ── Quick replies (快捷回复) ──

export const QUICK_REPLY_SCOPES = ['personal', 'department', 'province'] as const;
export type QuickReplyScope = (typeof QUICK_REPLY_SCOPES)[number];

/** The people who type answers: everyone who reads cases, not systems. */
export const QUICK_REPLY_USERS: Role[] = ['office', 'handler', 'reviewer', 'supervisor'];
/** Who approves a province-wide reply before others see it. */
export const QUICK_REPLY_APPROVERS: Role[] = ['reviewer'];

/** What a case fills in: {{工单编号}} and the others, each with where its value comes from. */
export const QUICK_REPLY_VARIABLES = [
  '工单编号',
  '申请单号',
  '邮件号',
  '客户姓名',
  '处理时限',
  '问题类型',
  '处理部门',
  '受理网点',
  '处理人',
  '当前日期',
] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A problem category as a reply or an article title names it. */
export const CATEGORY_NAMES: Record<string, string> = {
  loss: '丢失',
  damage: '破损',
  shortage: '短少',
  delay: '延误',
  misrouted: '错发',
  returned_item: '退回件',
  forwarded_item: '转寄件',
  collection_quality: '收寄质量',
  delivery_service: '投递服务',
  out_of_area: '超区转件',
  compensation: '理赔/仲裁',
};

/** The variables a text names that no case can fill (a 422 when saving). */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) if (!(QUICK_REPLY_VARIABLES as readonly string[]).includes(m[1]!)) unknown.add(m[1]!);
  // A brace pair left open is no variable either: it would be sent as it is.
  if (/\{\{(?![^{}]*\}\})/.test(text)) unknown.add('{{');
  return [...unknown];
}

/** The text with every variable filled (a value the case does not have yet is left empty, never sent as braces). */
export const fillVariables = (text: string, values: Partial<Record<QuickReplyVariable, string | null>>) =>
  text.replace(VARIABLE, (_m, name: string) => values[name as QuickReplyVariable] ?? '');

/** Why `actor` may not keep a reply of `scope` (undefined: they may). A province-wide one waits for a reviewer. */
export function quickReplyScopeRefused(scope: QuickReplyScope, actor: Actor): string | undefined {
  if (scope === 'department' && !actor.lead) return "only the organisation's lead may keep replies for the whole department";
  return undefined;
}

/** Who sees a reply: its owner always; a department's people once kept; everyone once a reviewer approved a province-wide one (reviewers see the pending ones to approve them). */
export function seesQuickReply(
  r: { scope: QuickReplyScope; ownerUser: string; org: string; status: 'approved' | 'pending' | 'rejected' },
  actor: Actor,
): boolean {
  if (r.ownerUser === actor.userId) return true;
  if (r.scope === 'personal') return false;
  if (r.scope === 'department') return r.org === actor.org;
  return r.status === 'approved' || QUICK_REPLY_APPROVERS.includes(actor.role as Role);
}

// ── Case tags, the knowledge base ──

/** Tags are the handling side's own labels: never shown to the office. */
export const TAGGERS: Role[] = ['handler', 'reviewer', 'supervisor'];
export const ARTICLE_READERS: Role[] = ['handler', 'reviewer', 'supervisor', 'office'];
export const ARTICLE_EDITORS: Role[] = ['handler', 'reviewer', 'supervisor'];
export const ARTICLE_PUBLISHERS: Role[] = ['reviewer'];

/**
 * A case's text as a 案例 may keep it: the customer's name and phone (and any other mobile or
 * landline number) replaced, so the article names nobody.
 */
export function anonymised(text: string, customer: { name: string; phone: string }): string {
  let out = text;
  if (customer.phone) out = out.split(customer.phone).join('***');
  if (customer.name.trim()) out = out.split(customer.name.trim()).join('客户');
  // Mobile numbers (1xx xxxx xxxx) and landlines (0xxx-xxxxxxx) anywhere else in the text.
  return out.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, '***').replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, '***');
}

// ── Search ──

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const RUNS = new RegExp(`([${CJK}]+)|([a-z0-9]+)`, 'g');

/** The lexemes of a text: each pair of neighbouring Chinese characters, each Latin word or number whole (as migration 0020's search_lexemes). */
export function searchLexemes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(RUNS)) {
    if (m[1]) {
      const chars = [...m[1]];
      if (chars.length === 1) out.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else out.push(m[2]!);
  }
  return out;
}

/** A query's words (split at spaces), each to be found whole in a case's text. */
export const searchTerms = (q: string) =>
  q
    .toLowerCase()
    .split(/[\s\u3000]+/)
    .map((w) => w.trim())
    .filter((w) => searchLexemes(w).length > 0);

/** A tsquery: every lexeme of every term (quoted: no operator inside a term). */
export function searchTsQuery(terms: string[]): string {
  const lexemes = [...new Set(terms.flatMap(searchLexemes))];
  return lexemes.map((l) => `'${l.replace(/'/g, "''")}'`).join(' & ');
}

/** What a search box holds when it names one case: 申请单号, 工单编号, 邮件号 or a phone number. */
export function exactKey(q: string): { field: 'number' | 'workOrderNumber' | 'mailNumber' | 'phone'; value: string } | undefined {
  const v = q.trim().toUpperCase();
  if (/^SQ-\d{8}-[A-Z0-9]{1,12}$/.test(v)) return { field: 'number', value: v };
  if (/^GD-\d{8}-[A-Z0-9]{1,12}$/.test(v)) return { field: 'workOrderNumber', value: v };
  if (/^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v)) return { field: 'phone', value: q.trim() };
  if (/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(v) || /^[A-Z0-9]{10,40}$/.test(v)) return { field: 'mailNumber', value: v };
  return undefined;
}

/** A piece of a snippet: the matched words marked, the rest plain (the console renders text, never HTML). */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** How well a text answers the terms: occurrences, the demand and description counting three times. */
export function searchScore(head: string, rest: string, terms: string[]): number {
  const count = (s: string, w: string) => (w ? s.toLowerCase().split(w).length - 1 : 0);
  return terms.reduce((n, w) => n + 3 * count(head, w) + count(rest, w), 0);
}

/** Up to `width` characters around the first hit of any term, with every hit marked. */
export function snippet(text: string, terms: string[], width = 80): SnippetPart[] {
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((w) => lower.indexOf(w)).filter((i) => i >= 0));
  if (!Number.isFinite(first)) return [];
  const start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  const window = text.slice(start, end).replace(/\s+/g, ' ');
  const parts: SnippetPart[] = [];
  const windowLower = window.toLowerCase();
  let at = 0;
  while (at < window.length) {
    let next = -1;
    let len = 0;
    for (const w of terms) {
      const i = windowLower.indexOf(w, at);
      if (i >= 0 && (next < 0 || i < next || (i === next && w.length > len))) {
        next = i;
        len = w.length;
      }
    }
    if (next < 0) {
      parts.push({ text: window.slice(at), hit: false });
      break;
    }
    if (next > at) parts.push({ text: window.slice(at, next), hit: false });
    parts.push({ text: window.slice(next, next + len), hit: true });
    at = next + len;
  }
  if (start > 0) parts.unshift({ text: '…', hit: false });
  if (end < text.length) parts.push({ text: '…', hit: false });
  return parts;
}

// ── Saved views and bulk actions ──

export const VIEW_SCOPES = ['personal', 'department', 'public'] as const;
export type ViewScope = (typeof VIEW_SCOPES)[number];

/** Who may share a view how: anyone with their department; a lead (or the province's reviewers and supervisors) for everyone. */
export function viewScopeRefused(scope: ViewScope, actor: Actor): string | undefined {
  if (scope === 'public' && !actor.lead && !['reviewer', 'supervisor'].includes(actor.role)) return 'only a lead may publish a view for everyone';
  return undefined;
}

export const VIEW_COLUMNS = [
  'number',
  'mailNumber',
  'status',
  'category',
  'assignedOrg',
  'assignee',
  'clock',
  'remaining',
  'transferCount',
  'tags',
  'createdAt',
  'updatedAt',
] as const;
export const VIEW_SORTS = ['deadline', 'createdAt', 'updatedAt', 'transferCount'] as const;
export const VIEW_CLOCK_STATES = ['running', 'warning', 'overdue', 'paused'] as const;

/** What may be done to many orders at once; each item goes through the single action's rules. */
export const BULK_ACTIONS = ['assign', 'transfer', 'pause', 'urge', 'close', 'addTag', 'quickReply'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_MAX_ITEMS = 500;
/** The actions a quick reply may be sent as, each the single action of that name. */
export const QUICK_REPLY_SENDS = ['reply', 'note', 'ask', 'append', 'urge'] as const;
