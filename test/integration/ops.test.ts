// Operators' tools on the real stack, each stuck reason provoked for real: a failing activity, a
// non-deterministic deploy on a test task queue, a row altered behind the workflow's back, a
// deadline passed with no worker; then retry, reset with reapply, replay and reconcile.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications, history, outbox, workOrders } from '../../db/schema.js';
import { httpSmsSender } from '../../activities/sms.js';
import { caseState } from '../../contract/messages.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { approve, createApplication, createWhileTemporalDown, registerMailItem, tokens, untilWorkflowsRan } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/sms-gateway.js';
import { bundleWithVariant } from '../replay/variant-bundle.js';

let s: TestService;
let gateway: TestGateway;
let ops: string;
beforeAll(async () => {
  gateway = await startGateway();
  s = await startTestService({ sms: httpSmsSender(gateway.url, 2_000) });
  ops = s.token('ops', 'province', 'ops-1');
});
afterAll(async () => {
  await s?.stop();
  await gateway?.close();
});

const stuck = async (graceSeconds = 0) =>
  (await s.request('GET', `/v1/ops/stuck?graceSeconds=${graceSeconds}`, { token: ops })).body as {
    workflowId: string;
    reason: string;
    since: string;
    detail: Record<string, unknown>;
  }[];
const actionsOf = async (id: string) => (await s.db.db.select().from(history).where(eq(history.caseId, id))).map((h) => h.action);

describe('stuck workflows', () => {
  it('finds an activity failing and retrying, and retry runs it again now', async () => {
    const t = tokens(s);
    const app = await createApplication(s);
    gateway.failNext(1_000);
    await s.request('POST', `/v1/applications/${app.id}/review`, { token: t.reviewer, body: { decision: 'return', reason: 'x' } });
    const row = await eventually(async () => (await stuck()).find((r) => r.workflowId === app.workflowId && r.reason === 'activity_failing'), 20_000);
    expect(row.detail).toMatchObject({ activityType: 'deliverMessages' });
    expect(row.detail.attempt).toBeGreaterThanOrEqual(2);
    expect(row.detail.lastFailure).toContain('SMS gateway answered 503');

    gateway.failNext(0);
    const retried = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/retry`, { token: ops });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.retried.length).toBe(1);
    await eventually(async () => (await s.db.db.select().from(outbox).where(eq(outbox.caseId, app.id)))[0]?.status === 'sent', 10_000);
    expect(await actionsOf(app.id)).toContain('ops_retry');
  });

  it('finds a row altered behind the workflow’s back, and reconcile rewrites it from the workflow’s state', async () => {
    const app = await createApplication(s);
    await untilWorkflowsRan(s, [app.workflowId]);
    await s.db.db.update(applications).set({ status: 'closed', becameOrder: false }).where(eq(applications.id, app.id));
    const row = await eventually(async () => (await stuck()).find((r) => r.workflowId === app.workflowId && r.reason === 'out_of_step'));
    expect(row.detail).toEqual({ record: 'application', database: { status: 'closed', seq: 1 }, workflow: { status: 'submitted', seq: 1 } });

    const fixed = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/reconcile`, { token: ops });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ before: { status: 'closed', seq: 1 }, after: { status: 'submitted', seq: 1 } });
    const [after] = await s.db.db.select().from(applications).where(eq(applications.id, app.id));
    expect(after).toMatchObject({ status: 'submitted', becameOrder: null });
    expect((await stuck()).filter((r) => r.workflowId === app.workflowId)).toEqual([]);
    expect(await actionsOf(app.id)).toContain('ops_reconcile');
  });

  it('finds a case past its deadline with no transition since (no worker runs its timer)', async () => {
    // An API whose task queue no worker serves: the workflow starts but never runs.
    const orphan = await startTestService({ worker: false, taskQueue: `nobody-${randomUUID()}`, policy: { application: { reviewDeadline: '1s' } } });
    try {
      const app = await createApplication(orphan);
      await new Promise((r) => setTimeout(r, 1_500));
      const rows = (await stuck()).filter((r) => r.workflowId === app.workflowId);
      expect(rows.map((r) => r.reason)).toEqual(['deadline_passed']);
      expect(rows[0]!.detail).toMatchObject({ status: 'submitted', clock: 'review' });
      expect(Date.parse(rows[0]!.since)).toBeLessThan(Date.now());
      await orphan.client.workflow.getHandle(app.workflowId).terminate('test cleanup');
    } finally {
      await orphan.stop();
    }
  });

  it('finds a reserved case whose workflow start is still owed, and retry starts it', async () => {
    // Owed on a task queue no sweeper serves, so only the operator's retry starts it.
    const taskQueue = `owed-${randomUUID()}`;
    const created = await createWhileTemporalDown(s, await registerMailItem(s), { taskQueue });
    const app = created.body as { id: string; workflowId: string };
    const row = (await stuck()).find((r) => r.workflowId === app.workflowId);
    expect(row).toMatchObject({ reason: 'workflow_not_started', detail: { taskQueue } });

    const retried = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/retry`, { token: ops });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ started: true, retried: [] });
    const d = await s.client.workflow.getHandle(app.workflowId).describe();
    expect({ status: d.status.name, taskQueue: d.taskQueue }).toEqual({ status: 'RUNNING', taskQueue });
    await s.client.workflow.getHandle(app.workflowId).terminate('test cleanup'); // nobody serves its queue
    expect((await stuck()).filter((r) => r.workflowId === app.workflowId)).toEqual([]);
    expect(await actionsOf(app.id)).toEqual(expect.arrayContaining(['created', 'ops_retry']));
  });

  it('finds workflow tasks failing after a non-deterministic deploy on a test task queue', async () => {
    const taskQueue = `deploy-${randomUUID()}`;
    const dir = join(tmpdir(), `variants-${randomUUID()}`);
    mkdirSync(dir);
    const after = join(dir, 'after.js');
    writeFileSync(after, await bundleWithVariant('./review-reminder.js', 'review-reminder-removed'));
    // The code of today runs the case until its review deadline fires…
    const old = await startTestService({ taskQueue, policy: { application: { reviewDeadline: '1s' } } });
    const app = await createApplication(old);
    await eventually(async () => (await actionsOf(app.id)).includes('review_overdue'));
    await eventually(async () => (await old.client.workflow.getHandle(app.workflowId).describe()).raw.pendingActivities?.length === 0);
    await old.stop();
    // …then a change (the reminder removed) ships without patched(): the next task replays the history and fails.
    const bad = await startTestService({ taskQueue, bundlePath: after, policy: { application: { reviewDeadline: '1s' } } });
    try {
      await s.client.workflow.getHandle(app.workflowId).signal('poke');
      const row = await eventually(async () => (await stuck()).find((r) => r.workflowId === app.workflowId && r.reason === 'workflow_task_failing'), 30_000);
      expect(row.detail.attempt).toBeGreaterThanOrEqual(2);
      const replayed = await s.request('POST', '/v1/ops/replay', { token: ops, body: { workflowIds: [app.workflowId] } });
      expect(replayed.body).toMatchObject({ replayed: 1, deterministic: 1 }); // the current code is fine with it
      await s.client.workflow.getHandle(app.workflowId).terminate('test cleanup');
    } finally {
      await bad.stop().catch(() => undefined);
    }
  });
});

describe('reset, replay', () => {
  it('resets to the first workflow task, reapplying the updates after it, and records the reset in the case history', async () => {
    const t = tokens(s);
    const app = await createApplication(s);
    await s.request('POST', `/v1/applications/${app.id}/review`, { token: t.reviewer, body: { decision: 'return', reason: '资料不全' } });
    await s.request('POST', `/v1/applications/${app.id}/resubmit`, { token: t.office, body: { demand: '补充后重新提交' } });
    const smsBefore = (await s.db.db.select().from(outbox).where(eq(outbox.caseId, app.id))).length;

    const res = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/reset`, {
      token: ops,
      body: { to: 'first-workflow-task', reason: 'bad deploy on 11-23' },
    });
    expect(res.status).toBe(200);
    expect(res.body.runId).not.toBe(res.body.previousRunId);
    const state = await eventually(async () => {
      const st = (await s.client.workflow.getHandle(app.workflowId, res.body.runId).query(caseState)).application;
      return st.status === 'submitted' && st.returnCount === 1 ? st : undefined;
    });
    expect(state).toMatchObject({ demand: '补充后重新提交', reviewCount: 1 });
    await eventually(async () => (await s.db.db.select().from(applications).where(eq(applications.id, app.id)))[0]?.runId === res.body.runId);
    // The new run re-records its transitions one at a time: wait for the last of them.
    const actions = await eventually(async () => {
      const all = await actionsOf(app.id);
      return all.filter((a) => a === 'resubmitted').length >= 2 ? all : undefined;
    });
    expect(actions).toContain('ops_reset');
    expect(actions.filter((a) => a === 'resubmitted')).toHaveLength(2); // once per run
    const rowsAfter = await s.db.db.select().from(outbox).where(eq(outbox.caseId, app.id));
    expect(rowsAfter.length, JSON.stringify(rowsAfter.map((r) => [r.dedupeKey, r.body]))).toBe(smsBefore); // no second SMS

    const bad = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/reset`, { token: ops, body: { to: 999_999, reason: 'x' } });
    expect(bad.status).toBe(422);
    expect(
      (
        await s.request('POST', '/v1/ops/workflows/application-00000000-0000-4000-8000-000000000000/reset', {
          token: ops,
          body: { to: 'last-workflow-task', reason: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('an approval run again after a reset keeps the one work order it made (found by schemathesis: a second one failed the workflow task)', async () => {
    const app = await createApplication(s);
    const { workOrderId } = await approve(s, app.id);
    const res = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/reset`, {
      token: ops,
      body: { to: 'first-workflow-task', reason: 'approve again' },
    });
    expect(res.status).toBe(200);
    // The new run takes the reapplied approval (with fresh randomness) and makes the same order.
    const row = await eventually(
      async () =>
        (await s.db.db.select().from(applications).where(eq(applications.id, app.id)))[0]?.runId === res.body.runId &&
        (await s.db.db.select().from(applications).where(eq(applications.id, app.id)))[0],
    );
    expect(row).toMatchObject({ status: 'closed', workOrderId });
    const orders = await s.db.db.select().from(workOrders).where(eq(workOrders.applicationId, app.id));
    expect(orders.map((o) => [o.id, o.runId])).toEqual([[workOrderId, res.body.runId]]);
    const state = await s.client.workflow.getHandle(app.workflowId, res.body.runId).query(caseState);
    expect(state.workOrder).toMatchObject({ id: workOrderId, status: 'dispatched' });
  });

  it('replays histories by id and by query against the running code', async () => {
    const app = await createApplication(s);
    await untilWorkflowsRan(s, [app.workflowId]);
    const byId = await s.request('POST', '/v1/ops/replay', { token: ops, body: { workflowIds: [app.workflowId] } });
    expect(byId.body).toMatchObject({ replayed: 1, deterministic: 1, results: [{ workflowId: app.workflowId, deterministic: true }] });
    const byQuery = await s.request('POST', '/v1/ops/replay', { token: ops, body: { query: `BpmMailNumber = '${app.mailNumber}'` } });
    expect(byQuery.body.replayed).toBeGreaterThanOrEqual(1);
    expect(byQuery.body.deterministic).toBe(byQuery.body.replayed);
  });

  it('is for ops only', async () => {
    const t = tokens(s);
    expect((await s.request('GET', '/v1/ops/stuck', { token: t.reviewer })).status).toBe(403);
    expect((await s.request('POST', '/v1/ops/replay', { token: t.supervisor, body: {} })).status).toBe(403);
  });
});
