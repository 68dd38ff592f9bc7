// The API the web console's screens need beyond the contract's first version: the mail-item
// lookup with the creation-rule preview, attachments, the queues' orderings, the workbench counts,
// the public policy, reset points, and the server-sent change feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications } from '../../db/schema.js';
import { freePort } from '../../platform/ports.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { applicationBody, approve, createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';

let s: TestService;
let t: ReturnType<typeof tokens>;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  s = await startTestService({ listen: { host: '127.0.0.1', port } });
  base = `http://127.0.0.1:${port}`;
  t = tokens(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('mail item lookup', () => {
  it('shows what exists for the item and what the creation rules would say, per problem category', async () => {
    const mail = await registerMailItem(s, { externalDispatches: [{ id: 'HOT-1', kind: 'direct', problemCategory: 'loss', status: 'open' }] });
    const app = await createApplication(s, { mailNumber: mail, problemCategory: 'delay' });
    const res = await s.request('GET', `/v1/mail-items/${mail}`, { token: t.office });
    expect(res.status).toBe(200);
    expect(res.body.mailItem).toMatchObject({ mailNumber: mail, collectingOrg: 'jinan', externalDispatches: [{ id: 'HOT-1' }] });
    expect(res.body.applications.map((a: { id: string }) => a.id)).toEqual([app.id]);
    const rule = (c: string) => res.body.creationRules.find((r: { problemCategory: string }) => r.problemCategory === c);
    expect(rule('delay')).toMatchObject({ allowed: false, suggestedAction: 'wait', rule: 'open_application_same_demand', existingApplicationId: app.id });
    expect(rule('loss')).toMatchObject({ allowed: false, suggestedAction: 'wait', rule: 'open_direct_dispatch', existingWorkOrderId: 'HOT-1' });
    expect(rule('damage')).toEqual({ problemCategory: 'damage', allowed: true });
    expect(res.body.creationRules).toHaveLength(11);

    // The preview says what the create then does.
    const refused = await s.request('POST', '/v1/applications', { token: t.office, body: applicationBody(mail, { problemCategory: 'loss' }) });
    expect(refused.body.error.details).toMatchObject({ suggestedAction: rule('loss').suggestedAction, rule: rule('loss').rule });

    // Approved: the work order shows, and the rule for the same demand becomes "wait" for it.
    const { workOrderId } = await approve(s, app.id);
    const after = await s.request('GET', `/v1/mail-items/${mail}`, { token: t.office });
    expect(after.body.workOrders.map((w: { id: string }) => w.id)).toEqual([workOrderId]);
    expect(after.body.creationRules.find((r: { problemCategory: string }) => r.problemCategory === 'delay')).toMatchObject({
      suggestedAction: 'wait',
      existingWorkOrderId: workOrderId,
    });
  });

  it('another office and unknown numbers get 404; reviewers see every item', async () => {
    const mail = await registerMailItem(s);
    expect((await s.request('GET', `/v1/mail-items/${mail}`, { token: t.otherOffice })).status).toBe(404);
    expect((await s.request('GET', '/v1/mail-items/NOSUCH000000', { token: t.office })).status).toBe(404);
    expect((await s.request('GET', `/v1/mail-items/${mail}`, { token: t.reviewer })).status).toBe(200);
    expect((await s.request('GET', `/v1/mail-items/${mail}`, { token: t.handler })).status).toBe(403);
  });
});

describe('attachments', () => {
  it('serve their content with their own type, only to whoever may see the application', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const mail = await registerMailItem(s);
    const app = await createApplication(s, {
      mailNumber: mail,
      attachments: [{ name: '详情单.png', contentType: 'image/png', contentBase64: png.toString('base64') }],
    });
    const detail = await s.request('GET', `/v1/applications/${app.id}`, { token: t.office });
    const [file] = detail.body.attachments;
    const res = await fetch(`${base}/v1/applications/${app.id}/attachments/${file.id}`, { headers: { authorization: `Bearer ${t.reviewer}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('详情单.png'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect((await s.request('GET', `/v1/applications/${app.id}/attachments/${file.id}`, { token: t.otherOffice })).status).toBe(404);
    expect((await s.request('GET', `/v1/applications/${app.id}/attachments/00000000-0000-4000-8000-000000000000`, { token: t.office })).status).toBe(404);
  });
});

describe('queues', () => {
  it('the review queue is ordered by review deadline, earliest first, and pages by it', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createApplication(s));
    // Give them deadlines in the opposite order of creation (as resubmissions would).
    for (const [i, a] of made.entries()) {
      await s.db.db
        .update(applications)
        .set({ reviewDeadline: new Date(Date.now() + (3 - i) * 60_000 - 3_600_000 * 24 * 30) })
        .where(eq(applications.id, a.id));
    }
    const first = await s.request('GET', '/v1/applications?status=submitted&sort=reviewDeadline&limit=2', { token: t.reviewer });
    expect(first.status).toBe(200);
    const deadlines = first.body.items.map((a: { reviewDeadline: string }) => Date.parse(a.reviewDeadline));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect(first.body.items.map((a: { id: string }) => a.id)).toEqual([made[2]!.id, made[1]!.id]);
    const second = await s.request('GET', `/v1/applications?status=submitted&sort=reviewDeadline&limit=2&cursor=${first.body.nextCursor}`, {
      token: t.reviewer,
    });
    expect(second.body.items[0].id).toBe(made[0]!.id);
  });

  it("the department's queue: open orders by their current deadline, with currentDeadline", async () => {
    const a = await approve(s, (await createApplication(s)).id);
    await s.request('POST', `/v1/work-orders/${a.workOrderId}/accept`, { token: t.handler, body: {} });
    const b = await approve(s, (await createApplication(s)).id);
    const queue = await s.request('GET', '/v1/work-orders?open=true&sort=deadline&limit=200', { token: t.handler });
    expect(queue.status).toBe(200);
    const items = queue.body.items as { id: string; status: string; currentDeadline: string; responseDeadline: string; resolutionDeadline: string }[];
    const at = items.map((w) => Date.parse(w.currentDeadline));
    expect(at).toEqual([...at].sort((x, y) => x - y));
    const accepted = items.find((w) => w.id === a.workOrderId)!;
    const dispatched = items.find((w) => w.id === b.workOrderId)!;
    expect(accepted.currentDeadline).toBe(accepted.resolutionDeadline);
    expect(dispatched.currentDeadline).toBe(dispatched.responseDeadline);
    expect(items.every((w) => w.status !== 'closed')).toBe(true);
    expect(
      (await s.request('GET', '/v1/work-orders?open=true&sort=deadline', { token: t.otherHandler })).body.items.some(
        (w: { id: string }) => w.id === a.workOrderId,
      ),
    ).toBe(false);
  });
});

describe('workbench and policy', () => {
  // Offices and departments no other test file uses, so the counts are this test's alone.
  it("counts an office's and a department's queue: to do, due soon, overdue", async () => {
    const office = s.token('office', 'taian', 'taian-agent-1');
    const handler = s.token('handler', 'dept-international', 'dept-international-handler-1');
    const bench = async (token: string) => (await s.request('GET', '/v1/workbench', { token })).body;
    expect(await bench(office)).toEqual({ role: 'office', todo: 0, dueSoon: 0, overdue: 0 });

    const made = [];
    for (let i = 0; i < 3; i++) {
      // International: its work order goes to the international department.
      const mail = await registerMailItem(s, { org: 'taian', businessType: 'intl_export_ems' });
      made.push(
        await createApplication(
          s,
          {
            mailNumber: mail,
            businessType: 'intl_export_ems',
            international: { leg: 'leg2', destinationCountry: 'NL' },
            attachments: [{ name: '详情单.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64') }],
          },
          office,
        ),
      );
    }
    for (const a of made.slice(0, 2))
      await s.request('POST', `/v1/applications/${a.id}/review`, { token: t.reviewer, body: { decision: 'return', reason: '补充材料' } });
    await eventually(async () => (await bench(office)).todo === 2);
    // The queue counts by the deadline that applies now (the office's action window): move two of them,
    // one into the last quarter of its clock (due soon), one past it.
    await s.db.db
      .update(applications)
      .set({ currentDeadline: new Date(Date.now() + 30 * 60_000), currentClockStartedAt: new Date(Date.now() - 3 * 3_600_000) })
      .where(eq(applications.id, made[0]!.id));
    await s.db.db
      .update(applications)
      .set({ currentDeadline: new Date(Date.now() - 60_000) })
      .where(eq(applications.id, made[1]!.id));
    expect(await bench(office)).toEqual({ role: 'office', todo: 2, dueSoon: 1, overdue: 1 });
    expect((await bench(t.office)).role).toBe('office'); // another office's own queue: not these

    // The international department's queue has the approved one until it is answered.
    const { workOrderId } = await approve(s, made[2]!.id);
    expect(
      await eventually(async () => {
        const b = await bench(handler);
        return b.todo === 1 ? b : undefined;
      }),
      // Just dispatched: not due soon (only the last quarter of its clock is), however short the clock.
    ).toEqual({ role: 'handler', todo: 1, dueSoon: 0, overdue: 0 });
    await s.request('POST', `/v1/work-orders/${workOrderId}/accept`, { token: handler, body: {} });
    await s.request('POST', `/v1/work-orders/${workOrderId}/reply`, { token: handler, body: { result: '已赔付', customerAccepted: true } });
    expect(await bench(handler)).toEqual({ role: 'handler', todo: 0, dueSoon: 0, overdue: 0 });
    const reviewer = await bench(t.reviewer);
    expect(reviewer.role).toBe('reviewer');
    expect(reviewer.todo).toBeGreaterThanOrEqual(1); // at least the replied order to close (other files share the reviewers' queue)
  });

  it('the public policy gives the ladder with level names and limits', async () => {
    const res = await s.request('GET', '/v1/policy', { token: s.token('supervisor', 'province', 'supervisor-1') });
    expect(res.body.timeZone).toBe('Asia/Shanghai');
    expect(res.body.ladder[0]).toMatchObject({ level: 1, role: 'supervisor', limitMs: expect.any(Number) });
    expect(res.body.ladder.length).toBeGreaterThan(1);
  });
});

describe('reset points', () => {
  it('lists the completed workflow tasks of a case with what led to each', async () => {
    const app = await createApplication(s);
    await approve(s, app.id);
    const res = await s.request('GET', `/v1/ops/workflows/application-${app.id}/reset-points`, { token: t.ops });
    expect(res.status).toBe(200);
    expect(res.body.points[0].after).toContain('started');
    expect(res.body.points.some((p: { after: string[] }) => p.after.includes('update review'))).toBe(true);
    expect((await s.request('GET', '/v1/ops/workflows/application-00000000-0000-4000-8000-000000000000/reset-points', { token: t.ops })).status).toBe(404);
  });
});

describe('the change feed (server-sent events)', () => {
  /**
   * Collects `change` events from /v1/events as the given caller. Resolves once the server's first
   * block (`retry:`) has arrived: the server subscribes the stream in the same turn as it writes
   * that block, so every change from then on reaches it. Anything that goes wrong reading the stream
   * (other than close()) is kept in `errors`, for the test to assert on.
   */
  async function subscribe(headers: Record<string, string>) {
    const controller = new AbortController();
    const res = await fetch(`${base}/v1/events`, { headers, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events: { id: string; kind: string; status: string; at: number }[] = [];
    const errors: string[] = [];
    let listening: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (/^retry: \d+$/m.test(block)) listening();
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (/^event: change$/m.test(block) && data) events.push({ ...JSON.parse(data), at: Date.now() });
          }
        }
        if (!controller.signal.aborted) errors.push('the stream ended before close()');
      } catch (error) {
        if (!controller.signal.aborted) errors.push(String(error));
      }
    })();
    await Promise.race([ready, reading.then(() => Promise.reject(new Error(`the stream ended before its first block: ${errors.join('; ')}`)))]);
    return {
      events,
      errors,
      close: async () => {
        controller.abort();
        await reading;
      },
    };
  }

  it('a change reaches the screens that may see it within 2 seconds, and no one else', async () => {
    const session = await s.signIn('reviewer-2');
    const reviewer = await subscribe({ cookie: session.cookie });
    const ownOffice = await subscribe({ authorization: `Bearer ${t.office}` });
    const otherOffice = await subscribe({ authorization: `Bearer ${t.otherOffice}` });
    const handler = await subscribe({ authorization: `Bearer ${t.handler}` });
    const subscribers = [reviewer, ownOffice, otherOffice, handler];
    try {
      const started = Date.now();
      const app = await createApplication(s);
      const seen = await eventually(async () => reviewer.events.find((e) => e.id === app.id), 5_000, 20);
      expect(seen.kind).toBe('application');
      expect(seen.at - started).toBeLessThan(2_000);
      await eventually(async () => ownOffice.events.find((e) => e.id === app.id), 5_000, 20);

      const { workOrderId } = await approve(s, app.id);
      const dispatched = await eventually(async () => handler.events.find((e) => e.id === workOrderId), 5_000, 20);
      expect(dispatched.kind).toBe('workOrder');
      await eventually(async () => reviewer.events.find((e) => e.id === app.id && e.status === 'closed'), 5_000, 20);
      // Each stream gets the changes in the order they were written: once a later change of a case
      // it may see has arrived, anything of the earlier ones meant for it has arrived too.
      const qingdao = await createApplication(s, { mailNumber: await registerMailItem(s, { org: 'qingdao' }) }, t.otherOffice);
      await eventually(async () => otherOffice.events.find((e) => e.id === qingdao.id), 5_000, 20);
      const later = await approve(s, (await createApplication(s)).id);
      await eventually(async () => handler.events.find((e) => e.id === later.workOrderId), 5_000, 20);
      expect(otherOffice.events.filter((e) => e.id === app.id || e.id === workOrderId)).toEqual([]);
      expect(handler.events.filter((e) => e.id === app.id)).toEqual([]);
    } finally {
      for (const sub of subscribers) await sub.close();
    }
    expect(subscribers.flatMap((sub) => sub.errors)).toEqual([]);
  });

  it('needs a caller: no session, no stream', async () => {
    expect((await fetch(`${base}/v1/events`)).status).toBe(401);
  });
});
