// Clocks people see coming, through the API on the real stack with short test policies: a warning
// step fires once from the case's own timer; a pause moves the deadline by exactly the paused
// (working) time, not at all across a holiday, resumes when the office appends, re-arms the
// warnings; a breached clock stays breached; every clock carries its state.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { freePort } from '../../platform/ports.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';

/** Today in Shanghai (the calendars' zone): a holiday of the holiday calendar. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const allWeek = [1, 2, 3, 4, 5, 6, 7];

let s: TestService;
let t: ReturnType<typeof tokens>;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  s = await startTestService({
    listen: { host: '127.0.0.1', port },
    policy: {
      calendars: {
        default: { workingDays: allWeek, hours: [{ start: '00:00', end: '23:59' }] },
        holiday: { workingDays: allWeek, hours: [{ start: '00:00', end: '23:59' }], holidays: [today] },
      },
      workOrder: {
        default: { response: '1h', resolution: '8s', clock: 'calendar' },
        byCategory: [
          { category: 'loss', response: '1h', resolution: '1h', clock: 'calendar' },
          { category: 'damage', response: '1h', resolution: '1h', clock: 'holiday' },
          { category: 'shortage', response: '1h', resolution: '2s', clock: 'calendar' },
        ],
      },
      clocks: { warnings: { response: [], resolution: [{ at: '80%', to: ['assignee'] }] } },
    },
  });
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
});

const act = (id: string, action: string, token: string, body: unknown = {}) => s.request('POST', `/v1/work-orders/${id}/${action}`, { token, body });
const read = async (id: string, token = t.reviewer) => (await s.request('GET', `/v1/work-orders/${id}`, { token })).body;
async function heldOrder(problemCategory: string) {
  const app = await createApplication(s, { problemCategory });
  const id = (await approve(s, app.id)).workOrderId;
  await act(id, 'claim', t.handler);
  return id;
}
interface Entry {
  at: string;
  action: string;
  detail: Record<string, unknown>;
}
interface ClockView {
  clock: string;
  state: string;
  deadline: string;
  remainingMs: number;
}
const warnings = (o: { history: Entry[] }) => o.history.filter((h) => h.action === 'clock_warning');
const pauseBody = (reasonCategory = '等待第三方') => ({ reasonCategory, reason: '等待海关回复', until: new Date(Date.now() + 3_600_000).toISOString() });
const resolutionOf = (o: { clocks: ClockView[] }) => o.clocks.find((c) => c.clock === 'resolution')!;

describe('warnings', () => {
  it('the 80 % warning of an 8 s resolution clock fires once, to the assignee, from the case’s timer; the clock turns from running to warning to overdue', async () => {
    const id = await heldOrder('delay');
    await act(id, 'accept', t.handler);
    const first = await read(id);
    expect(resolutionOf(first).state).toBe('running');
    const warned = await eventually(async () => {
      const o = await read(id);
      return warnings(o).length === 1 && o;
    }, 15_000);
    expect(warnings(warned)[0]).toMatchObject({ actor: { userId: 'system' }, detail: { clock: 'resolution', step: 0, deadline: first.resolutionDeadline } });
    const start = Date.parse(first.dispatchedAt);
    expect(Date.parse(warnings(warned)[0]!.at) - start).toBeGreaterThanOrEqual(0.8 * (Date.parse(first.resolutionDeadline) - start));
    const told = await s.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, id), like(outbox.body, '%时限将至%')));
    expect(told.map((n) => n.recipientUser)).toEqual(['dept-operations-handler-1']);
    expect(['warning', 'overdue']).toContain(resolutionOf(await read(id)).state);
    const over = await eventually(async () => {
      const o = await read(id);
      return resolutionOf(o).state === 'overdue' && o;
    }, 15_000);
    expect(warnings(over)).toHaveLength(1); // still once, past the deadline
  });

  it('re-arms when a pause moves the deadline later', async () => {
    const id = await heldOrder('delay');
    await eventually(async () => warnings(await read(id)).length === 1, 15_000);
    await act(id, 'pause', t.handler, pauseBody());
    await new Promise((r) => setTimeout(r, 1_000));
    const resumed = await act(id, 'resume', t.handler);
    const again = await eventually(async () => {
      const o = await read(id);
      return warnings(o).length === 2 && o;
    }, 15_000);
    expect(warnings(again).map((w) => w.detail.deadline)).toEqual([expect.any(String), resumed.body.resolutionDeadline]);
  });
});

describe('pausing the resolution clock', () => {
  it('moves the deadline by exactly the paused time', async () => {
    const id = await heldOrder('loss');
    const before = await read(id);
    const paused = await act(id, 'pause', t.handler, pauseBody());
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ pause: { reasonCategory: '等待第三方' }, pauseCount: 1 });
    expect(resolutionOf(paused.body).state).toBe('paused');
    expect(paused.body.currentDeadline).toBe(before.responseDeadline); // the response clock runs on
    await new Promise((r) => setTimeout(r, 1_500));
    const resumed = await act(id, 'resume', t.handler);
    const h = (await read(id)).history;
    const pausedAt = Date.parse(h.find((e: { action: string }) => e.action === 'paused').at);
    const resumedAt = Date.parse(h.find((e: { action: string }) => e.action === 'resumed').at);
    expect(Date.parse(resumed.body.resolutionDeadline) - Date.parse(before.resolutionDeadline)).toBe(resumedAt - pausedAt);
    expect(resumed.body.pausedMs).toBe(resumedAt - pausedAt);
  });

  it('on a calendar whose today is a holiday, a pause moves the deadline by nothing', async () => {
    const id = await heldOrder('damage');
    const before = await read(id);
    await act(id, 'pause', t.handler, pauseBody());
    await new Promise((r) => setTimeout(r, 1_000));
    const resumed = await act(id, 'resume', t.handler);
    expect(resumed.body.resolutionDeadline).toBe(before.resolutionDeadline);
    expect(resumed.body.pausedMs).toBe(0);
  });

  it('resumes when the office appends; refuses a reason not in the list and a resume time too far ahead', async () => {
    const id = await heldOrder('loss');
    const wrongReason = await act(id, 'pause', t.handler, pauseBody('随便'));
    expect(wrongReason.body.error.details).toEqual([expect.objectContaining({ field: 'reasonCategory', rule: 'pauseReason' })]);
    const tooLong = await act(id, 'pause', t.handler, { ...pauseBody(), until: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect(tooLong.body.error.details).toEqual([expect.objectContaining({ field: 'until', rule: 'maxWorkingDays' })]);
    await act(id, 'pause', t.handler, pauseBody('等待申请人补充'));
    const urged = await act(id, 'urge', t.office, { note: '客户着急' });
    expect(urged.status).toBe(200);
    expect((await read(id)).history.find((h: { action: string }) => h.action === 'urged').detail).toMatchObject({ paused: true });
    const appended = await act(id, 'append', t.office, { info: '补充了发票' });
    expect(appended.body.pause).toBeNull();
    expect(resolutionOf(appended.body).state).toBe('running');
    expect((await read(id)).history.find((h: { action: string }) => h.action === 'appended').detail).toMatchObject({ resumed: true });
  });

  it('resumes by itself at the planned time', async () => {
    const id = await heldOrder('loss');
    await act(id, 'pause', t.handler, { ...pauseBody(), until: new Date(Date.now() + 1_500).toISOString() });
    const resumed = await eventually(async () => {
      const o = await read(id);
      return o.pause === null && o;
    }, 10_000);
    expect(resumed.history.at(-1)).toMatchObject({ action: 'resumed', actor: { userId: 'system' }, detail: { why: 'due' } });
  });

  it('a breached clock stays breached: pausing moves nothing and the reply misses it', async () => {
    const id = await heldOrder('shortage');
    await act(id, 'accept', t.handler);
    await eventually(async () => (await read(id)).history.some((h: { action: string }) => h.action === 'resolution_overdue'), 10_000);
    const before = await read(id);
    await act(id, 'pause', t.handler, pauseBody());
    expect(resolutionOf(await read(id)).state).toBe('overdue');
    await new Promise((r) => setTimeout(r, 500));
    const replied = await act(id, 'reply', t.handler, { result: '已处理', customerAccepted: true });
    expect(replied.body.resolutionDeadline).toBe(before.resolutionDeadline);
    expect(resolutionOf(replied.body).state).toBe('missed');
    expect(replied.body.clocks.find((c: { clock: string }) => c.clock === 'response').state).toBe('met');
  });
});

describe('the change feed', () => {
  it('carries the state of the clock that applies now with each change', async () => {
    const id = await heldOrder('loss');
    const controller = new AbortController();
    const res = await fetch(`${base}/v1/events`, { headers: { authorization: `Bearer ${t.handler}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let pending: ReturnType<typeof reader.read> | undefined;
    /** The next change event about this order matching `want`, or undefined after `timeoutMs`. */
    const nextChange = async (want: (c: Record<string, unknown>) => boolean, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const data = /^event: change\ndata: (.*)$/m.exec(block)?.[1];
          const change = data ? JSON.parse(data) : undefined;
          if (change?.id === id && want(change)) return change;
        }
        pending ??= reader.read();
        const read = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(() => r(undefined), Math.max(0, until - Date.now())))]);
        if (!read) return undefined;
        pending = undefined;
        if (read.done) throw new Error('the stream ended');
        buffer += decoder.decode(read.value, { stream: true });
      }
    };
    try {
      // The feed listens once a change it sends arrives: notes (which change nothing a clock shows) until one does.
      await eventually(async () => {
        await act(id, 'note', t.handler, { note: '已联系客户' });
        return nextChange(() => true, 1_000);
      });
      await act(id, 'accept', t.handler);
      const change = await nextChange((c) => c.status === 'accepted');
      expect(change).toMatchObject({ kind: 'workOrder', clock: { clock: 'resolution', state: 'running' } });
      expect(change.clock.remainingMs).toBeGreaterThan(0);
      await act(id, 'pause', t.handler, pauseBody());
      expect((await nextChange((c) => c.clock === null))?.status).toBe('accepted'); // paused: nothing is due
    } finally {
      controller.abort();
    }
  });
});
