// Rehearsal: a Temporal node dies. 1,000 complete cases go through both APIs of a real cluster
// (two history processes, matching, frontend, worker service on PostgreSQL); a third of the way
// in one history process is killed with SIGKILL and started again 40 s later, at two thirds the
// matching process likewise. Just before each kill, probe cases are opened with a 25 s review
// deadline, so their deadlines fall due while the node is down: each must still record
// 'review_overdue'. Then the record is audited as in the chaos suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRun, type AuditTotals } from '../../harness/lifecycle-audit.js';
import { driveLifecycles, stepsPerCase } from '../../harness/lifecycle-driver.js';
import type { ServiceProcess } from '../../harness/processes.js';
import { actionsByMail, eventually, pause, startRehearsal, type Rehearsal } from './rehearsal.js';

const CASES = Number(process.env.CLUSTER_CASES ?? 1000);
const RETURN_EVERY = 10;
const DOWN_MS = 40_000;
const PROBES = 16;

let r: Rehearsal;
let shortApi: ServiceProcess;
const report: Record<string, unknown> = {};

beforeAll(async () => {
  r = await startRehearsal('node-failure');
  // Probes: a review deadline of 25 s (reminder at 20 s).
  shortApi = await r.shortPolicyApi('api-short', (text) => text.replace(/reviewDeadline: \S+/, 'reviewDeadline: 25s'));
  console.log(`node failure: cluster in ${r.dir}; ${CASES} cases through ${r.cluster.apiUrls.length} APIs`);
}, 600_000);

afterAll(async () => {
  console.table(report);
  await r?.stop();
});

interface Fault {
  node: string;
  killedAt: number;
  restartedAt: number;
  probes: { mailNumber: string; id: string }[];
}

describe('node failure on the cluster', () => {
  it('a history process and then the matching process are killed mid-flight: every case completes once, deadlines due meanwhile fire', async () => {
    const runId = Date.now().toString(36).toUpperCase();
    const totalSteps = Array.from({ length: CASES }, (_, i) => stepsPerCase(i % RETURN_EVERY === 0)).reduce((a, b) => a + b, 0);
    const faults: Fault[] = [];
    const running: Promise<void>[] = [];
    const fault = async (node: string) => {
      const p = r.cluster.temporal.get(node)!;
      const probes = await Promise.all(
        Array.from({ length: PROBES }, async (_, i) => {
          const mailNumber = `PR${runId}${node.replace(/\W/g, '')}${String(i).padStart(3, '0')}`;
          return { mailNumber, id: (await r.api.open(mailNumber, shortApi.url!)).id };
        }),
      );
      const f: Fault = { node, killedAt: Date.now(), restartedAt: 0, probes };
      faults.push(f);
      await p.kill();
      await pause(DOWN_MS);
      await p.start();
      f.restartedAt = Date.now();
    };

    const tally = await driveLifecycles({
      urls: r.cluster.apiUrls,
      secret: r.secret,
      cases: CASES,
      concurrency: 25,
      returnEvery: RETURN_EVERY,
      runId,
      retryForMs: 300_000,
      onStep: (t) => {
        if (running.length === 0 && t.stepsDone >= totalSteps * 0.3) running.push(fault('history-1'));
        if (running.length === 1 && t.stepsDone >= totalSteps * 0.6) running.push(running[0]!.then(() => fault('matching')));
      },
    });
    await Promise.all(running);
    expect(faults.map((f) => f.node)).toEqual(['history-1', 'matching']);

    let totals: AuditTotals = await auditRun(r.cluster.databaseUrl, `CH${runId}`, tally.cases, r.gateway.received);
    for (let waited = 0; totals.sms.lost > 0 && waited < 120_000; waited += 2_000) {
      await pause(2_000);
      totals = await auditRun(r.cluster.databaseUrl, `CH${runId}`, tally.cases, r.gateway.received);
    }
    // Every probe's deadline fell due while its node was down, and its timer fired all the same.
    const probeRows = await r.query<{ mail_number: string; review_deadline: Date }>(
      'select mail_number, review_deadline from applications where mail_number like $1',
      [`PR${runId}%`],
    );
    for (const f of faults) {
      for (const p of f.probes) {
        const deadline = probeRows.find((row) => row.mail_number === p.mailNumber)!.review_deadline.getTime();
        expect(deadline, `${p.mailNumber}: the deadline falls due during the ${f.node} outage`).toBeGreaterThan(f.killedAt);
        expect(deadline).toBeLessThan(f.restartedAt);
      }
    }
    const overdue = await eventually(
      async () => {
        const actions = await actionsByMail(r, `PR${runId}`);
        const fired = [...actions.values()].filter((a) => a.includes('review_overdue')).length;
        return fired === PROBES * faults.length ? fired : undefined;
      },
      180_000,
      'every probe to record review_overdue',
    );
    const failed = tally.cases.filter((c) => c.error);
    const unhandled = ['api-1', 'api-2'].flatMap((n) =>
      readFileSync(join(r.cluster.logDir, `${n}.log`), 'utf8')
        .split('\n')
        .filter((l) => l.includes('unhandled error'))
        .map((l) => l.slice(0, 400)),
    );
    Object.assign(report, {
      [`${CASES} cases, history-1 then matching killed (${DOWN_MS / 1000} s each)`]: {
        started: totals.recorded,
        completed: totals.completed,
        lost: totals.lost,
        duplicated: totals.duplicated.applications + totals.duplicated.historyEntries + totals.sms.deliveredTwice,
        'sms delivered/expected': `${totals.sms.delivered}/${totals.sms.expected}`,
        'deadlines due in outages fired': `${overdue}/${PROBES * faults.length}`,
        requests: tally.attempts,
        retries: tally.retries,
        '503': tally.statuses['503'] ?? 0,
        '500': tally.statuses['500'] ?? 0,
        'conn. cut': tally.statuses.network ?? 0,
        'slowest step s': Math.round(Math.max(...Object.values(tally.latencies).flat()) / 100) / 10,
        seconds: Math.round(tally.elapsedMs / 1000),
      },
    });
    console.log(JSON.stringify(report));

    expect(failed.slice(0, 5).map((c) => c.error)).toEqual([]);
    expect(totals.recorded).toBe(CASES);
    expect(totals.completed).toBe(CASES);
    expect(totals.lost).toBe(0);
    expect(totals.duplicated).toEqual({ applications: 0, historyEntries: 0 });
    expect(totals.mismatchedOrders).toBe(0);
    expect(totals.sms).toMatchObject({ lost: 0, deliveredTwice: 0, delivered: totals.sms.expected });
    expect(totals.halfWritten).toBe(0);
    expect({ count: tally.statuses['500'] ?? 0, unhandled }).toEqual({ count: 0, unhandled: [] });
    expect(r.workerLogMatches(/Nondeterminism error[^"\\]*/)).toEqual([]);
  }, 3_600_000);
});
