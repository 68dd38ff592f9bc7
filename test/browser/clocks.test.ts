// The clocks in the browser, on a short policy: the resolution chip on a page left open turns from
// 剩余 to 预警 to 超时 by itself; the handler pauses the clock by clicks (its chip says 已暂停) and
// resumes it.
import { describe, expect, it } from 'vitest';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { consoleForFile, dialog } from './console.js';

// A 12 s resolution clock: its last quarter (the warning) begins at 9 s.
// Losses get 2 h (the pause test has time for its clicks).
const c = consoleForFile({
  policy: {
    workOrder: {
      default: { response: '1h', resolution: '12s', clock: 'calendar' },
      byCategory: [{ category: 'loss', response: '1h', resolution: '2h', clock: 'calendar' }],
    },
  },
});

async function acceptedOrder() {
  const t = tokens(c.s);
  const app = await createApplication(c.s);
  const { workOrderId } = await approve(c.s, app.id);
  for (const action of ['claim', 'accept']) {
    const res = await c.s.request('POST', `/v1/work-orders/${workOrderId}/${action}`, { token: t.handler, body: {} });
    expect(res.status).toBe(200);
  }
  return workOrderId;
}

describe('clock chips', () => {
  it('turns from 剩余 to 预警 to 超时 on a page left open', async () => {
    const id = await acceptedOrder();
    const handler = await c.signIn('dept-operations-handler-1');
    await handler.goto(`${c.base}/work-orders/${id}`);
    const chip = handler.locator('[data-clock="resolution"][data-clock-state]');
    await expect.poll(() => chip.getAttribute('data-clock-state')).toBe('running');
    expect(await chip.textContent()).toMatch(/^剩余 /);
    await expect.poll(() => chip.getAttribute('data-clock-state'), { timeout: 15_000 }).toBe('warning');
    expect(await chip.textContent()).toMatch(/^预警 剩余 /);
    await expect.poll(() => chip.getAttribute('data-clock-state'), { timeout: 15_000 }).toBe('overdue');
    expect(await chip.textContent()).toMatch(/^超时 /);
  });

  it('the handler pauses the resolution clock and resumes it by clicks', async () => {
    const t = tokens(c.s);
    const app = await createApplication(c.s, { problemCategory: 'loss' });
    const { workOrderId: id } = await approve(c.s, app.id);
    await c.s.request('POST', `/v1/work-orders/${id}/claim`, { token: t.handler, body: {} });
    const handler = await c.signIn('dept-operations-handler-1');
    await handler.goto(`${c.base}/work-orders/${id}`);
    await handler.locator('[data-action="pause"]:visible').first().click();
    const form = dialog(handler, /挂起/);
    const reason = form.getByLabel('挂起原因', { exact: true });
    await reason.click();
    await reason.fill('等待第三方');
    await reason.press('Enter');
    await form.getByLabel('说明', { exact: true }).fill('等待海关回复');
    const until = form.getByLabel('预计恢复时间', { exact: true });
    await until.click();
    const later = new Date(Date.now() + 26 * 3_600_000);
    const text = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(later);
    await until.fill(text);
    await until.press('Enter');
    await form.getByRole('button', { name: '提交' }).click();
    const chip = handler.locator('[data-clock="resolution"][data-clock-state]');
    await expect.poll(() => chip.getAttribute('data-clock-state')).toBe('paused');
    expect(await chip.textContent()).toBe('已暂停');
    const paused = (await c.s.request('GET', `/v1/work-orders/${id}`, { token: t.reviewer })).body;
    expect(paused.pause).toMatchObject({ reasonCategory: '等待第三方', reason: '等待海关回复' });
    expect(Math.abs(Date.parse(paused.pause.until) - later.getTime())).toBeLessThan(60_000);
    await handler.locator('[data-action="resume"]:visible').first().click();
    await expect.poll(() => chip.getAttribute('data-clock-state')).not.toBe('paused');
    expect((await c.s.request('GET', `/v1/work-orders/${id}`, { token: t.reviewer })).body.pause).toBeNull();
  });
});
