// Rehearsal: operations at production size. CLUSTER_OPEN_CASES applications (default 20,000; the
// README says how long 100,000 take), opened through the APIs, wait on their review timers. Three are made
// stuck where no first page of running workflows would reach them: a row altered behind its
// workflow's back (out_of_step), a deadline passed with no transition (deadline_passed), an SMS
// that keeps failing (activity_failing). The first page of `GET /v1/ops/stuck` must answer within
// seconds with the last two; `npm run ops -- stuck` walks every page and finds all three. Then a
// batch reset by query over CLUSTER_BATCH_CASES of them (default 10,000) is killed a third of the
// way through and resumed with the same command: every one is reset exactly once.
import { spawn } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkMailItems } from '../../bench/sections/steady-load.js';
import { eventually, startRehearsal, type Rehearsal } from './rehearsal.js';

const OPEN = Number(process.env.CLUSTER_OPEN_CASES ?? 20_000);
const BATCH = Number(process.env.CLUSTER_BATCH_CASES ?? Math.min(10_000, OPEN / 2));

let r: Rehearsal;
const report: Record<string, unknown> = {};

beforeAll(async () => {
  r = await startRehearsal('ops-scale');
}, 600_000);

afterAll(async () => {
  console.table(report);
  await r?.stop();
});

/** Opens `count` applications through both APIs (mail items registered in bulk first), as offices do. */
async function openCases(prefix: string, count: number): Promise<{ seconds: number; perSecond: number }> {
  await bulkMailItems(r.cluster.databaseUrl, prefix, count);
  const { office } = r.api.tokens;
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async (_, worker) => {
      while (next < count) {
        const mailNumber = `${prefix}${String(next++).padStart(8, '0')}`;
        for (let attempt = 0; ; attempt++) {
          try {
            await r.api.call(
              'POST',
              '/v1/applications',
              office,
              {
                mailNumber,
                businessType: 'express_parcel',
                problemCategory: 'delay',
                demand: '客户要求尽快投递',
                customer: { name: '张三', phone: '13900000000' },
              },
              r.cluster.apiUrls[worker % r.cluster.apiUrls.length],
            );
            break;
          } catch (error) {
            if (attempt >= 5 || !/→ (5\d\d|429)/.test(String(error))) throw error;
          }
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { seconds: Math.round(seconds), perSecond: Math.round((count / seconds) * 10) / 10 };
}

function opsCli(args: string[], onStderr?: (text: string) => void, json = true) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ops.ts', ...args, ...(json ? ['--json'] : [])], {
    env: { ...process.env, ...r.cluster.serviceEnv, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    onStderr?.(stderr);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('operations at production size', () => {
  it(
    `finds stuck cases anywhere among ${OPEN} open ones, and resumes a batch reset of ${BATCH} after the operator's process dies`,
    async () => {
      const run = Date.now().toString(36).toUpperCase();
      const batchPrefix = `OB${run}`;
      const restPrefix = `OS${run}`;
      const opened = [await openCases(batchPrefix, BATCH), await openCases(restPrefix, OPEN - BATCH)];
      const openSeconds = opened[0]!.seconds + opened[1]!.seconds;

      // Three stuck cases among the oldest: a first page of running workflows (newest first) never reaches them.
      const [outOfStep, pastDue] = await r.query<{ id: string; workflow_id: string }>(
        `select id, workflow_id from applications where mail_number like $1 order by mail_number limit 2`,
        [`${batchPrefix}%`],
      );
      await r.query(`update applications set status = 'closed', became_order = false where id = $1`, [outOfStep!.id]);
      await r.query(`update applications set review_deadline = now() - interval '1 hour', updated_at = now() - interval '2 hours' where id = $1`, [
        pastDue!.id,
      ]);
      r.gateway.failNext(1_000_000);
      const failing = await r.api.open(`AF${run}`);
      await r.api.returnIt(failing.id);
      await eventually(
        async () => (await r.query('select 1 from activity_failures where workflow_id = $1', [failing.workflowId])).length > 0,
        60_000,
        'the SMS to fail',
      );

      // The first page: everything the record shows, within seconds.
      const ops = createSigner({ key: r.secret, algorithm: 'HS256', expiresIn: '1h' })({ sub: 'ops-1', org: 'province', role: 'ops' });
      const t0 = Date.now();
      const first = await fetch(`${r.cluster.apiUrls[0]}/v1/ops/stuck`, { headers: { authorization: `Bearer ${ops}` } });
      const firstSeconds = (Date.now() - t0) / 1000;
      const firstRows = (await first.json()) as { workflowId: string; reason: string }[];
      expect(first.status).toBe(200);
      expect(first.headers.get('x-next-cursor')).toBeTruthy();
      const reasonOf = (rows: { workflowId: string; reason: string }[], id: string) => rows.filter((x) => x.workflowId === id).map((x) => x.reason);
      expect(reasonOf(firstRows, pastDue!.workflow_id)).toContain('deadline_passed');
      expect(reasonOf(firstRows, failing.workflowId)).toContain('activity_failing');

      // Every page: the CLI walks them all.
      const t1 = Date.now();
      const walk = opsCli(['stuck', '--limit', '1000']);
      expect(await walk.exited, walk.output().stderr.slice(-2000)).toBe(0);
      const walkSeconds = (Date.now() - t1) / 1000;
      const walked = JSON.parse(walk.output().stdout) as { rows: { workflowId: string; reason: string }[]; scanned: number };
      expect(reasonOf(walked.rows, outOfStep!.workflow_id)).toContain('out_of_step');
      expect(reasonOf(walked.rows, pastDue!.workflow_id)).toContain('deadline_passed');
      expect(reasonOf(walked.rows, failing.workflowId)).toContain('activity_failing');
      expect(walked.scanned).toBeGreaterThanOrEqual(OPEN);
      r.gateway.failNext(0);

      // The batch reset: killed a third of the way, resumed by the same command.
      const args = [
        ...['reset', '--query', `BpmMailNumber STARTS_WITH '${batchPrefix}'`, '--to', 'last-workflow-task', '--reason', 'rehearsal: bad deploy'],
        ...['--confirm', String(BATCH)],
      ];
      const t2 = Date.now();
      const killedRun = opsCli(args, undefined, false);
      // Killed (SIGKILL: no chance to tidy up) once a third is done, as its progress says.
      await eventually(
        async () => [...killedRun.output().stderr.matchAll(/(\d+)\/(\d+) done/g)].some((m) => Number(m[1]) >= BATCH / 3),
        3_600_000,
        'a third of the batch',
      );
      killedRun.child.kill('SIGKILL');
      await killedRun.exited;
      const killedAfter = (Date.now() - t2) / 1000;
      const progressLines = killedRun.output().stderr.split('\n').filter(Boolean);
      const doneAtKill = (
        await r.query<{ n: string }>(`select count(*) as n from ops_batch_items where workflow_id like 'application-%' and state <> 'pending'`)
      )[0]!.n;
      const resumed = opsCli(args);
      expect(await resumed.exited, resumed.output().stderr.slice(-2000)).toBe(0);
      const batchSeconds = (Date.now() - t2) / 1000;
      const result = JSON.parse(resumed.output().stdout) as { matched: number; reset: number; skipped: number; failed: number; resumed: boolean };
      expect(result).toMatchObject({ matched: BATCH, failed: 0, resumed: true });
      expect(result.reset + result.skipped).toBe(BATCH);
      // Exactly once: the matched runs and one reset run each, counted by visibility.
      const connection = await Connection.connect({ address: r.cluster.frontendAddress });
      const client = new Client({ connection });
      const runs = await eventually(
        async () => {
          const n = (await client.workflow.count(`BpmMailNumber STARTS_WITH '${batchPrefix}'`)).count;
          return n >= 2 * BATCH ? n : undefined;
        },
        120_000,
        'the reset runs to be visible',
      );
      await connection.close();
      expect(runs).toBe(2 * BATCH);

      Object.assign(report, {
        [`${OPEN} open cases`]: {
          'opened (s, cases/s)': `${openSeconds} s, ${Math.round((OPEN / openSeconds) * 10) / 10}/s`,
          'first page s (record-wide + 500 running)': firstSeconds,
          'full scan s (every running workflow)': walkSeconds,
          'workflows checked': walked.scanned,
          'stuck found': `${walked.rows.filter((x) => [outOfStep!.workflow_id, pastDue!.workflow_id, failing.workflowId].includes(x.workflowId)).length}/3`,
          [`batch reset of ${BATCH}`]: `${Math.round(batchSeconds)} s (${Math.round((BATCH / batchSeconds) * 10) / 10}/s)`,
          'killed after (s, done)': `${Math.round(killedAfter)} s, ${doneAtKill}`,
          'resumed: reset / already reset / failed': `${result.reset} / ${result.skipped} / ${result.failed}`,
          'runs per case': runs / BATCH,
          'progress lines before the kill': progressLines.length,
        },
      });
      console.log(JSON.stringify(report));
    },
    6 * 3_600_000,
  );
});
