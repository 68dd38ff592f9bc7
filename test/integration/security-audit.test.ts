// Issue 24, item 4: every privileged action lands in /v1/audit with who, what, which cases and
// why — role switches, refused sign-ins, ops retry/reset/reconcile/replay, batch resets; a batch
// reset acts only on this service's workflow types and needs the preview's count as confirmation.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { createApplication, createWhileTemporalDown, registerMailItem, untilWorkflowsRan } from '../helpers/fixtures.js';

let s: TestService;
let ops: string;
let admin: string;
beforeAll(async () => {
  s = await startTestService();
  ops = s.token('ops', 'province', 'ops-1');
  admin = s.token('admin', 'province', 'admin-1');
});
afterAll(async () => {
  await s?.stop();
});

interface Entry {
  actor: { userId: string; role: string };
  action: string;
  target: { type: string; id: string };
  detail: { workflowIds?: string[]; [field: string]: unknown };
}
const audit = async (query: string): Promise<Entry[]> => {
  const res = await s.request('GET', `/v1/audit?${query}`, { token: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Entry[];
};
const ofWorkflow = (workflowId: string) => audit(`targetType=workflow&targetId=${encodeURIComponent(workflowId)}`);

describe('sign-in', () => {
  it('a role switch is audited with both roles', async () => {
    const session = await s.signIn('supervisor-2', 'supervisor');
    expect((await s.request('PUT', '/v1/me/role', { session, body: { role: 'reviewer' } })).status).toBe(200);
    const [entry] = (await audit('targetType=user&targetId=supervisor-2')).filter((e) => e.action === 'session.switch_role');
    expect(entry).toMatchObject({ actor: { userId: 'supervisor-2' }, detail: { from: 'supervisor', to: 'reviewer' } });
  });

  it('a refused sign-in is audited with what was tried and why it was refused', async () => {
    const nobody = `nobody-${randomUUID().slice(0, 8)}`;
    expect((await s.request('POST', '/auth/local/sign-in', { body: { userId: nobody } })).status).toBe(404);
    expect((await s.request('POST', '/auth/local/sign-in', { body: { userId: 'jinan-agent-2', role: 'admin' } })).status).toBe(403);
    const [unknown] = (await audit(`targetType=user&targetId=${nobody}`)).filter((e) => e.action === 'session.sign_in_refused');
    expect(unknown).toMatchObject({ detail: { method: 'local', reason: 'unknown or inactive person' } });
    const [wrongRole] = (await audit('targetType=user&targetId=jinan-agent-2')).filter((e) => e.action === 'session.sign_in_refused');
    expect(wrongRole).toMatchObject({ detail: { method: 'local', role: 'admin' } });
  });
});

describe('operations', () => {
  it('reset, reconcile and replay are audited with the operator, the case and the reason', async () => {
    const app = await createApplication(s);
    await untilWorkflowsRan(s, [app.workflowId]);
    const reset = await s.request('POST', `/v1/ops/workflows/${app.workflowId}/reset`, {
      token: ops,
      body: { to: 'last-workflow-task', reason: 'audit test' },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect((await s.request('POST', `/v1/ops/workflows/${app.workflowId}/reconcile`, { token: ops })).status).toBe(200);
    expect((await s.request('POST', '/v1/ops/replay', { token: ops, body: { workflowIds: [app.workflowId] } })).status).toBe(200);

    const entries = await ofWorkflow(app.workflowId);
    const byAction = (a: string) => entries.find((e) => e.action === a);
    expect(byAction('ops.reset')).toMatchObject({ actor: { userId: 'ops-1', role: 'ops' }, detail: { reason: 'audit test', caseId: app.id } });
    expect(byAction('ops.reconcile')).toMatchObject({ actor: { userId: 'ops-1' }, detail: { caseId: app.id } });
    const replays = await audit('targetType=ops&targetId=replay');
    expect(replays.find((e) => e.detail.workflowIds?.includes(app.workflowId))).toMatchObject({ actor: { userId: 'ops-1' }, detail: { deterministic: 1 } });
  });

  it('a retry that starts an owed workflow is audited', async () => {
    const taskQueue = `owed-${randomUUID()}`;
    const created = await createWhileTemporalDown(s, await registerMailItem(s), { taskQueue });
    const app = created.body as { id: string; workflowId: string };
    expect((await s.request('POST', `/v1/ops/workflows/${app.workflowId}/retry`, { token: ops })).status).toBe(200);
    await s.client.workflow.getHandle(app.workflowId).terminate('test cleanup');
    expect((await ofWorkflow(app.workflowId)).find((e) => e.action === 'ops.retry')).toMatchObject({ detail: { caseId: app.id, started: true } });
  });
});

describe('batch reset', () => {
  /** A workflow of another application in the same namespace (no worker: it just sits there). */
  async function foreignWorkflow() {
    const workflowId = `billing-${randomUUID()}`;
    await s.client.workflow.start('billingRunWorkflow', { workflowId, taskQueue: `billing-${randomUUID()}`, args: [] });
    await eventually(async () => (await s.client.workflow.count(`WorkflowId = '${workflowId}'`)).count === 1);
    return workflowId;
  }

  it("never reaches another application's workflows, by batch or by id", async () => {
    const foreign = await foreignWorkflow();
    try {
      const query = `WorkflowId = '${foreign}'`;
      const preview = await s.request('POST', '/v1/ops/reset-batch/preview', { token: ops, body: { query } });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body.matched).toBe(0);
      // A query that tries to climb out of the service's restriction does not either.
      const climbing = await s.request('POST', '/v1/ops/reset-batch', {
        token: ops,
        body: { query: `WorkflowId = 'x') OR (WorkflowId = '${foreign}'`, to: 'last-workflow-task', reason: 'escape', confirm: 0 },
      });
      expect(climbing.status, JSON.stringify(climbing.body)).toBe(422);
      expect(climbing.body.error.details).toEqual([expect.objectContaining({ field: 'query', rule: 'balancedParentheses' })]);
      const single = await s.request('POST', `/v1/ops/workflows/${foreign}/reset`, { token: ops, body: { to: 'last-workflow-task', reason: 'x' } });
      expect(single.status).toBe(404);
      expect((await s.client.workflow.getHandle(foreign).describe()).status.name).toBe('RUNNING');
    } finally {
      await s.client.workflow.getHandle(foreign).terminate('test cleanup');
    }
  });

  it("needs the preview's count as confirmation, and is audited with the query, the count and the reason", async () => {
    const apps = await Promise.all([createApplication(s), createApplication(s)]);
    await untilWorkflowsRan(
      s,
      apps.map((a) => a.workflowId),
    );
    const query = `BpmMailNumber IN ('${apps[0]!.mailNumber}', '${apps[1]!.mailNumber}')`;
    const body = { query, to: 'last-workflow-task', reason: 'bad deploy rehearsal' };

    const unconfirmed = await s.request('POST', '/v1/ops/reset-batch', { token: ops, body });
    expect(unconfirmed.status, JSON.stringify(unconfirmed.body)).toBe(422);
    expect(unconfirmed.body.error.details).toEqual([expect.objectContaining({ field: 'body.confirm' })]);

    const preview = await s.request('POST', '/v1/ops/reset-batch/preview', { token: ops, body: { query } });
    expect(preview.body.matched).toBe(2);
    const wrong = await s.request('POST', '/v1/ops/reset-batch', { token: ops, body: { ...body, confirm: 3 } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.details).toMatchObject({ matched: 2, confirm: 3 });

    const done = await s.request('POST', '/v1/ops/reset-batch', { token: ops, body: { ...body, confirm: 2 } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ matched: 2, reset: 2, failed: 0 });

    const entries = await audit(`targetType=ops_batch&targetId=${done.body.batchId}`);
    expect(entries.find((e) => e.action === 'ops.reset_batch')).toMatchObject({
      actor: { userId: 'ops-1' },
      detail: { query, confirm: 2, reason: 'bad deploy rehearsal', to: 'last-workflow-task' },
    });
    expect(entries.find((e) => e.action === 'ops.reset_batch.finished')).toMatchObject({ detail: { matched: 2, reset: 2, failed: 0 } });
  });
});
