// Answering faster in the browser: a quick reply fills the reply form from the case; a province-wide
// reply reaches others only after a reviewer approves it on the page; the header's search box finds
// a case by a two-character word (and not another office's); a saved view's menu count equals its
// list, and a bulk tag on its selection reports each item; an article's Markdown runs no script.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approve, createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';
import { consoleForFile, dialog } from './console.js';

const c = consoleForFile();
const api = (method: string, url: string, token: string, body?: unknown) => c.s.request(method, url, { token, body });

async function order(extra: Record<string, unknown> = {}) {
  const app = await createApplication(c.s, extra);
  return { app, ...(await approve(c.s, app.id)) };
}

describe('quick replies in the console', () => {
  it('fills the reply form from the case, and a province-wide reply appears to others once approved', async () => {
    const t = tokens(c.s);
    const { workOrderId, workOrderNumber } = await order({ customer: { name: '赵六', phone: '13911112222' } });
    expect((await api('POST', `/v1/work-orders/${workOrderId}/accept`, t.handler, {})).status).toBe(200);
    const name = `致歉${randomBytes(2).toString('hex')}`;
    expect((await api('POST', '/v1/quick-replies', t.handler, { name, text: '{{客户姓名}}您好，工单{{工单编号}}已处理。' })).status).toBe(201);

    const handler = await c.signIn('dept-operations-handler-1');
    await handler.goto(`${c.base}/work-orders/${workOrderId}?action=reply`);
    const modal = dialog(handler, /回复/);
    await modal.getByTestId('qr-open').click();
    await handler.getByTestId('qr-item').filter({ hasText: name }).click();
    await expect.poll(() => modal.getByLabel('处理结果').inputValue()).toBe(`赵六您好，工单${workOrderNumber}已处理。`);

    // A province-wide reply: proposed on the page, invisible to another handler until a reviewer approves it.
    const province = `全省${randomBytes(2).toString('hex')}`;
    await handler.goto(`${c.base}/quick-replies`);
    await handler.getByTestId('qr-new').click();
    const form = dialog(handler, '新建快捷回复');
    await form.getByLabel('名称').fill(province);
    await form.getByLabel('内容').fill('您好，{{问题类型}}问题已受理。');
    await form.getByLabel('范围').click();
    await handler.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '全省' }).click();
    await form.getByRole('button', { name: /OK|确 定|确定/ }).click();
    await expect
      .poll(() =>
        handler
          .getByRole('row', { name: new RegExp(province) })
          .getByText('待审核')
          .isVisible(),
      )
      .toBe(true);

    const listFor = async (token: string) => (await api('GET', `/v1/quick-replies?q=${encodeURIComponent(province)}`, token)).body.length;
    const other = c.s.token('handler', 'dept-operations', 'dept-operations-handler-2');
    expect(await listFor(other)).toBe(0);
    const reviewer = await c.signIn('reviewer-1');
    await reviewer.goto(`${c.base}/quick-replies`);
    await reviewer
      .getByRole('row', { name: new RegExp(province) })
      .getByTestId('qr-approve')
      .click();
    await expect
      .poll(() =>
        reviewer
          .getByRole('row', { name: new RegExp(province) })
          .getByText('已生效')
          .isVisible(),
      )
      .toBe(true);
    expect(await listFor(other)).toBe(1);
  });
});

describe('search', () => {
  it('finds a case by a two-character word of its description from the header, not another office’s', async () => {
    const t = tokens(c.s);
    const word = ['箱鼓', '炉琴', '舟笛'][Math.floor(Math.random() * 3)]!;
    const marker = `${word}${randomBytes(1).toString('hex')}`;
    const mine = await order({ description: `外包装上写着${marker}字样` });
    await createApplication(c.s, { description: `青岛的件也写着${marker}字样`, mailNumber: await registerMailItem(c.s, { org: 'qingdao' }) }, t.otherOffice);
    const agent = await c.signIn('jinan-agent-1');
    await agent.getByPlaceholder(/^搜索：/).fill(marker);
    await agent.getByPlaceholder(/^搜索：/).press('Enter');
    await agent.waitForURL(/\/search\?q=/);
    const hits = agent.getByTestId('search-hit');
    await expect.poll(() => hits.count()).toBe(1);
    expect(await hits.first().textContent()).toContain(mine.workOrderNumber);
    expect(await hits.first().locator('mark').first().textContent()).toBe(marker);

    // A number goes straight to the case.
    await agent.getByPlaceholder(/^搜索：/).fill(mine.workOrderNumber);
    await agent.getByPlaceholder(/^搜索：/).press('Enter');
    await agent.waitForURL(`${c.base}/work-orders/${mine.workOrderId}`);
  });
});

describe('saved views and bulk actions', () => {
  it("shows a view's live count in the menu equal to its list, and tags its selection in bulk", async () => {
    const t = tokens(c.s);
    const tag = `晨检${randomBytes(2).toString('hex')}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await order()).workOrderId);
    for (const id of ids) await api('POST', `/v1/work-orders/${id}/tags`, t.handler, { tag });
    const view = await api('POST', '/v1/views', t.handler, { name: tag, filters: { tags: [tag] }, columns: ['number', 'status', 'tags'] });
    expect(view.status).toBe(201);

    const handler = await c.signIn('dept-operations-handler-1');
    const item = handler.getByTestId('view-menu-item').filter({ hasText: tag });
    await expect.poll(() => item.locator('[data-testid="view-menu-count"]').textContent()).toBe('3');
    await item.click();
    await handler.waitForURL(`${c.base}/views/${view.body.id}`);
    const rows = handler.getByTestId('view-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => handler.getByTestId('view-count').textContent()).toBe('3 件');

    // A new order with the tag: the count follows without a reload.
    const fourth = (await order()).workOrderId;
    await api('POST', `/v1/work-orders/${fourth}/tags`, t.handler, { tag });
    await expect.poll(() => item.locator('[data-testid="view-menu-count"]').textContent(), { timeout: 15_000 }).toBe('4');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);

    await rows.nth(0).locator('input[type=checkbox]').check();
    await rows.nth(1).locator('input[type=checkbox]').check();
    await handler.getByTestId('bulk-selected').click();
    const bulk = dialog(handler, '批量操作');
    await bulk.getByLabel('操作').click();
    await handler.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '加标签' }).click();
    await bulk.getByLabel('标签').fill(`${tag}已看`);
    await bulk.getByRole('button', { name: /提 ?交/ }).click();
    const result = handler.getByTestId('bulk-result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 30_000 }).toBe('finished');
    expect(await result.textContent()).toContain('已完成 2 件，0 件未执行');
  });
});

describe('knowledge base', () => {
  it('renders an article’s Markdown without running a script', async () => {
    const t = tokens(c.s);
    const a = await api('POST', '/v1/articles', t.handler, {
      title: '破损件处理要点',
      body: '## 要点\n\n- **先拍照**\n\n<script>window.__pwned = 1</script>\n\n[点我](javascript:window.__pwned=2)',
      category: 'damage',
    });
    expect(a.status).toBe(201);
    const handler = await c.signIn('dept-operations-handler-1');
    await handler.goto(`${c.base}/knowledge/${a.body.id}`);
    const md = handler.getByTestId('markdown');
    await expect.poll(() => md.locator('h2').textContent()).toBe('要点');
    expect(await md.locator('strong').textContent()).toBe('先拍照');
    expect(await md.locator('script').count()).toBe(0);
    expect(await md.locator('a').getAttribute('href')).not.toContain('javascript:');
    await md
      .locator('a')
      .click()
      .catch(() => undefined);
    expect(await handler.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
