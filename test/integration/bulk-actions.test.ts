// Bulk actions on the real stack with the worker as its own OS process (the production entry point,
// `start-worker`), so it can be killed with SIGKILL half-way through a batch: the API of this file
// runs without a worker (startTestService({ worker: false })), and the separate worker runs every
// workflow of the file's task queue — the cases' and the batch's. Chosen over the chaos harness so
// the check runs in `npm test` against the shared stack in seconds.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { bulkItems, history, outbox, workOrders } from '../../db/schema.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { startServiceProcess, type ServiceProcess } from '../../harness/processes.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';

let s: TestService;
let t: ReturnType<typeof tokens>;
let worker: ServiceProcess;
const dir = mkdtempSync(join(tmpdir(), 'bulk-actions-'));

beforeAll(async () => {
  s = await startTestService({ worker: false });
  t = tokens(s);
  worker = await startServiceProcess({
    kind: 'worker',
    logFile: join(dir, 'worker.log'),
    env: {
      NODE_ENV: 'development',
      LOCAL_MODE: 'true',
      DATA_DIR: join(dir, 'data'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_TASK_QUEUE: s.taskQueue,
      WORKFLOW_BUNDLE: inject('bundlePath'),
      AUTH_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
    },
  });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await s?.stop();
});

const lead = () => s.token('handler', 'dept-operations', 'dept-operations-lead');

async function newOrders(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const app = await createApplication(s, { demand: `批量转派测试第${i + 1}件` });
    ids.push((await approve(s, app.id)).workOrderId);
  }
  return ids;
}

const itemStates = async (batchId: string) => {
  const rows = await s.db.db.select().from(bulkItems).where(eq(bulkItems.batchId, batchId));
  return { done: rows.filter((r) => r.state === 'done').length, refused: rows.filter((r) => r.state === 'refused').length, rows };
};

describe('bulk actions', () => {
  it('a bulk transfer of 50 with 3 refused reports 47 done and 3 reasons; a worker killed mid-batch loses none and repeats none', async () => {
    const ids = await newOrders(50);
    // Three are held by handler-2: handler-1 may not pass them on (only the holder or the lead may).
    const held = ids.slice(10, 13);
    for (const id of held) {
      const r = await s.request('POST', `/v1/work-orders/${id}/assign`, { token: lead(), body: { assignee: 'dept-operations-handler-2' } });
      expect(r.status).toBe(200);
    }

    // One reason for all; a reason category the policy does not list is refused before anything is recorded.
    const wrong = await s.request('POST', '/v1/bulk-actions', {
      token: t.handler,
      body: { params: { action: 'transfer', to: 'dept-delivery', reasonCategory: '随便', reason: '批量' }, workOrderIds: ids },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'params.reasonCategory', rule: 'transferReason' });

    const started = await s.request('POST', '/v1/bulk-actions', {
      token: t.handler,
      headers: { 'idempotency-key': `bulk-${randomBytes(4).toString('hex')}` },
      body: { params: { action: 'transfer', to: 'dept-delivery', reasonCategory: '非本部门职责', reason: '属于投递部门的问题' }, workOrderIds: ids },
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ action: 'transfer', total: 50, status: 'running' });
    const batchId = started.body.id as string;

    // Kill the worker once some items are done and before all are.
    await eventually(async () => (await itemStates(batchId)).done >= 3, 60_000, 20);
    await worker.kill();
    const atKill = await itemStates(batchId);
    expect(atKill.done + atKill.refused).toBeLessThan(50);
    // Nothing moves while no worker runs.
    const stalled = await s.request('GET', `/v1/bulk-actions/${batchId}`, { token: t.handler });
    expect(stalled.body.status).toBe('running');

    await worker.start();
    const finished = await eventually(
      async () => {
        const r = await s.request('GET', `/v1/bulk-actions/${batchId}`, { token: t.handler });
        return r.body.status === 'finished' && r.body;
      },
      90_000,
      250,
    );
    expect(finished).toMatchObject({ total: 50, done: 47, refused: 3, pending: 0 });
    const refused = finished.items.filter((i: { state: string }) => i.state === 'refused');
    expect(refused.map((i: { workOrderId: string }) => i.workOrderId).sort()).toEqual([...held].sort());
    for (const r of refused) {
      expect(r.code).toBe('FORBIDDEN');
      expect(r.message).toMatch(/only they or the department's lead may/);
    }

    // Each done order was transferred exactly once (one history entry, one notice); the refused ones stayed.
    const transferred = await s.db.db
      .select({ caseId: history.caseId })
      .from(history)
      .where(and(inArray(history.caseId, ids), eq(history.action, 'transferred')));
    const perOrder = new Map<string, number>();
    for (const h of transferred) perOrder.set(h.caseId, (perOrder.get(h.caseId) ?? 0) + 1);
    const done = ids.filter((id) => !held.includes(id));
    expect(done.every((id) => perOrder.get(id) === 1)).toBe(true);
    expect(held.every((id) => !perOrder.has(id))).toBe(true);
    const rows = await s.db.db
      .select({ id: workOrders.id, org: workOrders.assignedOrg, hops: workOrders.transferCount })
      .from(workOrders)
      .where(inArray(workOrders.id, ids));
    for (const r of rows) expect([r.org, r.hops]).toEqual(held.includes(r.id) ? ['dept-operations', 0] : ['dept-delivery', 1]);
    const notices = await s.db.db
      .select({ caseId: outbox.caseId, body: outbox.body })
      .from(outbox)
      .where(and(inArray(outbox.caseId, done), eq(outbox.channel, 'notice')));
    const transferNotices = notices.filter((n) => n.body.includes('属于投递部门的问题'));
    const noticesPer = new Map<string, number>();
    for (const n of transferNotices) noticesPer.set(n.caseId!, (noticesPer.get(n.caseId!) ?? 0) + 1);
    expect(noticesPer.size).toBe(47);
    expect(new Set(noticesPer.values()).size).toBe(1); // as many for each as one single transfer gives

    // The same request again (same key) is the same batch, nothing applied twice.
    const again = await s.request('GET', '/v1/bulk-actions', { token: t.handler });
    expect(again.body.filter((b: { id: string }) => b.id === batchId)).toHaveLength(1);
  }, 240_000);

  it('tags every order of a saved view (each a history entry), and refuses a view of more than 500 orders', async () => {
    const ids = await newOrders(3);
    const tag = `批量${randomBytes(2).toString('hex')}`;
    // Tagged by a selection first; then a view of exactly these orders.
    const first = await s.request('POST', '/v1/bulk-actions', { token: t.handler, body: { params: { action: 'addTag', tag }, workOrderIds: ids } });
    expect(first.status).toBe(201);
    await eventually(async () => (await s.request('GET', `/v1/bulk-actions/${first.body.id}`, { token: t.handler })).body.status === 'finished', 60_000);
    const view = await s.request('POST', '/v1/views', { token: t.handler, body: { name: '批量标签', filters: { tags: [tag] } } });
    expect(view.body.count).toBe(3);
    const second = `${tag}二`;
    const onView = await s.request('POST', '/v1/bulk-actions', { token: t.handler, body: { params: { action: 'addTag', tag: second }, viewId: view.body.id } });
    expect(onView.body.total).toBe(3);
    const result = await eventually(async () => {
      const r = await s.request('GET', `/v1/bulk-actions/${onView.body.id}`, { token: t.handler });
      return r.body.status === 'finished' && r.body;
    }, 60_000);
    expect(result.done).toBe(3);
    const tags = await s.request('GET', `/v1/work-orders/${ids[0]}/tags`, { token: t.handler });
    expect(tags.body.tags).toEqual([tag, second]);

    // The office may not bulk-tag (tags are the handling side's).
    const office = await s.request('POST', '/v1/bulk-actions', { token: t.office, body: { params: { action: 'addTag', tag }, workOrderIds: ids } });
    expect(office.status).toBe(403);
    const big = await s.request('POST', '/v1/views', { token: t.reviewer, body: { name: '全部', filters: {} } });
    if (big.body.count > 500) {
      const tooMany = await s.request('POST', '/v1/bulk-actions', {
        token: t.reviewer,
        body: { params: { action: 'close', meetsStandard: true }, viewId: big.body.id },
      });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.error.details[0]).toMatchObject({ field: 'viewId', rule: 'maxItems' });
    }
  }, 120_000);
});
