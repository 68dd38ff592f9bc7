// Queues stay current without reloading (server-sent events), and each role is offered only what
// the API lets it do.
import { describe, expect, it } from 'vitest';
import { registerMailItem } from '../helpers/fixtures.js';
import { choose, consoleForFile } from './console.js';

const c = consoleForFile();

describe('live queues', () => {
  it('shows a new application in the open review queue within seconds, without a reload', async () => {
    const mail = await registerMailItem(c.s);
    const [reviewer, agent] = [await c.signIn('reviewer-1'), await c.signIn('jinan-agent-1')];
    await reviewer.getByRole('link', { name: '审核队列' }).click();
    await expect.poll(() => reviewer.locator('[data-live]').getAttribute('data-live')).toBe('stream');
    let navigations = 0;
    reviewer.on('framenavigated', () => navigations++);

    await agent.goto(`${c.base}/applications/new?mailNumber=${mail}`);
    await choose(agent, '问题类型', '破损');
    await agent.getByLabel('客户诉求').fill('外包装破损，要求赔偿');
    await agent.getByLabel('客户姓名').fill('王五');
    await agent.getByLabel('客户电话').fill('13900000002');
    await agent.getByRole('button', { name: '提交申请' }).click();
    await agent.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    const created = Date.now();
    const row = reviewer.getByRole('row', { name: new RegExp(mail) });
    await row.waitFor({ state: 'visible', timeout: 5_000 });
    const ms = Date.now() - created;
    console.log(`[live] the new application appeared in the reviewer's queue ${ms} ms after the agent's create answered`);
    expect(ms).toBeLessThan(5_000);
    expect(navigations).toBe(0);
  });
});

describe('navigation by role', () => {
  it('gives a handler no review queue, and says so at /review', async () => {
    const handler = await c.signIn('dept-operations-handler-1');
    const menu = handler.getByRole('menu');
    await expect.poll(() => menu.getByRole('link', { name: '工单队列' }).isVisible()).toBe(true);
    expect(await menu.getByRole('link', { name: '审核队列' }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: '运维' }).count()).toBe(0);
    await handler.goto(`${c.base}/review`);
    await expect.poll(() => handler.getByText('无权访问').isVisible()).toBe(true);
  });

  it('gives an office agent no ops page', async () => {
    const agent = await c.signIn('jinan-agent-1');
    const menu = agent.getByRole('menu');
    await expect.poll(() => menu.getByRole('link', { name: '新建申请' }).isVisible()).toBe(true);
    expect(await menu.getByRole('link', { name: '运维' }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: '审核队列' }).count()).toBe(0);
    await agent.goto(`${c.base}/ops`);
    await expect.poll(() => agent.getByText('无权访问').isVisible()).toBe(true);
  });

  it('sends a visitor without a session to sign in, and back where they were going', async () => {
    const context = await c.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${c.base}/escalations`);
    await page.waitForURL(`${c.base}/login?returnTo=%2Fescalations`);
    await page.getByTestId('signin-supervisor-1-supervisor').click();
    await page.waitForURL(`${c.base}/escalations`);
    await expect.poll(() => page.getByRole('heading', { name: '升级看板' }).isVisible()).toBe(true);
    await context.close();
  });
});
