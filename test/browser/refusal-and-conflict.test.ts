// What the API refuses, shown to the person: a creation refused by the rules with its suggested
// action as a button, and two reviewers deciding one application at the same moment (409).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';
import { eventually } from '../helpers/service.js';
import { choose, dialog, SCREENSHOTS, consoleForFile } from './console.js';

// Loss orders here must be answered within 2 s, so one can be overdue during the test.
const c = consoleForFile({ policy: { workOrder: { byCategory: [{ category: 'loss', response: '2s', resolution: '1h' }] } } });

/** A loss work order of jinan's, dispatched now: overdue 2 s later. */
async function lossOrder() {
  const app = await createApplication(c.s, { problemCategory: 'loss' });
  const approved = await c.s.request('POST', `/v1/applications/${app.id}/review`, { token: tokens(c.s).reviewer, body: { decision: 'approve' } });
  expect(approved.status).toBe(200);
  return { id: approved.body.workOrderId as string, number: approved.body.workOrderNumber as string, mailNumber: app.mailNumber };
}

describe('creation refused by the rules', () => {
  it('shows the rules before the form, and the refusal with its suggested action as a button', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const mail = await registerMailItem(c.s, {
      externalDispatches: [
        { id: 'H1', kind: 'work_order', problemCategory: 'delay', status: 'open' },
        { id: 'H2', kind: 'work_order', problemCategory: 'loss', status: 'open', deadline: past },
      ],
    });
    const agent = await c.signIn('jinan-agent-1');
    await agent.goto(`${c.base}/applications/new?mailNumber=${mail}`);

    // Before anything is typed: the hotline's dispatches and what each category will meet.
    await expect.poll(() => agent.getByRole('cell', { name: 'H1', exact: true }).first().isVisible()).toBe(true);
    const delayRule = agent.getByRole('row', { name: /^延误/ });
    await expect.poll(() => delayRule.getByRole('button', { name: '等待处理结果' }).isVisible()).toBe(true);
    const lossRule = agent.getByRole('row', { name: /^丢失/ });
    await expect.poll(() => lossRule.getByRole('button', { name: '催单' }).isVisible()).toBe(true);
    await expect.poll(() => agent.getByRole('row', { name: /^破损/ }).getByText('可以创建').isVisible()).toBe(true);

    // Submitting anyway: the API's 409 CREATION_REFUSED, its message and its action; nothing typed is lost.
    await choose(agent, '问题类型', '延误');
    await agent.getByLabel('客户诉求').fill('客户要求尽快投递');
    await agent.getByLabel('客户姓名').fill('李四');
    await agent.getByLabel('客户电话').fill('13900000001');
    await agent.getByRole('button', { name: '提交申请' }).click();
    const refused = agent.getByTestId('creation-refused');
    await expect.poll(() => refused.textContent()).toContain('仍在处理时限内，请等待处理结果');
    await refused.getByRole('button', { name: '等待处理结果' }).click();
    await expect.poll(() => agent.getByRole('dialog').getByText('请等待已有工单的处理结果').isVisible()).toBe(true);
    await agent.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
    expect(await agent.getByLabel('客户姓名').inputValue()).toBe('李四');
    expect(agent.url()).toContain('/applications/new');

    // The overdue hotline order: urge it (in the hotline system, which dispatched it).
    await choose(agent, '问题类型', '丢失');
    await agent.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => refused.textContent()).toContain('已超过处理时限，请催单');
    await refused.getByRole('button', { name: '催单' }).click();
    await expect.poll(() => agent.getByRole('dialog').textContent()).toContain('该工单（H2）由热线系统派发');
  });

  it('takes the office from an overdue work order of its own straight to urging it', async () => {
    const order = await lossOrder();
    // Past its 2 s response deadline: once the API's creation rules say to urge it.
    await eventually(async () => {
      const item = await c.s.request('GET', `/v1/mail-items/${order.mailNumber}`, { token: tokens(c.s).office });
      const loss = item.body.creationRules.find((r: { problemCategory: string }) => r.problemCategory === 'loss');
      return loss?.suggestedAction === 'urge' && loss.existingWorkOrderId === order.id;
    });
    const agent = await c.signIn('jinan-agent-2');
    await agent.goto(`${c.base}/applications/new?mailNumber=${order.mailNumber}`);
    const rule = agent.getByRole('row', { name: /^丢失/ });
    await expect.poll(() => rule.getByRole('link', { name: order.number }).isVisible()).toBe(true);
    await rule.getByRole('button', { name: '催单' }).click();
    await agent.waitForURL(`${c.base}/work-orders/${order.id}?action=urge`);
    const urging = agent.getByRole('dialog').filter({ hasText: '催单' });
    await urging.getByLabel('备注').fill('客户第三次来电');
    await urging.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => agent.locator('[data-history-action="urged"]').textContent()).toContain('客户第三次来电');
  });
});

describe('escalation board', () => {
  it('shows the overdue order’s escalation at its ladder level; the supervisor acknowledges and resolves it', async () => {
    // An order of its own, escalated when its 2 s response deadline passes.
    const order = await lossOrder();
    const escalation = await eventually(
      async () => (await c.s.request('GET', `/v1/escalations?subjectId=${order.id}`, { token: tokens(c.s).supervisor })).body.items[0],
    );
    expect(escalation).toMatchObject({ status: 'open', subjectType: 'workOrder' });
    const supervisor = await c.signIn('supervisor-1');
    await supervisor.getByRole('link', { name: '升级看板' }).click();
    const subject = supervisor.locator(`a[href="/work-orders/${order.id}"]`);
    const row = supervisor.getByRole('row').filter({ has: subject });
    await expect.poll(() => row.isVisible()).toBe(true);
    // In the section of its ladder level, named as the policy names it.
    const section = supervisor.locator('[data-level]').filter({ has: subject });
    expect(await section.getAttribute('data-level')).toBe(String(escalation.level));
    expect(await section.textContent()).toContain(`第${escalation.level}级：${escalation.levelName}`);
    await expect.poll(() => row.getByText('未确认').isVisible()).toBe(true);
    await row.getByRole('button', { name: '确认' }).click();
    const acknowledging = dialog(supervisor, '确认升级');
    await acknowledging.getByLabel('备注（可选）').fill('已联系责任单位');
    await acknowledging.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => row.getByText('未确认').count()).toBe(0);
    await supervisor.screenshot({ path: join(SCREENSHOTS, 'escalations-1280.png'), fullPage: true, animations: 'disabled' });
    await row.getByRole('button', { name: '解决' }).click();
    await dialog(supervisor, '解决升级').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => row.count()).toBe(0);
    // The order's page shows its escalation history.
    await supervisor.goto(`${c.base}/work-orders/${order.id}`);
    await expect.poll(() => supervisor.getByTestId('escalation-summary').textContent()).toContain('已解决');
  });
});

describe('a field the server refuses', () => {
  it('is highlighted on the form with the message, and everything typed stays', async () => {
    const mail = await registerMailItem(c.s);
    const agent = await c.signIn('jinan-agent-1');
    // A rule only the server knows about: the request leaves with a phone number it will refuse (422).
    await agent.route('**/v1/applications', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const body = JSON.parse(route.request().postData()!);
      await route.continue({ postData: JSON.stringify({ ...body, customer: { ...body.customer, phone: 'abc' } }) });
    });
    await agent.goto(`${c.base}/applications/new?mailNumber=${mail}`);
    await choose(agent, '问题类型', '短少');
    await agent.getByLabel('客户诉求').fill('少了一件');
    await agent.getByLabel('客户姓名').fill('赵六');
    await agent.getByLabel('客户电话').fill('13900000003');
    await agent.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => agent.getByTestId('form-error').textContent()).toContain('客户电话：格式不正确');
    const phone = agent.locator('.ant-form-item-has-error').filter({ has: agent.getByLabel('客户电话') });
    await expect.poll(() => phone.textContent()).toContain('格式不正确');
    expect(await agent.getByLabel('客户诉求').inputValue()).toBe('少了一件');
    expect(await agent.getByLabel('客户电话').inputValue()).toBe('13900000003');
  });
});

describe('two reviewers on one application', () => {
  it('tells the second one it was already handled, with the current status', async () => {
    const app = await createApplication(c.s);
    const [first, second] = [await c.signIn('reviewer-1'), await c.signIn('reviewer-2')];
    // The second reviewer's page has not caught up yet: no change events reach it.
    await second.route('**/v1/events', (route) => route.abort());
    for (const page of [first, second]) {
      await page.goto(`${c.base}/applications/${app.id}`);
      await expect.poll(() => page.getByRole('button', { name: '审核通过' }).isEnabled()).toBe(true);
    }
    await first.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => first.getByRole('heading', { level: 3 }).textContent()).toContain('完案');
    // The second still shows it waiting for review, and approves too: the workflow refuses (409).
    expect(await second.getByRole('heading', { level: 3 }).textContent()).toContain('已申请');
    await second.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => second.getByTestId('action-error').textContent()).toContain('已被其他人处理（当前状态：完案）');
    // …and then shows the case as it is now, the answer still on screen.
    await expect.poll(() => second.getByRole('heading', { level: 3 }).textContent()).toContain('完案');
    expect(await second.getByTestId('action-error').textContent()).toContain('已被其他人处理');
    const orders = await c.s.request('GET', `/v1/work-orders?mailNumber=${app.mailNumber}`, { token: tokens(c.s).reviewer });
    expect(orders.body.items).toHaveLength(1);
  });
});
