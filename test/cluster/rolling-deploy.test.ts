// Rehearsal: a rolling deploy of workflow code on the cluster. Cases are opened on version N (some
// mid-review, some with the review reminder already fired, work orders waiting on their deadline
// timers, returned applications waiting on theirs); while complete cases keep flowing, workers of
// version N+1 start (the review reminder removed, guarded with patched()) and the old workers stop.
// Every case is then finished on N+1 alone; no workflow task may fail, and the histories recorded
// during the run must replay on N+1 (and, as the gate's proof, not on the same change unguarded).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRun } from '../../harness/lifecycle-audit.js';
import { driveLifecycles, stepsPerCase } from '../../harness/lifecycle-driver.js';
import type { ServiceProcess } from '../../harness/processes.js';
import { bundleWithVariant } from '../replay/variant-bundle.js';
import { actionsByMail, eventually, startRehearsal, type Rehearsal } from './rehearsal.js';

const EventType = proto.temporal.api.enums.v1.EventType;
const GROUP = Number(process.env.CLUSTER_DEPLOY_GROUP ?? 20);
const FLOWING = Number(process.env.CLUSTER_DEPLOY_CASES ?? 200);
const OVERLAP_MS = Number(process.env.CLUSTER_DEPLOY_OVERLAP_MS ?? 15_000);

let r: Rehearsal;
let shortApi: ServiceProcess;
const report: Record<string, unknown> = {};

beforeAll(async () => {
  r = await startRehearsal('rolling-deploy');
  // The reminder at 80 % of a 60 s review window: it fires on N, the deadline on N+1.
  shortApi = await r.shortPolicyApi('api-short', (text) => text.replace(/reviewDeadline: \S+/, 'reviewDeadline: 60s'));
}, 600_000);

afterAll(async () => {
  console.table(report);
  await r?.stop();
});

describe('rolling deploy on the cluster', () => {
  it('workers of N+1 (a patched() change) replace those of N while cases are open: every case completes, no workflow task fails, the histories replay on N+1', async () => {
    const run = `RD${Date.now().toString(36).toUpperCase()}`;
    const api = r.api;
    const open = (group: string, n: number, base?: string) =>
      Promise.all(Array.from({ length: n }, (_, i) => api.open(`${run}${group}${String(i).padStart(4, '0')}`, base)));

    // Version N: cases in every waiting state.
    const midReview = await open('M', GROUP);
    const reminded = await open('R', GROUP, shortApi.url!);
    const orders = await open('O', GROUP);
    const orderIds = await Promise.all(orders.map(async (a) => (await api.approve(a.id)).workOrderId));
    await Promise.all(orderIds.map((o) => api.accept(o)));
    const returned = await open('T', GROUP);
    await Promise.all(returned.map((a) => api.returnIt(a.id)));
    await eventually(
      async () => {
        const actions = await actionsByMail(r, `${run}R`);
        return [...actions.values()].filter((a) => a.includes('review_reminder')).length === GROUP;
      },
      120_000,
      'the reminders to fire on version N',
    );

    // The deploy, while complete cases flow through both APIs.
    const next = join(r.dir, 'workflow-bundle-n1.js');
    writeFileSync(next, await bundleWithVariant('./review-reminder.js', 'review-reminder-removed-patched'));
    const oldWorkers = [...r.cluster.workers];
    let deploy: Promise<void> | undefined;
    const deployedAt: number[] = [];
    const flowRun = `${run}F`;
    const totalSteps = Array.from({ length: FLOWING }, (_, i) => stepsPerCase(i % 10 === 0)).reduce((a, b) => a + b, 0);
    const tally = await driveLifecycles({
      urls: r.cluster.apiUrls,
      secret: r.secret,
      cases: FLOWING,
      concurrency: 16,
      returnEvery: 10,
      runId: flowRun,
      retryForMs: 240_000,
      onStep: (t) => {
        if (deploy || t.stepsDone < totalSteps * 0.3) return;
        deploy = (async () => {
          await r.cluster.startWorker('worker-n1-1', { WORKFLOW_BUNDLE: next });
          await r.cluster.startWorker('worker-n1-2', { WORKFLOW_BUNDLE: next });
          deployedAt.push(Date.now());
          // Both versions serve the queue for a while, as in a deploy that replaces one machine at a time.
          await new Promise((r) => setTimeout(r, OVERLAP_MS));
          // Graceful: each old worker finishes its tasks in hand, then leaves the queue.
          for (const w of oldWorkers) await w.stop();
          deployedAt.push(Date.now());
        })();
      },
    });
    await deploy;
    expect(deployedAt).toHaveLength(2);
    expect(oldWorkers.every((w) => !w.running())).toBe(true);

    // N+1 alone finishes every case opened on N.
    const fresh = await open('N', 5);
    await Promise.all([
      ...[...midReview, ...reminded, ...fresh].map(async (a) => {
        const { workOrderId } = await api.approve(a.id);
        await api.accept(workOrderId);
        await api.reply(workOrderId);
        await api.close(workOrderId);
      }),
      ...orderIds.map(async (o) => {
        await api.reply(o);
        await api.close(o);
      }),
      ...returned.map(async (a) => {
        await api.resubmit(a.id);
        const { workOrderId } = await api.approve(a.id);
        await api.accept(workOrderId);
        await api.reply(workOrderId);
        await api.close(workOrderId);
      }),
    ]);

    const rows = await r.query<{ mail_number: string; workflow_id: string; status: string; order_status: string | null }>(
      `select a.mail_number, a.workflow_id, a.status, w.status as order_status from applications a left join work_orders w on w.id = a.work_order_id where a.mail_number like $1 or a.mail_number like $2`,
      [`${run}%`, `CH${flowRun}%`],
    );
    const opened = 4 * GROUP + 5 + FLOWING;
    expect(rows).toHaveLength(opened);
    const completed = rows.filter((x) => x.status === 'closed' && x.order_status === 'closed').length;
    const audit = await auditRun(r.cluster.databaseUrl, `CH${flowRun}`, tally.cases, r.gateway.received);

    // The histories of the run (cases and their escalations), straight from Temporal.
    const connection = await Connection.connect({ address: r.cluster.frontendAddress });
    const client = new Client({ connection });
    const escalationIds = await r.query<{ workflow_id: string }>(
      `select distinct e.workflow_id from escalations e join applications a on a.id = e.subject_id where a.mail_number like $1 or a.mail_number like $2`,
      [`${run}%`, `CH${flowRun}%`],
    );
    const ids = [...rows.map((x) => x.workflow_id), ...escalationIds.map((x) => x.workflow_id)];
    const histories = await Promise.all(ids.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })));
    await connection.close();
    const failedTasks = histories.filter((h) => h.history.events?.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED));
    const patchedRuns = histories.filter((h) => h.history.events?.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch'));
    const replay = async (source: Parameters<typeof Worker.runReplayHistories>[0]) => {
      const failures: string[] = [];
      for await (const result of Worker.runReplayHistories(source, histories)) if (result.error) failures.push(result.workflowId);
      return failures;
    };
    const onNext = await replay({ workflowBundle: { codePath: next } });
    const unguarded = await replay({ workflowBundle: { code: await bundleWithVariant('./review-reminder.js', 'review-reminder-removed') } });
    const remindedThenOverdue = [...(await actionsByMail(r, `${run}R`)).values()].filter(
      (a) => a.includes('review_reminder') && a.includes('review_overdue'),
    ).length;

    Object.assign(report, {
      'rolling deploy N → N+1': {
        'opened on N (waiting)': 4 * GROUP,
        'flowing through the deploy': FLOWING,
        'opened on N+1': 5,
        completed: `${completed}/${opened}`,
        lost: audit.lost,
        duplicated: audit.duplicated.applications + audit.duplicated.historyEntries,
        'workflow tasks failed': failedTasks.length,
        'histories replayed on N+1': `${histories.length - onNext.length}/${histories.length}`,
        'fail unguarded (gate proof)': unguarded.length,
        'runs carrying the patch marker': patchedRuns.length,
        'N and N+1 both serving, s': Math.round((deployedAt[1]! - deployedAt[0]!) / 100) / 10,
        '503': tally.statuses['503'] ?? 0,
        '500': tally.statuses['500'] ?? 0,
      },
    });
    console.log(JSON.stringify(report));

    expect(tally.cases.filter((c) => c.error).map((c) => c.error)).toEqual([]);
    expect(completed).toBe(opened);
    expect(audit.lost).toBe(0);
    expect(audit.duplicated).toEqual({ applications: 0, historyEntries: 0 });
    expect(failedTasks.map((h) => h.workflowId)).toEqual([]);
    expect(onNext).toEqual([]);
    // The reminder fired on N and the deadline after it on N+1, in the same runs.
    expect(remindedThenOverdue).toBe(GROUP);
    // Runs that reached the reminder on N+1 took the new path (the patch marker), the others replay the old one.
    expect(patchedRuns.length).toBeGreaterThanOrEqual(5);
    expect(unguarded.length).toBeGreaterThanOrEqual(GROUP);
    expect(r.workerLogMatches(/Nondeterminism error[^"\\]*/)).toEqual([]);
  }, 3_600_000);
});
