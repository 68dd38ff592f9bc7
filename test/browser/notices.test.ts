// The bell in the console's header counts my unread notices live: a handler holding an order sees
// it count up, without reloading, when the office urges that order; the list groups notices by
// case and opens the case; reading one counts down; a repeat urge the same day counts on the same
// notice (and makes it unread again).
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { organisations, users } from '../../db/schema.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { consoleForFile, DESKTOP, SCREENSHOTS } from './console.js';

const tag = randomBytes(3).toString('hex');
const DEPT = `dept-bell-${tag}`;
const HANDLER = `${DEPT}-h1`;

const c = consoleForFile({ policy: { workOrder: { routing: { default: DEPT } } } });

beforeAll(async () => {
  await c.s.db.db.insert(organisations).values({ code: DEPT, name: '通知测试部门', kind: 'department' });
  await c.s.db.db.insert(users).values({ id: HANDLER, login: HANDLER, name: '铃声测试员', org: DEPT, roles: ['handler'] });
});

describe('the notice bell', () => {
  it('counts up live when the office urges the order I hold, lists it under its case, and counts down when read', async () => {
    const app = await createApplication(c.s);
    const { workOrderId, workOrderNumber } = await approve(c.s, app.id);
    const mine = c.s.token('handler', DEPT, HANDLER);
    expect((await c.s.request('POST', `/v1/work-orders/${workOrderId}/claim`, { token: mine, body: {} })).status).toBe(200);
    const unread = async () => (await c.s.request('GET', '/v1/notices/unread-count', { token: mine })).body.unread as number;

    const page = await c.signIn(HANDLER);
    await expect.poll(() => page.locator('[data-live]').getAttribute('data-live')).toBe('stream');
    const bell = page.getByTestId('notice-count');
    // What the bell shows settles on what the API counts (the dispatch notice).
    await expect.poll(async () => Number(await bell.getAttribute('data-count')) === (await unread()) && (await unread()) > 0).toBe(true);
    const before = Number(await bell.getAttribute('data-count'));
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    const urged = Date.now();
    expect((await c.s.request('POST', `/v1/work-orders/${workOrderId}/urge`, { token: tokens(c.s).office, body: { note: '客户很着急' } })).status).toBe(200);
    await expect.poll(() => bell.getAttribute('data-count')).toBe(String(before + 1));
    console.log(`[notices] the bell counted up ${Date.now() - urged} ms after the urge was answered`);
    expect(navigations).toBe(0);

    await page.getByTestId('notice-bell').click();
    const panel = page.getByTestId('notice-panel');
    const group = panel.getByTestId('notice-group').filter({ hasText: workOrderNumber });
    await expect.poll(() => group.getByRole('link', { name: workOrderNumber }).isVisible()).toBe(true);
    const urge = group.locator('[data-event="urged"]');
    await expect.poll(() => urge.textContent()).toContain('客户很着急');
    expect(await group.locator('[data-event="dispatched"]').count()).toBe(1);
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: `${SCREENSHOTS}notices-1280.png`, animations: 'disabled' });

    await urge.click();
    await page.waitForURL(`${c.base}/work-orders/${workOrderId}`);
    await expect.poll(() => bell.getAttribute('data-count')).toBe(String(before));

    // Urged again the same day: the same notice counts 2 and is unread again.
    expect((await c.s.request('POST', `/v1/work-orders/${workOrderId}/urge`, { token: tokens(c.s).office, body: {} })).status).toBe(200);
    await expect.poll(() => bell.getAttribute('data-count')).toBe(String(before + 1));
    await page.getByTestId('notice-bell').click();
    await expect.poll(() => page.getByTestId('notice-panel').locator('[data-event="urged"]').textContent()).toContain('2 次');
  });

  it('keeps preferences per person: a mandatory event cannot be turned off, email waits for an address', async () => {
    const page = await c.signIn(HANDLER);
    await page.goto(`${c.base}/notices/preferences`);
    await expect.poll(() => page.getByRole('switch', { name: '工单分派给我 站内通知' }).isDisabled()).toBe(true);
    await expect.poll(() => page.getByText('邮件通知未启用').isVisible()).toBe(true);
    const urges = page.getByRole('switch', { name: '催单 站内通知' });
    await urges.click();
    await expect.poll(() => urges.getAttribute('aria-checked')).toBe('false');
    const prefs = await c.s.request('GET', '/v1/notices/preferences', { token: c.s.token('handler', DEPT, HANDLER) });
    expect(prefs.body.items.find((p: { event: string }) => p.event === 'urged')).toMatchObject({ inbox: false });
  });
});
