// Rehearsal: backup and restore. While complete cases flow through a cluster and others wait on
// timers, one online backup of the whole PostgreSQL server is taken (the record, temporal and
// temporal_visibility at one WAL position: platform/cluster-backup.ts). The cluster is then
// destroyed (processes and data directory), the backup restored into a fresh one and the cluster
// started on it. Nothing the record held when the backup began is missing; waiting cases go on
// and their timers fire; clients that retry with their idempotency keys drive every case to the
// end with nothing duplicated; the ops stuck scan finds nothing out of step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createSigner } from 'fast-jwt';
import { afterAll, describe, expect, it } from 'vitest';
import { backupServer, restoreServer } from '../../platform/cluster-backup.js';
import { auditRun } from '../../harness/lifecycle-audit.js';
import { driveLifecycles, stepsPerCase, type DriverOptions } from '../../harness/lifecycle-driver.js';
import { actionsByMail, eventually, pause, startRehearsal, type Rehearsal } from './rehearsal.js';

const CASES = Number(process.env.CLUSTER_BACKUP_CASES ?? 300);
const WAITING = 20;
const PROBES = 10;

let r: Rehearsal | undefined;
const report: Record<string, unknown> = {};
const backupDir = mkdtempSync(join(tmpdir(), 'postal-bpm-backup-'));

afterAll(async () => {
  console.table(report);
  await r?.stop();
  rmSync(backupDir, { recursive: true, force: true });
});

describe('backup and restore of the cluster', () => {
  it('a backup taken while cases are open restores into a fresh cluster: nothing the record held is lost, timers fire, retries finish every case once', async () => {
    const started = Date.now();
    r = await startRehearsal('backup');
    const { layout, secret } = r;
    const first = r;
    const pgPort = Number(new URL(first.cluster.databaseUrl).port);
    const run = `BR${Date.now().toString(36).toUpperCase()}`;
    // The waiting cases and probes, and the driver's (its mail numbers start with CH).
    const ours = [`${run}%`, `CH${run}F%`];
    // Probes opened just before the backup with a 120 s review deadline: it falls due after the restore.
    const shortApi = await first.shortPolicyApi('api-short', (text) => text.replace(/reviewDeadline: \S+/, 'reviewDeadline: 120s'));
    const open = (group: string, n: number, base?: string) =>
      Promise.all(Array.from({ length: n }, (_, i) => first.api.open(`${run}${group}${String(i).padStart(4, '0')}`, base)));
    let probes: { workflowId: string }[] = [];
    const midReview = await open('M', WAITING);
    const orders = await open('O', WAITING);
    const orderIds = await Promise.all(orders.map(async (a) => (await first.api.approve(a.id)).workOrderId));
    await Promise.all(orderIds.map((o) => first.api.accept(o)));

    // Complete cases flow; half-way through, the backup.
    const driver: DriverOptions = {
      urls: first.cluster.apiUrls,
      secret,
      cases: CASES,
      concurrency: 16,
      returnEvery: 10,
      runId: `${run}F`,
      retryForMs: 600_000,
    };
    const totalSteps = Array.from({ length: CASES }, (_, i) => stepsPerCase(i % 10 === 0)).reduce((a, b) => a + b, 0);
    let backup:
      | Promise<{ held: { case_id: string; seq: number; action: string }[]; workflows: string[]; result: Awaited<ReturnType<typeof backupServer>> }>
      | undefined;
    const beforeRestore = await driveLifecycles({
      ...driver,
      onStep: (t) => {
        if (backup || t.stepsDone < totalSteps * 0.5) return;
        backup = (async () => {
          probes = await open('P', PROBES, shortApi.url!);
          // What the record holds (and so what clients were told) when the backup begins.
          const held = await first.query<{ case_id: string; seq: number; action: string }>(
            `select h.case_id, h.seq, h.action from history h join applications a on a.id = h.case_id or a.work_order_id = h.case_id where a.mail_number like $1 or a.mail_number like $2`,
            ours,
          );
          const workflows = (
            await first.query<{ workflow_id: string }>(
              // A start still owed (pending_starts) at the backup is the restored sweeper's to make.
              'select workflow_id from applications a where (mail_number like $1 or mail_number like $2) and not exists (select 1 from pending_starts p where p.workflow_id = a.workflow_id)',
              ours,
            )
          ).map((x) => x.workflow_id);
          const adminUrl = first.cluster.databaseUrl.replace(/\/[^/]*$/, '/postgres');
          const result = await backupServer(adminUrl, first.cluster.pg!.dataDir, join(backupDir, 'pg'));
          return { held, workflows, result };
        })();
      },
    });
    const taken = await backup!;
    const sentBefore = [...first.gateway.received];

    // Destroy: every process stopped, the data directory gone.
    const oldDir = first.dir;
    await first.stop(false);
    r = undefined;
    // Restore into a fresh directory, then start the same cluster on it.
    const freshDir = mkdtempSync(join(tmpdir(), 'postal-bpm-restored-'));
    restoreServer(taken.result.dir, join(freshDir, 'pg'));
    const restoreStarted = Date.now();
    r = await startRehearsal('restored', { dir: freshDir, layout, pgPort });
    const restored = r;
    const restartSeconds = (Date.now() - restoreStarted) / 1000;

    // Nothing the record held at the backup's start is missing, and Temporal knows every case it knew.
    const after = new Set(
      (
        await restored.query<{ case_id: string; seq: number; action: string }>(
          `select h.case_id, h.seq, h.action from history h join applications a on a.id = h.case_id or a.work_order_id = h.case_id where a.mail_number like $1 or a.mail_number like $2`,
          ours,
        )
      ).map((h) => `${h.case_id}/${h.seq}/${h.action}`),
    );
    const missing = taken.held.filter((h) => !after.has(`${h.case_id}/${h.seq}/${h.action}`));
    const connection = await Connection.connect({ address: restored.cluster.frontendAddress });
    const client = new Client({ connection });
    const unknown: string[] = [];
    for (const id of taken.workflows)
      await client.workflow
        .getHandle(id)
        .describe()
        .catch(() => unknown.push(id));
    await connection.close();

    // The same clients retry with the same keys: every case reaches the end.
    const afterRestore = await driveLifecycles({ ...driver, urls: restored.cluster.apiUrls, secret: restored.secret });
    // Waiting cases go on from where they were.
    await Promise.all([
      ...midReview.map(async (a) => {
        const { workOrderId } = await restored.api.approve(a.id);
        await restored.api.accept(workOrderId);
        await restored.api.reply(workOrderId);
        await restored.api.close(workOrderId);
      }),
      ...orderIds.map(async (o) => {
        await restored.api.reply(o);
        await restored.api.close(o);
      }),
    ]);
    // Timers set before the backup fire after the restore.
    const overdue = await eventually(
      async () => {
        const fired = [...(await actionsByMail(restored, `${run}P`)).values()].filter((a) => a.includes('review_overdue')).length;
        return fired === PROBES ? fired : undefined;
      },
      240_000,
      'the probes’ review deadlines to fire after the restore',
    );
    const probeDeadlines = await restored.query<{ review_deadline: Date }>('select review_deadline from applications where mail_number like $1', [`${run}P%`]);

    let audit = await auditRun(restored.cluster.databaseUrl, `CH${run}F`, afterRestore.cases, [...sentBefore, ...restored.gateway.received]);
    for (let waited = 0; audit.sms.lost > 0 && waited < 120_000; waited += 2_000) {
      await pause(2_000);
      audit = await auditRun(restored.cluster.databaseUrl, `CH${run}F`, afterRestore.cases, [...sentBefore, ...restored.gateway.received]);
    }
    const waitingDone = await restored.query<{ n: string }>(
      `select count(*) as n from applications a join work_orders w on w.id = a.work_order_id where (a.mail_number like $1 or a.mail_number like $2) and w.status = 'closed'`,
      [`${run}M%`, `${run}O%`],
    );
    // The ops scan, as an operator runs it after a restore.
    const ops = createSigner({ key: restored.secret, algorithm: 'HS256', expiresIn: '1h' })({ sub: 'ops-1', org: 'province', role: 'ops' });
    const ourIds = new Set([...taken.workflows, ...probes.map((p) => p.workflowId)]);
    const stuckAnswer = await fetch(`${restored.cluster.apiUrls[0]}/v1/ops/stuck?graceSeconds=30`, { headers: { authorization: `Bearer ${ops}` } });
    const stuck = (await stuckAnswer.json()) as { workflowId: string; reason: string }[];
    expect(stuckAnswer.status, JSON.stringify(stuck)).toBe(200);
    const stuckOurs = stuck.filter((s) => ourIds.has(s.workflowId));

    Object.assign(report, {
      'backup while open, cluster destroyed, restored': {
        'history rows held at backup': taken.held.length,
        'missing after restore': missing.length,
        'workflows unknown after restore': unknown.length,
        'backup MiB': Math.round(taken.result.bytes / 2 ** 20),
        'backup seconds': (taken.result.finishedAt.getTime() - taken.result.startedAt.getTime()) / 1000,
        'restored cluster up in s': Math.round(restartSeconds),
        'cases driven (before / after)': `${beforeRestore.cases.filter((c) => !c.error).length} / ${afterRestore.cases.filter((c) => !c.error).length}`,
        completed: audit.completed,
        lost: audit.lost,
        duplicated: audit.duplicated.applications + audit.duplicated.historyEntries + audit.sms.deliveredTwice,
        'waiting cases finished': `${waitingDone[0]!.n}/${2 * WAITING}`,
        'timers fired after restore': `${overdue}/${PROBES}`,
        'stuck (ours)': stuckOurs.length,
        'client errors (503 / 500 / cut)': [beforeRestore, afterRestore]
          .map((t) => `${t.statuses['503'] ?? 0} / ${t.statuses['500'] ?? 0} / ${t.statuses.network ?? 0}`)
          .join(' then '),
        seconds: Math.round((Date.now() - started) / 1000),
      },
    });
    console.log(JSON.stringify(report), oldDir);

    expect(missing).toEqual([]);
    expect(unknown).toEqual([]);
    expect(afterRestore.cases.filter((c) => c.error).map((c) => c.error)).toEqual([]);
    expect(audit.completed).toBe(CASES);
    expect(audit.lost).toBe(0);
    expect(audit.duplicated).toEqual({ applications: 0, historyEntries: 0 });
    expect(audit.mismatchedOrders).toBe(0);
    expect(audit.halfWritten).toBe(0);
    expect(audit.sms).toMatchObject({ lost: 0, deliveredTwice: 0 });
    expect(Number(waitingDone[0]!.n)).toBe(2 * WAITING);
    expect(overdue).toBe(PROBES);
    for (const p of probeDeadlines) expect(p.review_deadline.getTime()).toBeGreaterThan(restoreStarted);
    expect(stuckOurs).toEqual([]);
  }, 3_600_000);
});
