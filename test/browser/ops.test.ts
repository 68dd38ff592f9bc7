// An operator repairs stuck cases from the console. Two applications' rows are altered behind
// their workflows' backs (out of step): one is reset (point, reason, confirm) — its new run writes
// the row again — and the other reconciled; the replay check answers deterministic yes/no.
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, history } from '../../db/schema.js';
import { eventually } from '../helpers/service.js';
import { createApplication, untilWorkflowsRan } from '../helpers/fixtures.js';
import { dialog, SCREENSHOTS, consoleForFile } from './console.js';

const c = consoleForFile();

const actions = async (id: string) => (await c.s.db.db.select().from(history).where(eq(history.caseId, id))).map((h) => h.action);
const statusOf = async (id: string) => (await c.s.db.db.select().from(applications).where(eq(applications.id, id)))[0]!.status;

describe('operator', () => {
  it('sees stuck cases with their reason, resets one, reconciles another, checks a replay', async () => {
    const [first, second] = [await createApplication(c.s), await createApplication(c.s)];
    await untilWorkflowsRan(c.s, [first.workflowId, second.workflowId]);
    for (const app of [first, second]) await c.s.db.db.update(applications).set({ status: 'closed', becameOrder: false }).where(eq(applications.id, app.id));

    const ops = await c.signIn('ops-1');
    await ops.getByRole('link', { name: '运维' }).click();
    const rowOf = (workflowId: string) => ops.getByRole('row', { name: new RegExp(workflowId) });
    const [resetRow, reconcileRow] = [rowOf(first.workflowId), rowOf(second.workflowId)];
    await expect
      .poll(
        async () => {
          if (!(await reconcileRow.isVisible())) await ops.getByRole('button', { name: '刷新' }).click();
          return (await resetRow.getByText('记录与流程不一致').isVisible()) && (await reconcileRow.getByText('记录与流程不一致').isVisible());
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe(true);
    // The detail: what the database says against what the workflow says.
    await expect.poll(() => resetRow.textContent()).toContain('数据库记录：closed #1');
    await expect.poll(() => resetRow.textContent()).toContain('流程状态：submitted #1');
    // The workflow's link into the Temporal Web UI.
    expect(await resetRow.getByRole('link', { name: new RegExp(first.workflowId) }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/${first.workflowId}`,
    );
    await ops.screenshot({ path: join(SCREENSHOTS, 'ops-1280.png'), fullPage: true, animations: 'disabled' });

    // The replay check: is the history deterministic on the running code?
    await resetRow.getByRole('button', { name: '重放检查' }).click();
    await expect.poll(() => ops.getByTestId('ops-answer').textContent(), { timeout: 15_000 }).toContain('重放确定性：是');

    // Reset: the point (the run's reset points are offered), a required reason, then a confirmation.
    await resetRow.getByRole('button', { name: '重置' }).click();
    const reset = dialog(ops, /重置流程/);
    await expect.poll(() => reset.getByRole('radio', { name: /事件 #\d+/ }).count()).toBeGreaterThan(0);
    await reset.getByRole('radio', { name: '最近一次流程任务' }).check();
    await reset.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => reset.getByText('请填写重置原因').isVisible()).toBe(true);
    await reset.getByLabel('重置原因').fill('行被手工改动，重新执行');
    await reset.getByRole('button', { name: '下一步' }).click();
    const confirm = dialog(ops, '确认重置');
    await expect.poll(() => confirm.getByTestId('reset-confirm').textContent()).toContain('最近一次流程任务');
    await confirm.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => ops.getByTestId('ops-answer').textContent(), { timeout: 15_000 }).toMatch(/已重置：新运行 \S+（原运行 \S+，事件 #\d+）/);
    await eventually(async () => (await actions(first.id)).includes('ops_reset'));
    // The new run records its transitions again: the row is the workflow's once more, and leaves the list.
    await eventually(async () => (await statusOf(first.id)) === 'submitted');
    await expect
      .poll(
        async () => {
          await ops.getByRole('button', { name: '刷新' }).click();
          return resetRow.count();
        },
        { timeout: 20_000, interval: 2_000 },
      )
      .toBe(0);

    // The other one: reconcile rewrites the row from the workflow's state.
    await reconcileRow.getByRole('button', { name: '对账' }).click();
    await expect.poll(() => ops.getByTestId('ops-answer').textContent(), { timeout: 15_000 }).toContain('已对账：closed#1 → submitted#1');
    expect(await statusOf(second.id)).toBe('submitted');
  });
});
