// 绩效 in the browser: a reviewer opens the page from the menu, the department's figure on screen is
// the API's, a click lists the cases it counts, and both exports download (CSV and Excel).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { organisations, users } from '../../db/schema.js';
import { monthPeriod } from '../../domain/performance.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { consoleForFile, SCREENSHOTS } from './console.js';

const D = `perf-ui-${randomBytes(3).toString('hex')}`;
const c = consoleForFile({ policy: { workOrder: { routing: { byCategory: { misrouted: D } } } } });

describe('绩效', () => {
  it('shows the API’s figures, drills down to the cases and exports CSV and Excel', async () => {
    await c.s.db.db.insert(organisations).values({ code: D, name: '绩效页测试部', kind: 'department' });
    await c.s.db.db.insert(users).values({ id: `${D}-h`, login: `${D}-h`, name: '绩效处理人', org: D, roles: ['handler'] });
    const handler = c.s.token('handler', D, `${D}-h`);
    const orders: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { workOrderId, workOrderNumber } = await approve(c.s, (await createApplication(c.s, { problemCategory: 'misrouted' })).id);
      await c.s.request('POST', `/v1/work-orders/${workOrderId}/accept`, { token: handler, body: {} });
      orders.push(workOrderNumber);
    }
    // The page opens on this month in Shanghai.
    const period = monthPeriod(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()),
      'Asia/Shanghai',
    );
    const api = await c.s.request('GET', `/v1/reports/departments?from=${period.from}&to=${period.to}&org=${D}`, { token: tokens(c.s).reviewer });
    const received = api.body.rows[0].figures.received as number;
    expect(received).toBe(2);

    const page = await c.signIn('reviewer-1');
    await page.getByRole('link', { name: '绩效' }).click();
    const cell = page.locator(`[data-figure="received"][data-org="${D}"]`);
    await expect.poll(() => cell.textContent()).toBe(String(received));
    await page.screenshot({ path: join(SCREENSHOTS, 'performance-1280.png'), fullPage: true, animations: 'disabled' });

    await cell.click();
    const drawer = page.getByTestId('performance-cases');
    await expect.poll(() => drawer.locator('tbody tr.ant-table-row').count()).toBe(received);
    for (const number of orders) await expect.poll(() => drawer.getByRole('link', { name: number }).count()).toBe(1);
    await page.keyboard.press('Escape');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(
      csvText
        .split('\r\n')
        .find((l) => l.includes(D))
        ?.split(',')[2],
    ).toBe(String(received));
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
  });
});
