// The console shows exactly the actions the API would accept. One case walks through every state
// by clicks — each action's button is clicked once where it is offered, and the API accepts it —
// and at every state, for five people, the buttons on the case page are compared with the
// caller's `allowedActions`, and each action without a button is sent to the API directly and
// refused (403, 404 or 409).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { actionRequest, CASE_ACTIONS, CASE_PATHS, type CaseRef } from '../helpers/case-actions.js';
import { createApplication, tokens } from '../helpers/fixtures.js';
import { eventually } from '../helpers/service.js';
import { consoleForFile, dialog } from './console.js';

const c = consoleForFile();

interface Person {
  who: string;
  page: Page;
  token: string;
}

/** The action buttons a person sees on a case's page (the escalation board's row, for escalations). */
async function buttonsShown(p: Person, ref: CaseRef): Promise<string[]> {
  const page = p.page;
  if (ref.kind === 'escalation') {
    await page.goto(`${c.base}/escalations`);
    await page.locator('.level-card').first().waitFor();
    const row = page.locator(`tr[data-row-key="${ref.id}"]`);
    if ((await row.count()) === 0) return [];
    return row.locator('[data-action]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')!));
  }
  await page.goto(`${c.base}/${CASE_PATHS[ref.kind]}/${ref.id}`);
  // The case's page (its number as the title), or the answer that there is none for this person.
  await page.locator('h3, .ant-result').first().waitFor();
  return page.locator('[data-action]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')!));
}

/** What the API says the person may do (nothing, when they may not read the case). */
async function allowed(p: Person, ref: CaseRef): Promise<string[]> {
  const res = await c.s.request('GET', `/v1/${CASE_PATHS[ref.kind]}/${ref.id}`, { token: p.token });
  return res.status === 200 ? res.body.allowedActions : [];
}

/** At this state, for everyone: the buttons are exactly the allowed actions, and the API refuses every other action. */
// The five look at the case side by side (a page each) and send their refused actions at once.
async function checkEveryone(people: Person[], ref: CaseRef, expectOffered: Record<string, string[]>): Promise<void> {
  // The escalation board is the supervisor's and the reviewer's.
  const lookers = ref.kind === 'escalation' ? people.filter((p) => ['supervisor-1', 'reviewer-1'].includes(p.who)) : people;
  const checked = await Promise.allSettled(
    lookers.map(async (p) => {
      const shown = (await buttonsShown(p, ref)).sort();
      const api = (await allowed(p, ref)).sort();
      expect(shown, `${p.who} sees the buttons the API allows`).toEqual(api);
      expect(api, `${p.who} may`).toEqual((expectOffered[p.who] ?? []).slice().sort());
      await Promise.all(
        CASE_ACTIONS[ref.kind]
          .filter((a) => !shown.includes(a))
          .map(async (action) => {
            const { url, body } = actionRequest(ref, action);
            const res = await c.s.request('POST', url, { token: p.token, body });
            expect([403, 404, 409], `${p.who} ${action} without a button: ${res.status}`).toContain(res.status);
          }),
      );
    }),
  );
  // Every look finished (no page still moving when the failure is pictured): the first failed one, if any.
  const failed = checked.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function click(p: Person, action: string, fill?: (page: Page) => Promise<void>, title?: RegExp) {
  await p.page.locator(`[data-action="${action}"]:visible`).first().click();
  if (!fill) return;
  await fill(p.page);
  await dialog(p.page, title!)
    .getByRole('button', { name: /提交|确认|退回|放弃|升级|激活/ })
    .last()
    .click();
}

const statusOf = async (ref: CaseRef) => (await c.s.request('GET', `/v1/${CASE_PATHS[ref.kind]}/${ref.id}`, { token: tokens(c.s).reviewer })).body;
const until = async (ref: CaseRef, check: (body: Record<string, unknown>) => boolean) => eventually(async () => check(await statusOf(ref)));

describe('buttons are the API’s allowedActions', () => {
  it('walks a case through every state by clicks, comparing the buttons with the API for five people', async () => {
    const t = tokens(c.s);
    const people: Person[] = [];
    for (const [who, token] of [
      ['jinan-agent-1', t.office],
      ['qingdao-agent-1', t.otherOffice],
      ['reviewer-1', t.reviewer],
      ['dept-operations-handler-1', t.handler],
      ['supervisor-1', t.supervisor],
    ] as const) {
      people.push({ who, page: await c.signIn(who), token });
    }
    const [office, , reviewer, handler, supervisor] = people as [Person, Person, Person, Person, Person];

    // The application: submitted → returned (click 退回) → submitted (click 重新提交) → approved (click 审核通过).
    const created = await createApplication(c.s);
    const app: CaseRef = { kind: 'application', id: created.id };
    await checkEveryone(people, app, { 'reviewer-1': ['approve', 'return', 'escalate'], 'supervisor-1': ['escalate'] });
    await buttonsShown(reviewer, app);
    await click(
      reviewer,
      'return',
      (page) =>
        dialog(page, /退回申请单/)
          .getByLabel('退回原因')
          .fill('缺少签收信息'),
      /退回申请单/,
    );
    await until(app, (b) => b.status === 'returned');
    await checkEveryone(people, app, { 'jinan-agent-1': ['resubmit', 'abandon'], 'reviewer-1': ['escalate'], 'supervisor-1': ['escalate'] });
    await buttonsShown(office, app);
    await click(office, 'resubmit');
    await office.page.getByTestId('resubmit-form').getByLabel('客户诉求').fill('客户要求尽快投递，已补充签收信息');
    await office.page.getByTestId('resubmit-form').getByRole('button', { name: '重新提交' }).click();
    await until(app, (b) => b.status === 'submitted');
    await buttonsShown(reviewer, app);
    await click(reviewer, 'approve');
    const approved = await until(app, (b) => b.status === 'closed');
    expect(approved).toBe(true);
    await checkEveryone(people, app, {});

    // Its work order: dispatched → urged and appended → accepted → replied → closed below standard → visited → reactivated.
    const order: CaseRef = { kind: 'workOrder', id: (await statusOf(app)).workOrderId as string };
    await checkEveryone(people, order, {
      'jinan-agent-1': ['urge', 'append'],
      'reviewer-1': ['escalate'],
      // In the department's queue: anyone of it may take it (accept, claim), pass it on or ask.
      'dept-operations-handler-1': ['accept', 'claim', 'transfer', 'returnToReviewer', 'ask', 'note'],
      'supervisor-1': ['escalate'],
    });
    await buttonsShown(office, order);
    await click(office, 'urge', (page) => dialog(page, /催单/).getByLabel('备注').fill('客户再次来电'), /催单/);
    await until(order, (b) => b.urgeCount === 1);
    await buttonsShown(office, order);
    await click(
      office,
      'append',
      (page) =>
        dialog(page, /信息追加/)
          .getByLabel('追加的信息')
          .fill('客户补充了新地址'),
      /信息追加/,
    );
    await eventually(async () => ((await statusOf(order)).history as { action: string }[]).some((h) => h.action === 'appended'));
    await buttonsShown(handler, order);
    await click(handler, 'accept');
    await until(order, (b) => b.status === 'accepted');
    await checkEveryone(people, order, {
      'jinan-agent-1': ['urge', 'append'],
      'reviewer-1': ['escalate'],
      // Accepting took it: theirs to answer, release, pass on, or pause while it waits on someone.
      'dept-operations-handler-1': ['reply', 'release', 'transfer', 'ask', 'note', 'pause'],
      'supervisor-1': ['escalate'],
    });
    await buttonsShown(handler, order);
    await click(
      handler,
      'reply',
      async (page) => {
        await dialog(page, /回复工单/)
          .getByLabel('处理结果')
          .fill('已联系投递员');
        await dialog(page, /回复工单/)
          .getByRole('radio', { name: '是' })
          .check();
      },
      /回复工单/,
    );
    await until(order, (b) => b.status === 'replied');
    await checkEveryone(people, order, {
      'jinan-agent-1': ['urge', 'append'],
      'reviewer-1': ['close', 'escalate'],
      'dept-operations-handler-1': ['note'],
      'supervisor-1': ['escalate'],
    });
    await buttonsShown(reviewer, order);
    await click(reviewer, 'close', (page) => dialog(page, /结案/).getByRole('radio', { name: '否' }).check(), /结案/);
    await until(order, (b) => b.status === 'closed');
    await checkEveryone(people, order, {
      'jinan-agent-1': ['reactivate'],
      'reviewer-1': ['reactivate', 'returnVisit'],
      'dept-operations-handler-1': ['note'],
    });
    await buttonsShown(reviewer, order);
    await click(
      reviewer,
      'returnVisit',
      async (page) => {
        await dialog(page, /回访/).getByRole('radio').nth(3).check();
      },
      /回访/,
    );
    await until(order, (b) => b.satisfaction === 4);
    await checkEveryone(people, order, { 'jinan-agent-1': ['reactivate'], 'reviewer-1': ['reactivate'], 'dept-operations-handler-1': ['note'] });
    await buttonsShown(office, order);
    await click(office, 'reactivate', (page) => dialog(page, /激活/).getByLabel('激活原因').fill('客户不认可结果'), /激活/);
    await until(order, (b) => b.status === 'dispatched');

    // Its escalation, opened by hand (click 升级) → acknowledged (click 确认) → resolved (click 解决).
    await buttonsShown(supervisor, order);
    await click(supervisor, 'escalate', (page) => dialog(page, /升级/).getByLabel('升级原因').fill('跨专业疑难'), /升级/);
    const escalation: CaseRef = {
      kind: 'escalation',
      id: await eventually(
        async () => (await c.s.request('GET', `/v1/escalations?subjectId=${order.id}&open=true`, { token: t.supervisor })).body.items[0]?.id,
      ),
    };
    await checkEveryone(people, escalation, { 'supervisor-1': ['acknowledge', 'resolve'], 'reviewer-1': ['resolve'] });
    await buttonsShown(supervisor, escalation);
    await click(supervisor, 'acknowledge', async () => undefined, /确认升级/);
    await until(escalation, (b) => b.acknowledgedAt !== null);
    await checkEveryone(people, escalation, { 'supervisor-1': ['resolve'], 'reviewer-1': ['resolve'] });
    await buttonsShown(reviewer, escalation);
    await click(reviewer, 'resolve', async () => undefined, /解决升级/);
    await until(escalation, (b) => b.status === 'resolved');

    // Abandoning a returned application (click 放弃) — the last action of the set.
    const other: CaseRef = { kind: 'application', id: (await createApplication(c.s)).id };
    const back = await c.s.request('POST', `/v1/applications/${other.id}/review`, { token: t.reviewer, body: { decision: 'return', reason: '重复申请' } });
    expect(back.status).toBe(200);
    await buttonsShown(office, other);
    await click(office, 'abandon', async () => undefined, /放弃申请单/);
    await until(other, (b) => b.status === 'closed' && b.becameOrder === false);
    await checkEveryone(people, other, {});
  });
});
