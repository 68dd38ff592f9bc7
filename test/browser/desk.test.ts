// The department desk through the console, by clicks: two handlers claiming one order at once (one
// wins, the other is told who holds it); the lead assigning to a colleague on leave (the answer
// offers the substitute) who is at the cap (the answer asks to confirm); a transfer the form refuses
// without a reason, pinned on the receiving department's queue, which refuses it back; an order
// returned to the reviewer and re-dispatched from 待改派; the handler reading the customer's demand
// and phone; a question to the office answered by its append in one thread, and an internal note
// the office never sees. Pictures of the department's queue and the handler's work-order page.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { eventually } from '../helpers/service.js';
import { consoleForFile, dialog, historyEntry, SCREENSHOTS } from './console.js';

// A cap of one running order per person at 运营管理中心, so a second assignment asks the lead to confirm.
const c = consoleForFile({ policy: { desk: { departments: { 'dept-operations': { cap: 1 } } } } });

/** A 4×3 PNG. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR42mM4YWMDRww4OQArRg8Bm3ujgwAAAABJRU5ErkJggg==', 'base64');

const names = new Map<string, string>();
const orgs = new Map<string, string>();
const nameOf = (id: string) => names.get(id)!;

beforeAll(async () => {
  for (const o of (await c.s.request('GET', '/v1/orgs', { token: tokens(c.s).reviewer })).body as { code: string; name: string }[]) orgs.set(o.code, o.name);
  for (const org of ['dept-operations', 'dept-delivery']) {
    const people = await c.s.request('GET', `/v1/orgs/${org}/people`, { token: tokens(c.s).reviewer });
    for (const p of people.body as { userId: string; name: string }[]) names.set(p.userId, p.name);
  }
});

/** A delay order dispatched to 运营管理中心 (its application made by the API, as the office would). */
async function dispatchedOrder(extra: Record<string, unknown> = {}) {
  const app = await createApplication(c.s, extra);
  const order = await approve(c.s, app.id);
  return { id: order.workOrderId, number: order.workOrderNumber, mailNumber: app.mailNumber };
}

const orderOf = async (id: string) => (await c.s.request('GET', `/v1/work-orders/${id}`, { token: tokens(c.s).reviewer })).body;

async function openOrder(page: Page, id: string) {
  await page.goto(`${c.base}/work-orders/${id}`);
  await page.locator('h3').first().waitFor();
}

const button = (page: Page, action: string) => page.locator(`[data-action="${action}"]:visible`).first();

/** Picks an option of the searchable select labelled `label` by typing it and pressing Enter, as a person would, and waits until the select shows it. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(option);
  // The typed text leaves the one option it names, active: Enter takes it (the list may still be moving into place).
  await expect.poll(() => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents()).toEqual([expect.stringContaining(option)]);
  await input.press('Enter');
  const select = page.locator('.ant-select').filter({ has: input }).first();
  await expect.poll(() => select.textContent()).toContain(option.replace(/（\d+）$/, ''));
}

describe('the department desk', () => {
  it('lets one of two handlers claiming at the same moment have the order; the other is told who holds it', async () => {
    const order = await dispatchedOrder();
    const [first, second] = [await c.signIn('dept-operations-handler-1'), await c.signIn('dept-operations-handler-2')];
    for (const page of [first, second]) {
      // Neither page hears of the other's claim before clicking.
      await page.route('**/v1/events', (route) => route.abort());
      await openOrder(page, order.id);
      await expect.poll(() => button(page, 'claim').isEnabled()).toBe(true);
    }
    await Promise.all([button(first, 'claim').click(), button(second, 'claim').click()]);

    const holder: string = await eventually(async () => (await orderOf(order.id)).assignee?.userId);
    expect(holder).toMatch(/^dept-operations-handler-[12]$/);
    const [winner, loser] = holder === 'dept-operations-handler-1' ? [first, second] : [second, first];
    // The loser's page: the 409 in words, naming who holds it, and the order as it is now.
    await expect.poll(() => loser.getByTestId('action-error').textContent()).toBe(`已被${nameOf(holder)}认领`);
    await expect.poll(() => loser.getByTestId('assignee').first().textContent()).toBe(nameOf(holder));
    await expect.poll(() => button(loser, 'claim').count()).toBe(0);
    // The winner's page: theirs, with its actions (reply comes after accepting).
    await winner.reload();
    await expect.poll(() => winner.getByTestId('assignee').first().textContent()).toBe(nameOf(holder));
    await expect.poll(() => historyEntry(winner, 'claimed').textContent()).toContain(nameOf(holder));
    expect(await winner.getByTestId('action-error').count()).toBe(0);
  });

  it('shows the handler the whole case: the demand, the customer’s phone, the mail item and names instead of codes', async () => {
    const order = await dispatchedOrder({ description: '包裹停滞在分拣中心三天', customer: { name: '钱七', phone: '13912345678' } });
    const handler = await c.signIn('dept-operations-handler-1');
    await openOrder(handler, order.id);
    await expect.poll(() => handler.getByTestId('demand').textContent()).toBe('客户要求尽快投递');
    await expect.poll(() => handler.getByTestId('customer-card').textContent()).toContain('包裹停滞在分拣中心三天');
    await expect.poll(() => handler.getByTestId('customer-card').textContent()).toContain('钱七');
    // The whole phone on the case page (lists mask it; the API audits this showing).
    await expect.poll(() => handler.getByTestId('customer-phone').textContent()).toContain('13912345678');
    await expect.poll(() => handler.getByText(order.mailNumber).first().isVisible()).toBe(true);
    // The history names the department, never its code.
    const dispatched = historyEntry(handler, 'dispatched');
    await expect.poll(() => dispatched.textContent()).toContain(`责任单位：${orgs.get('dept-operations')}`);
    expect(await dispatched.textContent()).not.toContain('dept-operations');
    // Both clocks count down; a fresh 2 h response clock is not "due soon" (that is its last quarter, by the policy).
    await expect.poll(() => handler.locator('[data-clock="response"][data-clock-state]').textContent()).toMatch(/^剩余 1小时5\d分$/);
    expect(await handler.locator('[data-clock="response"][data-clock-state]').getAttribute('data-clock-state')).toBe('running');
    await expect.poll(() => handler.locator('[data-clock="resolution"][data-clock-state]').textContent()).toMatch(/^剩余 /);
  });

  it('lets the lead assign: a colleague on leave answers with the substitute, one at the cap needs a confirmation', async () => {
    // handler-1 holds a running order: at the cap of one.
    const held = await dispatchedOrder();
    const claim = await c.s.request('POST', `/v1/work-orders/${held.id}/claim`, { token: tokens(c.s).handler, body: {} });
    expect(claim.status).toBe(200);

    // handler-2 records their own leave on 部门人员, handler-1 standing in.
    const away = await c.signIn('dept-operations-handler-2');
    await away.getByRole('link', { name: '部门人员' }).click();
    await away.getByRole('button', { name: '登记请假' }).click();
    const leave = dialog(away, '登记请假');
    await choose(away, '代理人', nameOf('dept-operations-handler-1'));
    await leave.getByRole('button', { name: '提交' }).click();
    const leaveRow = away.getByTestId('desk-leave').getByRole('row', { name: new RegExp(nameOf('dept-operations-handler-2')) });
    await expect.poll(() => leaveRow.textContent()).toContain(nameOf('dept-operations-handler-1'));
    const personRow = away.getByTestId('desk-people').getByRole('row', { name: new RegExp(nameOf('dept-operations-handler-2')) });
    await expect.poll(() => personRow.textContent()).toContain('休假中');

    // The lead assigns a new order to handler-2: on leave, the answer offers handler-1 instead…
    const order = await dispatchedOrder();
    const lead = await c.signIn('dept-operations-lead');
    await openOrder(lead, order.id);
    await button(lead, 'assign').click();
    const assigning = dialog(lead, /分派工单/);
    await choose(lead, '分派给', nameOf('dept-operations-handler-2'));
    await assigning.getByRole('button', { name: '提交' }).click();
    const answer = assigning.getByTestId('assign-answer');
    await expect
      .poll(() => answer.textContent())
      .toContain(`${nameOf('dept-operations-handler-2')}正在休假，其工作由${nameOf('dept-operations-handler-1')}代理`);
    await answer.getByRole('button', { name: `改为分派给${nameOf('dept-operations-handler-1')}` }).click();
    // …who holds a running order already, of a cap of one: confirm to assign anyway.
    const people = (await c.s.request('GET', '/v1/orgs/dept-operations/people', { token: tokens(c.s).reviewer })).body as { userId: string; load: number }[];
    const load = people.find((p) => p.userId === 'dept-operations-handler-1')!.load;
    expect(load).toBeGreaterThanOrEqual(1);
    await expect.poll(() => answer.textContent()).toContain(`${nameOf('dept-operations-handler-1')}已有 ${load} 件在办工单（上限 1）`);
    expect((await orderOf(order.id)).assignee).toBeNull();
    await answer.getByRole('button', { name: '确认分派' }).click();
    await expect.poll(() => lead.getByTestId('assignee').first().textContent()).toBe(nameOf('dept-operations-handler-1'));
    await expect.poll(() => historyEntry(lead, 'assigned').textContent()).toContain('超出上限（已确认）：是');
    expect((await orderOf(order.id)).assignee.userId).toBe('dept-operations-handler-1');

    // handler-2 comes back early: their leave cancelled on the same page.
    await away.reload();
    await leaveRow.getByRole('button', { name: '撤销' }).click();
    await away.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => leaveRow.count()).toBe(0);
    await expect.poll(() => personRow.textContent()).toContain('在岗');
  });

  it('refuses a transfer without a reason; the receiving department sees it pinned with the reason and refuses it back', async () => {
    const order = await dispatchedOrder();
    const handler = await c.signIn('dept-operations-handler-1');
    await openOrder(handler, order.id);
    await button(handler, 'transfer').click();
    const transferring = dialog(handler, /转派工单/);
    await choose(handler, '转派至', orgs.get('dept-delivery')!);
    await choose(handler, '转派原因', '非本部门职责');
    // Without the text the form says what is missing, and nothing is sent.
    await transferring.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => transferring.getByText('请填写转派说明').isVisible()).toBe(true);
    expect((await orderOf(order.id)).assignedOrg).toBe('dept-operations');
    await transferring.getByLabel('转派说明').fill('收件地址属投递部片区');
    await transferring.getByRole('button', { name: '提交' }).click();
    await expect.poll(async () => (await orderOf(order.id)).assignedOrg).toBe('dept-delivery');
    // The order is 投递部's now: its page sends the handler back to their queue.
    await handler.waitForURL(`${c.base}/my-orders`);

    // 投递部's queue: the order pinned on top with its reason; refused, it goes back.
    const receiver = await c.signIn('dept-delivery-handler-1');
    await receiver.getByRole('link', { name: '工单队列' }).click();
    const pinned = receiver.locator(`[data-pinned="${order.number}"]`);
    await expect.poll(() => pinned.textContent()).toContain('转派：非本部门职责 — 收件地址属投递部片区');
    await expect.poll(() => pinned.textContent()).toContain(`来自${orgs.get('dept-operations')}`);
    await receiver.screenshot({ path: join(SCREENSHOTS, 'department-queue-transfer-1280.png'), fullPage: true, animations: 'disabled' });
    await pinned.getByRole('button', { name: '拒收' }).click();
    const refusing = dialog(receiver, /拒收转派/);
    await refusing.getByLabel('拒收原因').fill('该地址仍属运营管理中心');
    await refusing.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => pinned.count()).toBe(0);
    const back = await orderOf(order.id);
    expect(back).toMatchObject({ assignedOrg: 'dept-operations', assignee: { userId: 'dept-operations-handler-1' }, pendingTransfer: null });
    await openOrder(handler, order.id);
    await expect.poll(() => historyEntry(handler, 'transferred').textContent()).toContain(`转至：${orgs.get('dept-delivery')}`);
    await expect.poll(() => historyEntry(handler, 'transfer_refused').textContent()).toContain('该地址仍属运营管理中心');
  });

  it('returns a misrouted order to the reviewer, who re-dispatches it from 待改派', async () => {
    const order = await dispatchedOrder();
    const handler = await c.signIn('dept-operations-handler-2');
    await openOrder(handler, order.id);
    await button(handler, 'returnToReviewer').click();
    const returning = dialog(handler, /退回工单/);
    await returning.getByLabel('退回原因').fill('属理赔事项，应派理赔中心');
    await returning.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => handler.getByTestId('misrouted').textContent()).toContain('属理赔事项，应派理赔中心');

    const reviewer = await c.signIn('reviewer-1');
    await reviewer.getByRole('link', { name: '审核队列' }).click();
    await reviewer.getByRole('tab', { name: /待改派/ }).click();
    const row = reviewer.getByTestId('misrouted-queue').getByRole('row', { name: new RegExp(order.number) });
    await expect.poll(() => row.getByTestId('misroute-reason').textContent()).toBe('属理赔事项，应派理赔中心');
    await row.getByRole('button', { name: '改派' }).click();
    const redispatching = dialog(reviewer, /改派工单/);
    await choose(reviewer, '改派至', orgs.get('dept-claims')!);
    await redispatching.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await orderOf(order.id)).toMatchObject({ status: 'dispatched', assignedOrg: 'dept-claims', misrouteReason: null });
  });

  it('keeps one thread of the department’s question and the office’s append, and the internal note from the office', async () => {
    const order = await dispatchedOrder();
    const handler = await c.signIn('dept-operations-handler-1');
    await openOrder(handler, order.id);
    await button(handler, 'ask').click();
    const asking = dialog(handler, /请求收寄局补充信息/);
    await asking.getByLabel('需补充的内容').fill('请提供收件人的新地址和联系时间');
    await asking.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => handler.getByTestId('open-question').textContent()).toContain('请提供收件人的新地址和联系时间');
    await button(handler, 'note').click();
    const noting = dialog(handler, /内部备注/);
    await noting.getByLabel('备注内容').fill('客户情绪激动，今日内回电');
    await noting.locator('input[type=file]').setInputFiles({ name: '通话记录.png', mimeType: 'image/png', buffer: PHOTO });
    await expect.poll(() => noting.locator('[data-attachment="通话记录.png"]').getAttribute('data-status')).toBe('done');
    await noting.getByRole('button', { name: '提交' }).click();
    const note = handler.locator('[data-thread-action="note"]');
    await expect.poll(() => note.getAttribute('data-internal')).toBe('true');
    await expect.poll(() => note.textContent()).toContain('客户情绪激动，今日内回电');
    await expect.poll(() => handler.locator('[data-attachment="通话记录.png"]').getAttribute('data-visibility')).toBe('department');

    // The office: the question, no note, no internal file; its append answers the question.
    const agent = await c.signIn('jinan-agent-1');
    await openOrder(agent, order.id);
    await expect.poll(() => agent.getByTestId('open-question').textContent()).toContain('请提供收件人的新地址和联系时间');
    await expect.poll(() => agent.locator('[data-thread-action="asked"]').count()).toBe(1);
    expect(await agent.locator('[data-thread-action="note"]').count()).toBe(0);
    expect(await agent.getByText('客户情绪激动').count()).toBe(0);
    expect(await agent.locator('[data-attachment="通话记录.png"]').count()).toBe(0);
    expect(await historyEntry(agent, 'note').count()).toBe(0);
    await button(agent, 'append').click();
    const appending = dialog(agent, /信息追加/);
    await appending.getByLabel('追加的信息').fill('新地址：历下区泉城路1号，工作日白天可联系');
    await appending.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => agent.locator('[data-thread-action="appended"]').textContent()).toContain('新地址：历下区泉城路1号');
    await expect.poll(() => agent.getByTestId('open-question').count()).toBe(0);

    // The handler's thread: question, internal note and the office's answer, in order.
    await handler.reload();
    const thread = handler.locator('[data-thread-action]');
    await expect.poll(() => thread.evaluateAll((els) => els.map((e) => e.getAttribute('data-thread-action')))).toEqual(['asked', 'note', 'appended']);
    await expect.poll(() => handler.locator('[data-thread-action="appended"]').textContent()).toContain('请提供收件人的新地址和联系时间');
    await handler.screenshot({ path: join(SCREENSHOTS, 'handler-work-order-1280.png'), fullPage: true, animations: 'disabled' });
  });

  it('filters the department’s queue by assignee, clock and category with counts, and finds an order by its number', async () => {
    const order = await dispatchedOrder();
    const handler = await c.signIn('dept-operations-handler-1');
    await handler.getByRole('link', { name: '工单队列' }).click();
    const queue = handler.getByTestId('work-order-queue');
    const row = queue.getByRole('row', { name: new RegExp(order.number) });
    await expect.poll(() => row.isVisible()).toBe(true);
    // Counts beside the filters, as the API counts them.
    const facets = (await c.s.request('GET', '/v1/work-orders/facets?running=true', { token: tokens(c.s).handler })).body;
    const filters = handler.getByTestId('queue-filters');
    await expect.poll(() => filters.getByText(`待认领（${facets.unassigned}）`).isVisible()).toBe(true);
    await expect.poll(() => filters.getByText(`我的（${facets.mine}）`).isVisible()).toBe(true);
    // A fresh order is neither overdue nor due soon; it is a 延误, not a 丢失.
    await filters.getByText(/^已超时（/).click();
    await expect.poll(() => row.count()).toBe(0);
    await filters.getByText('不限', { exact: true }).click();
    await expect.poll(() => row.isVisible()).toBe(true);
    await choose(handler, '问题类型', `丢失（${facets.byCategory.loss ?? 0}）`);
    await expect.poll(() => row.count()).toBe(0);
    await choose(handler, '问题类型', `延误（${facets.byCategory.delay}）`);
    await expect.poll(() => row.isVisible()).toBe(true);
    await filters.getByText(/^我的（/).click();
    await expect.poll(() => row.count()).toBe(0);
    await filters.getByText(/^待认领（/).click();
    await expect.poll(() => row.isVisible()).toBe(true);
    // Claimed from the row, it leaves 待认领 and shows under 我的.
    await row.getByRole('button', { name: '认领' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await filters.getByText(/^我的（/).click();
    await expect.poll(() => row.getByTestId('assignee').textContent()).toBe(nameOf('dept-operations-handler-1'));
    await filters.getByText(/^全部（/).click();
    await choose(handler, '问题类型', '全部类型');
    await expect.poll(() => handler.url()).not.toContain('category=');
    // Nothing wraps at 1280 px: every row as tall as the number over the mail number makes it.
    const heights = await queue
      .locator('tbody tr.ant-table-row')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as { offsetHeight: number }).offsetHeight));
    expect(Math.max(...heights) - Math.min(...heights)).toBeLessThanOrEqual(2);
    expect(Math.max(...heights)).toBeLessThanOrEqual(64);
    const overflow = await queue.locator('.ant-table-content').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'the queue fits the page at 1280 px').toBeLessThanOrEqual(0);
    await handler.screenshot({ path: join(SCREENSHOTS, 'department-queue-1280.png'), fullPage: true, animations: 'disabled' });
    // Search by number.
    await handler.getByPlaceholder('输入工单编号或邮件号').fill(order.number.toLowerCase());
    await handler.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => queue.locator('tbody tr.ant-table-row').count()).toBe(1);
    await expect.poll(() => row.isVisible()).toBe(true);
    // On the order's page the menu still shows where the handler came from.
    await row.getByRole('link', { name: order.number }).click();
    await handler.waitForURL(`${c.base}/work-orders/${order.id}`);
    await expect.poll(() => handler.locator('.ant-menu-item-selected').textContent()).toBe('工单队列');
  });
});
