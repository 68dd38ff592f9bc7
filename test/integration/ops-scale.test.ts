// Operators' tools built for many open cases (the rehearsal at 100,000 is test/cluster/ops-scale):
// the stuck scan pages through every running workflow with a cursor; a batch reset keeps its
// progress in the database, so the operator's process can die mid-way and the same command resumes
// it, resetting each workflow exactly once.
import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { history, opsBatchItems } from '../../db/schema.js';
import { createApplication, untilWorkflowsRan } from '../helpers/fixtures.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';

let s: TestService;
let ops: string;
beforeAll(async () => {
  s = await startTestService();
  ops = s.token('ops', 'province', 'ops-1');
});
afterAll(async () => {
  await s?.stop();
});

/** `npm run ops -- …` as an operator runs it, against the test stack. */
function opsCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ops.ts', ...args], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('ops at scale', () => {
  it('pages the stuck scan: x-next-cursor leads through every running workflow, and a cursor it did not issue is refused', async () => {
    const apps = await Promise.all(Array.from({ length: 6 }, () => createApplication(s)));
    await untilWorkflowsRan(
      s,
      apps.map((a) => a.workflowId),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    // The namespace is shared with every other test file: three pages of two prove the cursor,
    // then pages of 500 finish the walk without one request per two workflows.
    do {
      const limit = pages < 3 ? 2 : 500;
      const res = await s.app!.inject({
        method: 'GET',
        url: `/v1/ops/stuck?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { authorization: `Bearer ${ops}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(Array.isArray(res.json())).toBe(true);
      expect(Number(res.headers['x-scanned'])).toBeLessThanOrEqual(limit);
      seen.push(String(res.headers['x-scanned']));
      cursor = res.headers['x-next-cursor'] as string | undefined;
      pages++;
    } while (cursor && pages < 10_000);
    // Every running case workflow of the namespace was checked, two at a time.
    const scanned = seen.reduce((sum, n) => sum + Number(n), 0);
    expect(scanned).toBeGreaterThanOrEqual(apps.length);
    expect(pages).toBeGreaterThanOrEqual(Math.min(3, Math.ceil(apps.length / 2)));
    for (const cursor of ['bm90LW91cnM', 'bm90LW91cnM.AAAAAAAAAAAA']) {
      const bad = await s.app!.inject({ method: 'GET', url: `/v1/ops/stuck?cursor=${cursor}`, headers: { authorization: `Bearer ${ops}` } });
      expect(bad.statusCode, bad.body).toBe(400);
    }
  });

  it('a batch reset whose operator process is killed mid-way resumes with the same command: every match is reset exactly once', async () => {
    const apps = await Promise.all(Array.from({ length: 40 }, () => createApplication(s)));
    await untilWorkflowsRan(
      s,
      apps.map((a) => a.workflowId),
    );
    const query = `BpmMailNumber IN (${apps.map((a) => `'${a.mailNumber}'`).join(', ')})`;
    const args = [
      ...['reset', '--query', query, '--to', 'last-workflow-task', '--reason', 'rehearsal: bad deploy'],
      ...['--concurrency', '1', '--confirm', String(apps.length)],
    ];

    const first = opsCli(args);
    // Killed once a few are done (SIGKILL: no chance to tidy up).
    const done = () =>
      s.db.db
        .select()
        .from(opsBatchItems)
        .where(
          inArray(
            opsBatchItems.workflowId,
            apps.map((a) => a.workflowId),
          ),
        );
    await eventually(async () => (await done()).filter((i) => i.state !== 'pending').length >= 5, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const partly = (await done()).filter((i) => i.state !== 'pending').length;
    expect(partly).toBeLessThan(apps.length);

    const second = opsCli([...args, '--json']);
    expect(await second.exited, second.output().stderr).toBe(0);
    const result = JSON.parse(second.output().stdout) as { batchId: string; matched: number; reset: number; skipped: number; failed: number; resumed: boolean };
    expect(result).toMatchObject({ matched: apps.length, failed: 0, resumed: true });
    expect(result.reset + result.skipped).toBe(apps.length);

    // Exactly one reset each: two runs per workflow (the matched one and the reset's).
    for (const app of apps) {
      const runs: string[] = [];
      for await (const wf of s.client.workflow.list({ query: `WorkflowId = '${app.workflowId}'` })) runs.push(wf.runId);
      expect(runs, app.workflowId).toHaveLength(2);
      const resets = await s.db.db.select().from(history).where(eq(history.caseId, app.id));
      expect(resets.filter((h) => h.action === 'ops_reset').length, app.workflowId).toBe(1);
    }
  });
});
