// A whole case through the console, four people in four browser contexts: the office agent looks
// the mail item up and creates; the reviewer returns it with a reason; the agent sees the return
// and resubmits from the pre-filled form; the reviewer approves; the handler accepts and replies;
// the reviewer closes; the agent sees the closed work order; the month's report counts it. Then the
// report itself: for the period on screen, every figure it shows is the API's, and so is its CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { OfficeReportRow } from '../../api/services/reports.js';
import { registerMailItem, tokens } from '../helpers/fixtures.js';
import { seedReportData } from '../helpers/report-data.js';
import { choose, dialog, historyEntry, SCREENSHOTS, TABLET, consoleForFile } from './console.js';

/** A 4×3 PNG, as a phone camera's picture would be (smaller). */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR42mM4YWMDRww4OQArRg8Bm3ujgwAAAABJRU5ErkJggg==', 'base64');

const c = consoleForFile();

describe('a case from creation to closure', () => {
  it('walks through creation, return, resubmission, approval, handling and closure by clicks', async () => {
    const mail = await registerMailItem(c.s);
    const [agent, reviewer, handler] = [await c.signIn('jinan-agent-1'), await c.signIn('reviewer-1'), await c.signIn('dept-operations-handler-1')];

    // The agent looks the mail number up: the item and the creation rules show before the form.
    await agent.getByRole('link', { name: '新建申请' }).click();
    await agent.getByRole('heading', { name: '新建内部客服申请单' }).waitFor();
    await agent.getByLabel('邮件号').fill(mail);
    await agent.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => agent.getByText('创建规范（按问题类型）').isVisible()).toBe(true);
    await expect.poll(() => agent.getByText('快递包裹').first().isVisible()).toBe(true);
    await choose(agent, '问题类型', '延误');
    await agent.getByLabel('客户诉求').fill('客户要求尽快投递');
    await agent.getByLabel('客户姓名').fill('张三');
    await agent.getByLabel('客户电话').fill('13900000000');
    // A photo of the parcel: read in the browser, listed with its size before submitting.
    await agent.locator('input[type=file]').setInputFiles({ name: '破损照片.png', mimeType: 'image/png', buffer: PHOTO });
    await expect.poll(() => agent.locator('[data-attachment="破损照片.png"]').getAttribute('data-status')).toBe('done');
    await agent.getByRole('button', { name: '提交申请' }).click();
    await agent.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    const caseUrl = agent.url().replace(c.base, '');
    await expect.poll(() => agent.getByRole('heading', { level: 3 }).textContent()).toMatch(/^申请单 SQ-\S+已申请$/);
    const number = /^申请单 (SQ-\S+?)已申请$/.exec((await agent.getByRole('heading', { level: 3 }).textContent())!)![1]!;
    await expect.poll(() => historyEntry(agent, 'created').isVisible()).toBe(true);

    // The reviewer finds it in the queue, with its live countdown, and returns it with a reason.
    await reviewer.getByRole('link', { name: '审核队列' }).click();
    const row = reviewer.getByRole('row', { name: new RegExp(number) });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => row.getByText(/剩余 \d+小时/).isVisible()).toBe(true);
    await reviewer.screenshot({ path: join(SCREENSHOTS, 'reviewer-queue-1280.png'), fullPage: true, animations: 'disabled' });
    // The same queue on a tablet.
    const tablet = await c.signIn('reviewer-2', { viewport: TABLET });
    await tablet.getByRole('link', { name: '审核队列' }).click();
    await expect.poll(() => tablet.getByRole('row', { name: new RegExp(number) }).isVisible()).toBe(true);
    await tablet.screenshot({ path: join(SCREENSHOTS, 'reviewer-queue-820.png'), fullPage: true, animations: 'disabled' });
    await row.getByRole('button', { name: '查看' }).click();
    await reviewer.waitForURL(`${c.base}${caseUrl}`);
    // The attachment, previewed inline from the API (the session cookie goes with the image request).
    await reviewer.getByRole('button', { name: '预览 破损照片.png' }).click();
    const image = reviewer.getByRole('dialog').getByRole('img', { name: '破损照片.png' });
    const loadedWidth = () =>
      image.evaluate((element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number };
        return img.complete ? img.naturalWidth : 0;
      });
    await expect.poll(loadedWidth).toBe(4);
    await reviewer.keyboard.press('Escape');
    await expect.poll(() => reviewer.getByRole('dialog').count()).toBe(0);
    await reviewer.getByRole('button', { name: '退回' }).click();
    const returning = dialog(reviewer, /退回申请单/);
    await returning.getByLabel('退回原因').fill('缺少客户签收信息');
    await returning.getByRole('button', { name: '退回' }).click();
    await expect.poll(() => reviewer.getByTestId('returned-alert').textContent()).toContain('缺少客户签收信息');
    await expect.poll(() => historyEntry(reviewer, 'returned').textContent()).toContain('缺少客户签收信息');

    // The agent sees the return and its reason in the office's list, and resubmits from the pre-filled form.
    await agent.getByRole('link', { name: '本局申请单' }).click();
    const returnedRow = agent.getByRole('row', { name: new RegExp(number) });
    await expect.poll(() => returnedRow.getByText('退回', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => returnedRow.getByTestId('return-reason').textContent()).toContain('缺少客户签收信息');
    await returnedRow.getByRole('button', { name: '重新提交' }).click();
    const form = agent.getByTestId('resubmit-form');
    await expect.poll(() => form.getByLabel('客户诉求').inputValue()).toBe('客户要求尽快投递');
    await expect.poll(() => form.getByLabel('客户姓名').inputValue()).toBe('张三');
    await form.getByLabel('客户诉求').fill('客户要求尽快投递，已补充签收信息');
    await form.getByRole('button', { name: '重新提交' }).click();
    await expect.poll(() => historyEntry(agent, 'resubmitted').isVisible()).toBe(true);
    await expect.poll(() => agent.getByRole('heading', { level: 3 }).textContent()).toContain('已申请');

    // The reviewer approves: a work order is dispatched to the department.
    await reviewer.reload();
    await reviewer.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => reviewer.getByRole('heading', { level: 3 }).textContent()).toContain('完案');
    const orderLink = reviewer.getByRole('link', { name: /^GD/ });
    await expect.poll(() => orderLink.isVisible()).toBe(true);
    const orderNumber = (await orderLink.textContent())!;
    await reviewer.screenshot({ path: join(SCREENSHOTS, 'case-page-1280.png'), fullPage: true, animations: 'disabled' });

    // The handler accepts and replies from the department's queue.
    await handler.getByRole('link', { name: '工单队列' }).click();
    const orderRow = handler.getByRole('row', { name: new RegExp(orderNumber) });
    await expect.poll(() => orderRow.isVisible(), { timeout: 10_000 }).toBe(true);
    await orderRow.getByRole('button', { name: '受理' }).click();
    await expect.poll(() => orderRow.getByText('已受理').isVisible()).toBe(true);
    await orderRow.getByRole('button', { name: '回复' }).click();
    const replying = dialog(handler, /回复工单/);
    await replying.getByLabel('处理结果').fill('已联系投递员，今日投递');
    await replying.getByRole('radio', { name: '是' }).check();
    await replying.getByRole('button', { name: '提交' }).click();
    // Answered: it leaves the department's to-do queue (no deadline of theirs runs any more).
    await expect.poll(() => handler.getByText('已回复').first().isVisible()).toBe(true);
    await expect.poll(() => orderRow.count()).toBe(0);

    // The reviewer closes it against the closure standard.
    await reviewer.getByRole('link', { name: '审核队列' }).click();
    await reviewer.getByRole('tab', { name: /待结案/ }).click();
    const closeRow = reviewer.getByRole('row', { name: new RegExp(orderNumber) });
    await expect.poll(() => closeRow.isVisible(), { timeout: 10_000 }).toBe(true);
    await closeRow.getByRole('button', { name: '结案' }).click();
    const closing = dialog(reviewer, /结案/);
    await closing.getByRole('radio', { name: '是' }).check();
    await closing.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => closeRow.isVisible()).toBe(false);

    // The agent sees the closed work order, with its whole history.
    await agent.goto(`${c.base}${caseUrl}`);
    await agent.getByRole('link', { name: orderNumber }).click();
    await expect.poll(() => agent.getByRole('heading', { level: 3 }).textContent()).toContain('已结案');
    for (const action of ['dispatched', 'accepted', 'replied', 'closed']) await expect.poll(() => historyEntry(agent, action).isVisible()).toBe(true);
    await expect.poll(() => agent.getByText('已联系投递员，今日投递').first().isVisible()).toBe(true);
    await agent.screenshot({ path: join(SCREENSHOTS, 'work-order-1280.png'), fullPage: true, animations: 'disabled' });

    // The same case page at a tablet's width.
    await tablet.goto(`${c.base}${caseUrl}`);
    await expect.poll(() => historyEntry(tablet, 'approved').isVisible()).toBe(true);
    await tablet.screenshot({ path: join(SCREENSHOTS, 'case-page-820.png'), fullPage: true, animations: 'disabled' });

    // The office report of this month counts the case, and shows the API's figures.
    const asked = reportRequest(reviewer);
    await reviewer.getByRole('link', { name: '报表' }).click();
    const rows = await expectReportShowsApi(reviewer, await asked);
    expect(rows.find((r) => r.org === 'jinan')!.created).toBeGreaterThanOrEqual(1);
    await expect.poll(() => reviewer.locator('[data-testid="echart"] canvas').count()).toBeGreaterThan(0);
    await reviewer.screenshot({ path: join(SCREENSHOTS, 'report-1280.png'), fullPage: true, animations: 'disabled' });
  });
});

describe('the office report', () => {
  it('shows, for the period picked on screen, every figure the API gives for it; the CSV is the API’s', async () => {
    // A past period with a generated data set: 16 offices whose figures differ from column to column.
    await seedReportData(c.s.db.db, Date.parse('2016-05-01T00:00:00Z'), Date.parse('2016-07-01T00:00:00Z'));
    const reviewer = await c.signIn('reviewer-1');
    const thisMonth = reportRequest(reviewer);
    await reviewer.getByRole('link', { name: '报表' }).click();
    await expectReportShowsApi(reviewer, await thisMonth);

    const picked = reportRequest(reviewer);
    const [start, end] = [reviewer.locator('.ant-picker-range input').nth(0), reviewer.locator('.ant-picker-range input').nth(1)];
    await start.click();
    await start.fill('2016-05-01');
    await start.press('Enter');
    await end.fill('2016-06-30');
    await end.press('Enter');
    const period = await picked;
    expect(Object.fromEntries(new URL(period.url()).searchParams)).toEqual({ from: '2016-04-30T16:00:00.000Z', to: '2016-06-30T16:00:00.000Z' });
    const rows = await expectReportShowsApi(reviewer, period);
    expect(rows.filter((r) => r.created > 0)).toHaveLength(16);

    const [download] = await Promise.all([reviewer.waitForEvent('download'), reviewer.getByRole('button', { name: '下载 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('offices-2016-05-01-2016-06-30.csv');
    // The file is the API's CSV of the same period, byte for byte.
    const csv = readFileSync((await download.path())!, 'utf8');
    const apiCsv = await c.s.request('GET', `/v1/reports/offices?${new URL(period.url()).search.slice(1)}`, {
      token: tokens(c.s).reviewer,
      headers: { accept: 'text/csv' },
    });
    expect(apiCsv.status).toBe(200);
    expect(csv).toBe(apiCsv.body);
  });
});

/** The next request the page makes for the office report. */
const reportRequest = (page: Page) => page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === '/v1/reports/offices');

/**
 * The report page after it asked for `asked`: the period it asked for is the one on screen (calendar
 * days in Shanghai), and every figure it shows, each office's row and the totals, is the API's for
 * that period. Answers the API's rows.
 */
async function expectReportShowsApi(page: Page, asked: Request): Promise<ReportRow[]> {
  const picker = page.locator('.ant-picker-range input');
  const [first, last] = [await picker.nth(0).inputValue(), await picker.nth(1).inputValue()];
  const period = {
    from: new Date(`${first}T00:00:00+08:00`).toISOString(),
    to: new Date(Date.parse(`${last}T00:00:00+08:00`) + 86_400_000).toISOString(),
  };
  expect(Object.fromEntries(new URL(asked.url()).searchParams)).toEqual(period);
  const report = await c.s.request('GET', `/v1/reports/offices?from=${period.from}&to=${period.to}`, { token: tokens(c.s).reviewer });
  expect(report.status).toBe(200);
  const rows = report.body as ReportRow[];
  const table = page.getByTestId('report-table');
  expect(await table.locator('thead th').evaluateAll((ths) => ths.slice(0, 11).map((th) => th.textContent))).toEqual(REPORT_COLUMNS);
  const shown = () =>
    table
      .locator('tbody tr[data-row-key]')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-row-key'), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
  await expect.poll(shown).toEqual(rows.map((r) => [r.org, ...reportCells(r)]));
  const total = (key: 'created' | 'reviewed' | 'returned' | 'becameOrders' | 'open' | 'overdue') => rows.reduce((n, r) => n + r[key], 0);
  const levels: Record<string, number> = {};
  for (const r of rows) for (const [level, n] of Object.entries(r.escalationsByLevel)) levels[level] = (levels[level] ?? 0) + n;
  const totals = reportCells({
    name: '合计',
    created: total('created'),
    reviewed: total('reviewed'),
    returned: total('returned'),
    returnRate: total('reviewed') ? total('returned') / total('reviewed') : null,
    becameOrders: total('becameOrders'),
    onTimeResponseRate: null,
    onTimeResolutionRate: null,
    open: total('open'),
    overdue: total('overdue'),
    escalationsByLevel: levels,
  });
  expect(await table.locator('.ant-table-summary tr td').allTextContents()).toEqual(totals);
  return rows;
}

/** A row as the API answers it (the totals row has no org). */
type ReportRow = Omit<OfficeReportRow, 'org'> & { org?: string };

const REPORT_COLUMNS = ['单位', '申请单量', '审核量', '退回量', '退回率', '成单量', '及时响应率', '及时解决率', '在办', '超时', '升级(按级)'];

/** A report row's cells as a zh-CN reader should see them: grouped integers, rates to 0.1 %, — for none. */
function reportCells(r: ReportRow): string[] {
  const integer = new Intl.NumberFormat('zh-CN');
  const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const n = (v: number) => integer.format(v);
  const rate = (v: number | null) => (v === null ? '—' : percent.format(v));
  const levels = Object.entries(r.escalationsByLevel)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([level, count]) => `${level}级:${count}`);
  return [
    r.name,
    n(r.created),
    n(r.reviewed),
    n(r.returned),
    rate(r.returnRate),
    n(r.becameOrders),
    rate(r.onTimeResponseRate),
    rate(r.onTimeResolutionRate),
    n(r.open),
    n(r.overdue),
    levels.length ? levels.join(' ') : '—',
  ];
}
