// The monthly performance report on the real Temporal server: a Schedule (kept by Temporal, not a
// timer in our process) made at the worker's start, on the 1st at 08:00 Shanghai time; shown in the
// ops view with its next runs and last runs; run now by hand, it writes each department lead one
// message with the department's figures of last month (the same as the departments report), by
// email; run again, nothing twice; a restarted service finds the same schedule, not a second one.
import { randomBytes } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildFacts } from '../../db/performance.js';
import { history, organisations, outbox, users } from '../../db/schema.js';
import { notices } from '../../domain/notices.js';
import { monthPeriod, previousMonth } from '../../domain/performance.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, testPolicy, type TestService } from '../helpers/service.js';

const tag = randomBytes(3).toString('hex');
const D = `monthly-${tag}`;
const lead = `${D}-lead`;
const POLICY = { workOrder: { routing: { byCategory: { loss: D } } } };
const month = previousMonth(Date.now(), 'Asia/Shanghai');
const last = monthPeriod(month, 'Asia/Shanghai');

let s: TestService;
let ops: string;
beforeAll(async () => {
  s = await startTestService({ policy: POLICY });
  ops = tokens(s).ops;
  await s.db.db.insert(organisations).values({ code: D, name: `月报部门${tag}`, kind: 'department' });
  await s.db.db.insert(users).values({ id: lead, login: lead, name: '月报负责人', org: D, roles: ['handler'], lead: true });
  // One order of last month: dispatched and accepted by the lead, its times moved into that month (real time cannot be skipped).
  const { workOrderId } = await approve(s, (await createApplication(s, { problemCategory: 'loss' })).id);
  const res = await s.request('POST', `/v1/work-orders/${workOrderId}/accept`, { token: s.token('handler', D, lead), body: {} });
  expect(res.status).toBe(200);
  await s.db.db
    .update(history)
    .set({ at: new Date(Date.parse(last.from) + 3 * 86_400_000) })
    .where(eq(history.caseId, workOrderId));
  await rebuildFacts(s.db.db, testPolicy(POLICY), { orderIds: [workOrderId] });
});
afterAll(async () => {
  await s?.stop();
});

const schedules = async () => {
  const res = await s.request('GET', '/v1/ops/schedules', { token: ops });
  expect(res.status).toBe(200);
  return res.body as { scheduleId: string; exists: boolean; timeZone: string; nextRuns: string[]; lastRuns: { status: string; workflowId: string }[] }[];
};
const leadMessages = () =>
  s.db.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipientUser, lead), like(outbox.dedupeKey, 'monthly_report:%')));

describe('the monthly performance report', () => {
  it('is a Temporal Schedule for the 1st at 08:00 in Shanghai, in the ops view', async () => {
    const [schedule] = await schedules();
    expect(schedule).toMatchObject({ scheduleId: `monthly-performance-report-${s.taskQueue}`, exists: true, timeZone: 'Asia/Shanghai', lastRuns: [] });
    for (const next of schedule!.nextRuns) {
      const local = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(next));
      expect(local).toBe('01, 08:00');
    }
    expect(schedule!.nextRuns).toHaveLength(3);
  });

  it('run now: each lead gets their department’s last month once, by email, with the report’s figures', async () => {
    const triggered = await s.request('POST', `/v1/ops/schedules/monthly-performance-report-${s.taskQueue}/trigger`, { token: ops });
    expect(triggered.status).toBe(200);
    const run = await eventually(async () => (await schedules())[0]!.lastRuns.find((r) => r.status === 'COMPLETED'), 30_000);
    const result = await s.client.workflow.getHandle(run.workflowId).result();
    expect(result).toMatchObject({ month });
    const [message, ...more] = await leadMessages();
    expect(more).toEqual([]);
    expect(message).toMatchObject({ channel: 'notice', status: 'sent', caseId: null, dedupeKey: `monthly_report:${month}:${lead}` });
    const report = await s.request('GET', `/v1/reports/departments?from=${last.from}&to=${last.to}&org=${D}&compare=previous`, { token: ops });
    const figures = report.body.rows[0].figures;
    expect(figures.received).toBe(1);
    expect(message!.body).toContain(`月报部门${tag} ${month} 月度绩效`);
    expect(message!.body).toContain(`受理量：${figures.received}（上月 0）`);
    expect(message!.body).toContain(`期末在办：${figures.open}`);
    // What it is: the monthly report's event, by email.
    expect(notices.monthlyReport(lead, 'x')).toEqual({ channel: 'notice', event: 'monthly_report', channels: ['email'], to: { userId: lead }, body: 'x' });

    await s.request('POST', `/v1/ops/schedules/monthly-performance-report-${s.taskQueue}/trigger`, { token: ops });
    await eventually(async () => (await schedules())[0]!.lastRuns.filter((r) => r.status === 'COMPLETED').length === 2, 30_000);
    expect(await leadMessages()).toHaveLength(1);
    expect((await s.request('POST', '/v1/ops/schedules/no-such-schedule/trigger', { token: ops })).status).toBe(404);
  });

  it('survives a restart: the next start finds the same schedule (with its runs), not a second one', async () => {
    const taskQueue = s.taskQueue;
    await s.stop();
    s = await startTestService({ policy: POLICY, taskQueue });
    ops = tokens(s).ops;
    // Listing goes through visibility, which may lag a moment behind.
    const ids = await eventually(async () => {
      const found: string[] = [];
      for await (const listed of s.client.schedule.list()) if (listed.scheduleId.endsWith(taskQueue)) found.push(listed.scheduleId);
      return found.length > 0 && found;
    });
    expect(ids).toEqual([`monthly-performance-report-${taskQueue}`]);
    expect((await schedules())[0]!.lastRuns).toHaveLength(2);
  });
});
