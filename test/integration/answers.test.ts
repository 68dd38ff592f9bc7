// Answering faster on the real stack: quick replies (variables filled from the case, an unknown one
// refused, a province-wide one invisible until a reviewer approves it, pinyin initials, usage),
// search (a two-character word from a description found, a case the caller may not read not; a
// number goes straight to its case), saved views (the count is the list), the knowledge base (a
// closed case made a 案例 without the customer's name or phone; versions; links) and tags.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { history } from '../../db/schema.js';
import { approve, createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';
import { startTestService, type TestService } from '../helpers/service.js';

let s: TestService;
let t: ReturnType<typeof tokens>;
const lead = () => s.token('handler', 'dept-operations', 'dept-operations-lead');
const handler2 = () => s.token('handler', 'dept-operations', 'dept-operations-handler-2');

beforeAll(async () => {
  s = await startTestService();
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
});

const act = (id: string, action: string, token: string, body: unknown = {}) => s.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });

/** A dispatched order of dept-operations (category delay), with this demand and description. */
async function order(extra: Record<string, unknown> = {}) {
  const app = await createApplication(s, extra);
  const { workOrderId, workOrderNumber } = await approve(s, app.id);
  return { app, workOrderId, workOrderNumber };
}

describe('quick replies', () => {
  it('fills the variables from the case; an unknown variable is 422 when saving', async () => {
    const { app, workOrderId, workOrderNumber } = await order({ customer: { name: '李四', phone: '13912345678' } });
    const bad = await s.request('POST', '/v1/quick-replies', { token: t.handler, body: { name: '坏模板', text: '您好{{客户名字}}' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'text', rule: 'knownVariables' });
    expect(bad.body.error.message).toContain('{{客户名字}}');

    const created = await s.request('POST', '/v1/quick-replies', {
      token: t.handler,
      body: { name: '延误致歉', text: '{{客户姓名}}您好，工单{{工单编号}}（邮件{{邮件号}}）将于{{处理时限}}前处理完毕。', tags: ['延误'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: 'personal', status: 'approved', initials: 'ywzq', usageCount: 0 });

    const rendered = await s.request('POST', `/v1/quick-replies/${created.body.id}/render`, { token: t.handler, body: { workOrderId } });
    expect(rendered.status).toBe(200);
    expect(rendered.body.text).toContain(`李四您好，工单${workOrderNumber}（邮件${app.mailNumber}）将于`);
    expect(rendered.body.text).toMatch(/将于\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}前/);
    expect(rendered.body.text).not.toContain('{{');

    // Found by pinyin initials, a tag and words; the use was counted.
    for (const q of ['ywzq', '延误', '致歉']) {
      const list = await s.request('GET', `/v1/quick-replies?q=${encodeURIComponent(q)}`, { token: t.handler });
      expect(list.body.map((r: { id: string }) => r.id)).toContain(created.body.id);
    }
    const mine = await s.request('GET', '/v1/quick-replies?q=ywzq', { token: t.handler });
    expect(mine.body.find((r: { id: string }) => r.id === created.body.id).usageCount).toBe(1);
    // Personal: nobody else sees it, nor fills it.
    const other = await s.request('GET', '/v1/quick-replies?q=ywzq', { token: handler2() });
    expect(other.body.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    expect((await s.request('POST', `/v1/quick-replies/${created.body.id}/render`, { token: handler2(), body: { workOrderId } })).status).toBe(404);
    // A case the caller may not read fills nothing.
    expect(
      (await s.request('POST', `/v1/quick-replies/${created.body.id}/render`, { token: t.handler, body: { workOrderId: crypto.randomUUID() } })).status,
    ).toBe(404);
  });

  it('a province-wide reply is invisible to others until a reviewer approves it; a department reply is its lead’s', async () => {
    const name = `全省模板${randomBytes(2).toString('hex')}`;
    const proposed = await s.request('POST', '/v1/quick-replies', {
      token: t.handler,
      body: { name, text: '您好，{{问题类型}}问题已受理。', scope: 'province' },
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.status).toBe('pending');
    const seenBy = async (token: string) =>
      (await s.request('GET', `/v1/quick-replies?q=${encodeURIComponent(name)}`, { token })).body.map((r: { id: string }) => r.id) as string[];
    expect(await seenBy(t.office)).not.toContain(proposed.body.id);
    expect(await seenBy(handler2())).not.toContain(proposed.body.id);
    expect(await seenBy(t.handler)).toContain(proposed.body.id); // its owner
    expect(await seenBy(t.reviewer)).toContain(proposed.body.id); // to approve it

    expect((await s.request('POST', `/v1/quick-replies/${proposed.body.id}/review`, { token: t.handler, body: { decision: 'approve' } })).status).toBe(403);
    const approved = await s.request('POST', `/v1/quick-replies/${proposed.body.id}/review`, { token: t.reviewer, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(await seenBy(t.office)).toContain(proposed.body.id);
    expect(await seenBy(handler2())).toContain(proposed.body.id);

    expect((await s.request('POST', '/v1/quick-replies', { token: t.handler, body: { name: '部门模板', text: '部门回复', scope: 'department' } })).status).toBe(
      403,
    );
    const dept = await s.request('POST', '/v1/quick-replies', { token: lead(), body: { name: '部门模板', text: '部门回复', scope: 'department' } });
    expect(dept.status).toBe(201);
    const deptList = await s.request('GET', '/v1/quick-replies?scope=department', { token: handler2() });
    expect(deptList.body.map((r: { id: string }) => r.id)).toContain(dept.body.id);
  });
});

describe('search', () => {
  it('finds a case by a two-character word from its description, not one the caller may not read; a number opens its case', async () => {
    // Two made-up characters nobody else's text has, in the middle of a sentence.
    const word = ['箱鼓', '炉琴', '舟笛', '帆磬'][Math.floor(Math.random() * 4)]! + ['甲', '乙', '丙'][Math.floor(Math.random() * 3)]!;
    const two = word.slice(0, 2);
    const mine = await order({ description: `包裹外包装上写着${word}字样，客户很着急` });
    // The other office's (qingdao) case with the same words.
    const qingdao = await createApplication(
      s,
      { description: `青岛的件，也写着${word}字样`, mailNumber: await registerMailItem(s, { org: 'qingdao' }) },
      t.otherOffice,
    );

    const asOffice = await s.request('GET', `/v1/search?q=${encodeURIComponent(two)}`, { token: t.office });
    expect(asOffice.status).toBe(200);
    const officeHits = asOffice.body.items.map((h: { applicationId: string }) => h.applicationId);
    expect(officeHits).toContain(mine.app.id);
    expect(officeHits).not.toContain(qingdao.id);
    const hit = asOffice.body.items.find((h: { applicationId: string }) => h.applicationId === mine.app.id);
    expect(hit.snippet.filter((p: { hit: boolean }) => p.hit).map((p: { text: string }) => p.text)).toContain(two);

    // The province reads both; the other department neither; the handling department its order.
    const asReviewer = (await s.request('GET', `/v1/search?q=${encodeURIComponent(two)}`, { token: t.reviewer })).body.items.map(
      (h: { applicationId: string }) => h.applicationId,
    );
    expect(asReviewer).toEqual(expect.arrayContaining([mine.app.id, qingdao.id]));
    const asOtherDept = await s.request('GET', `/v1/search?q=${encodeURIComponent(two)}`, { token: t.otherHandler });
    expect(asOtherDept.body.items).toEqual([]);
    const asHandler = (await s.request('GET', `/v1/search?q=${encodeURIComponent(two)}`, { token: t.handler })).body.items.map(
      (h: { applicationId: string }) => h.applicationId,
    );
    expect(asHandler).toContain(mine.app.id);
    expect(asHandler).not.toContain(qingdao.id); // not approved: no order for any department yet

    // An internal note is found by the department, never by the office.
    const noteWord = `${two}内部`;
    expect((await act(mine.workOrderId, 'note', t.handler, { note: `部门内部记录：${noteWord}核实中` })).status).toBe(200);
    expect((await s.request('GET', `/v1/search?q=${encodeURIComponent(noteWord)}`, { token: t.handler })).body.items.length).toBe(1);
    expect((await s.request('GET', `/v1/search?q=${encodeURIComponent(noteWord)}`, { token: t.office })).body.items.length).toBe(0);

    // A reply is searchable by everyone who reads the case.
    expect((await act(mine.workOrderId, 'accept', t.handler)).status).toBe(200);
    expect((await act(mine.workOrderId, 'reply', t.handler, { result: `已联系投递员，${two}件明日送达`, customerAccepted: true })).status).toBe(200);
    const replied = await s.request('GET', `/v1/search?q=${encodeURIComponent(`${two}件明日`)}`, { token: t.office });
    expect(replied.body.items.map((h: { applicationId: string }) => h.applicationId)).toEqual([mine.app.id]);

    // Exact numbers go straight to the case, for those who may read it.
    const byNumber = await s.request('GET', `/v1/search?q=${mine.workOrderNumber}`, { token: t.handler });
    expect(byNumber.body.exact).toEqual({ field: 'workOrderNumber', kind: 'workOrder', id: mine.workOrderId });
    const byMail = await s.request('GET', `/v1/search?q=${mine.app.mailNumber}`, { token: t.office });
    expect(byMail.body.exact).toMatchObject({ field: 'mailNumber' });
    const notMine = await s.request('GET', `/v1/search?q=${qingdao.number}`, { token: t.office });
    expect(notMine.body.exact).toBeNull();
    expect(notMine.body.items).toEqual([]);

    // One character: the schema's pattern refuses it. Two, but no word once punctuation is dropped: the search's own rule.
    const tooShort = await s.request('GET', `/v1/search?q=${encodeURIComponent('箱')}`, { token: t.office });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.details[0]).toMatchObject({ field: 'querystring.q' });
    const noWords = await s.request('GET', `/v1/search?q=${encodeURIComponent('！？')}`, { token: t.office });
    expect(noWords.status).toBe(422);
    expect(noWords.body.error.details[0]).toMatchObject({ field: 'q', rule: 'minLength' });
  });

  it('a word in hundreds or in over 1,000 cases: the newest the caller may read, whether recent or mostly older than the newest 10,000', async () => {
    // Search reads only case_search: 30,000 documents written as the bench writes them (thousands of cases through the API would take minutes).
    const suffix = randomBytes(2).toString('hex');
    const [recent, old, fewer] = [`鼐鼑${suffix}`, `鼒鼓${suffix}`, `鼔鼕${suffix}`];
    await s.db.pool.query(
      `insert into case_search (application_id, number, mail_number, phone, org, created_at, head_text, public_lex, all_lex)
       select gen_random_uuid(), 'SQ-T-' || g, 'T' || g, '' , org, created_at, head, search_vector(head), search_vector(head)
       from (select g, case when g % 2 = 0 then 'jinan' else 'qingdao' end as org,
                    now() - interval '400 days' + g * interval '1 minute' as created_at,
                    case when g <= 2400 or g between 29001 and 29010 then '外包装写有' || $2 || '字样'
                         when g between 20001 and 21000 then '地址是' || $3 || '路'
                         when g > 16000 then '客户说' || $1 || '很急' else '无关' end as head
             from generate_series(1, 30000) g) d`,
      [recent, old, fewer],
    );
    for (const [word, newestNumber, officeFinds] of [
      [recent, 'SQ-T-30000', { total: 1000, more: true }], // 6,495 of jinan's, the newest among them: found in its newest 10,000
      [old, 'SQ-T-29010', { total: 1000, more: true }], // 1,205 of jinan's, all but 5 older than its newest 10,000
      [fewer, 'SQ-T-21000', { total: 500, more: false }], // 500 of jinan's, 1,000 in all: every match counted, the newest 200 picked
    ] as const) {
      const asOffice = await s.request('GET', `/v1/search?q=${encodeURIComponent(word)}&limit=50`, { token: t.office });
      expect(asOffice.status).toBe(200);
      expect(asOffice.body).toMatchObject(officeFinds);
      expect(asOffice.body.items).toHaveLength(50);
      expect(new Set(asOffice.body.items.map((h: { org: string }) => h.org))).toEqual(new Set(['jinan']));
      expect(asOffice.body.items[0].number).toBe(newestNumber);
      const asReviewer = await s.request('GET', `/v1/search?q=${encodeURIComponent(word)}`, { token: t.reviewer });
      expect(asReviewer.body.items.map((h: { number: string }) => h.number).slice(0, 2)).toEqual([newestNumber, `SQ-T-${Number(newestNumber.slice(5)) - 1}`]);
    }
  });
});

describe('saved views', () => {
  it("a view's count equals its list; shared with the department; published for all only by a lead", async () => {
    const tag = `视图${randomBytes(2).toString('hex')}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await order()).workOrderId);
    for (const id of ids) expect((await s.request('POST', `/v1/work-orders/${id}/tags`, { token: t.handler, body: { tag } })).status).toBe(200);
    // The office never tags.
    expect((await s.request('POST', `/v1/work-orders/${ids[0]}/tags`, { token: t.office, body: { tag } })).status).toBe(403);
    expect((await act(ids[0]!, 'claim', t.handler)).status).toBe(200);

    const view = await s.request('POST', '/v1/views', {
      token: t.handler,
      body: {
        name: '我的延误件',
        filters: { tags: [tag], category: ['delay'], open: true },
        columns: ['number', 'status', 'tags'],
        sort: { field: 'createdAt', direction: 'asc' },
      },
    });
    expect(view.status).toBe(201);
    expect(view.body.count).toBe(3);
    const page1 = await s.request('GET', `/v1/views/${view.body.id}/work-orders?limit=2`, { token: t.handler });
    const page2 = await s.request('GET', `/v1/views/${view.body.id}/work-orders?limit=2&cursor=${page1.body.nextCursor}`, { token: t.handler });
    const listed = [...page1.body.items, ...page2.body.items].map((w: { id: string }) => w.id);
    expect(listed).toEqual(ids);
    expect(page1.body.count).toBe(listed.length);
    expect(page1.body.items[0].tags).toEqual([tag]);

    const mineOnly = await s.request('POST', '/v1/views', { token: t.handler, body: { name: '我认领的', filters: { tags: [tag], assignee: 'me' } } });
    expect(mineOnly.body.count).toBe(1);
    const paused = await s.request('POST', '/v1/views', { token: t.handler, body: { name: '挂起', filters: { tags: [tag], paused: true } } });
    expect(paused.body.count).toBe(0);
    // Due within so many hours, as any JSON number says it (1e-7 once reached PostgreSQL as "1e-07 hours": a 500).
    const dueSoon = async (hours: number) =>
      (await s.request('POST', '/v1/views', { token: t.handler, body: { name: '将到期', filters: { tags: [tag], remainingHoursAtMost: hours } } })).body.count;
    expect(await dueSoon(1e-7)).toBe(0);
    expect(await dueSoon(10_000)).toBe(3);

    // Personal until shared: then the department sees it, counted for each reader.
    const names = async (token: string) => (await s.request('GET', '/v1/views', { token })).body.map((v: { id: string }) => v.id) as string[];
    expect(await names(handler2())).not.toContain(view.body.id);
    expect((await s.request('PATCH', `/v1/views/${view.body.id}`, { token: t.handler, body: { scope: 'department' } })).status).toBe(200);
    expect(await names(handler2())).toContain(view.body.id);
    expect(await names(t.otherHandler)).not.toContain(view.body.id);
    expect((await s.request('PATCH', `/v1/views/${view.body.id}`, { token: t.handler, body: { scope: 'public' } })).status).toBe(403);
    const published = await s.request('POST', '/v1/views', { token: lead(), body: { name: '全部门超时', scope: 'public', filters: { tags: [tag] } } });
    expect(published.status).toBe(201);
    const forOther = (await s.request('GET', '/v1/views', { token: t.otherHandler })).body.find((v: { id: string }) => v.id === published.body.id);
    expect(forOther.count).toBe(0); // the other department reads none of these orders
  });
});

describe('knowledge base and case library', () => {
  it('a closed case becomes a draft 案例 without the customer’s name and phone, published by a reviewer, linked and counted', async () => {
    const { app, workOrderId } = await order({
      customer: { name: '王小明', phone: '13812345678' },
      description: '王小明说包裹延误三天，电话13812345678，备用0531-88886666',
    });
    expect((await act(workOrderId, 'accept', t.handler)).status).toBe(200);
    expect((await act(workOrderId, 'reply', t.handler, { result: '已致电王小明（13812345678），包裹已投递', customerAccepted: true })).status).toBe(200);
    expect((await s.request('POST', `/v1/work-orders/${workOrderId}/case-article`, { token: t.reviewer })).status).toBe(409); // not closed yet
    expect((await act(workOrderId, 'close', t.reviewer, { meetsStandard: true })).status).toBe(200);

    const made = await s.request('POST', `/v1/work-orders/${workOrderId}/case-article`, { token: t.reviewer });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'case', status: 'draft', category: 'delay', sourceWorkOrderId: workOrderId, linkedCases: 1 });
    for (const secret of ['王小明', '13812345678', '0531-88886666']) expect(made.body.body).not.toContain(secret);
    expect(made.body.body).toContain('包裹已投递');
    expect(app.id).toBeTruthy();

    // Drafts are not for the office; the handler edits (a version naming the change); a reviewer publishes.
    expect((await s.request('GET', `/v1/articles/${made.body.id}`, { token: t.office })).status).toBe(404);
    const edited = await s.request('PATCH', `/v1/articles/${made.body.id}`, {
      token: t.handler,
      body: { body: `${made.body.body}\n\n<script>alert(1)</script> [链接](javascript:alert(1))` },
    });
    expect(edited.body.version).toBe(2);
    expect((await s.request('POST', `/v1/articles/${made.body.id}/publish`, { token: t.handler })).status).toBe(403);
    const published = await s.request('POST', `/v1/articles/${made.body.id}/publish`, { token: t.reviewer });
    expect(published.body).toMatchObject({ status: 'published', version: 3 });
    const detail = await s.request('GET', `/v1/articles/${made.body.id}`, { token: t.office });
    expect(detail.status).toBe(200);
    expect(detail.body.versions.map((v: { changes: string[]; changedBy: { userId: string } }) => [v.changes, v.changedBy.userId])).toEqual([
      [['published'], 'reviewer-1'],
      [['body'], 'dept-operations-handler-1'],
      [['created from a case'], 'reviewer-1'],
    ]);

    // Suggested on another delay case; linked, it counts two cases.
    const next = await order({ description: '包裹延误很多天了' });
    const suggestions = await s.request('GET', `/v1/work-orders/${next.workOrderId}/articles`, { token: t.handler });
    expect(suggestions.body.suggested.map((a: { id: string }) => a.id)).toContain(made.body.id);
    const linked = await s.request('PUT', `/v1/work-orders/${next.workOrderId}/articles/${made.body.id}`, { token: t.handler });
    expect(linked.body.linked.map((a: { id: string }) => a.id)).toEqual([made.body.id]);
    expect(linked.body.linked[0].linkedCases).toBe(2);
  });

  it('tags write a history entry inside the department', async () => {
    const { workOrderId } = await order();
    await s.request('POST', `/v1/work-orders/${workOrderId}/tags`, { token: t.handler, body: { tag: '重点' } });
    await s.request('POST', `/v1/work-orders/${workOrderId}/tags`, { token: t.handler, body: { tag: '重点' } });
    const entries = await s.db.db.select().from(history).where(eq(history.caseId, workOrderId));
    expect(entries.filter((h) => h.action === 'tagged')).toHaveLength(1);
    expect(entries.find((h) => h.action === 'tagged')?.visibility).toBe('department');
    const officeView = await s.request('GET', `/v1/work-orders/${workOrderId}`, { token: t.office });
    expect(officeView.body.history.map((h: { action: string }) => h.action)).not.toContain('tagged');
  });
});
