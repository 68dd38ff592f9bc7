// Application deadlines on the real server with a short policy: the review deadline marks the
// application overdue and escalates; the returned-action deadline auto-abandons it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { escalations } from '../../db/schema.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { createApplication, tokens } from '../helpers/fixtures.js';

let s: TestService;
beforeAll(async () => {
  s = await startTestService({
    policy: {
      application: { reviewDeadline: '2s', returnedActionDeadline: '2s' },
      escalation: {
        ladder: [
          { name: 'supervisor', role: 'supervisor', org: 'provincial', limit: '1h' },
          { name: 'manager', role: 'admin', org: 'provincial', limit: '1h' },
        ],
      },
    },
  });
});
afterAll(async () => {
  await s?.stop();
});

describe('application deadlines', () => {
  it('review deadline: marks the application overdue, notifies, starts an escalation; reviewing ends it', async () => {
    const t = tokens(s);
    const app = await createApplication(s);
    const overdue = await eventually(async () => {
      const res = await s.request('GET', `/v1/applications/${app.id}`, { token: t.office });
      return res.body.overdue ? res.body : undefined;
    });
    expect(overdue.status).toBe('submitted');
    // The reminder (at 80 % of the window) comes first, then the deadline itself.
    expect(overdue.history.map((h: { action: string }) => h.action)).toEqual(['created', 'review_reminder', 'review_overdue']);
    expect(overdue.history[2].actor.role).toBe('system');
    const esc = await eventually(async () => (await s.db.db.select().from(escalations).where(eq(escalations.subjectId, app.id)))[0]);
    expect(esc).toMatchObject({ subjectType: 'application', status: 'open', level: 1, org: 'jinan' });

    const approved = await s.request('POST', `/v1/applications/${app.id}/review`, { token: t.reviewer, body: { decision: 'approve' } });
    expect(approved.body).toMatchObject({ status: 'closed', becameOrder: true, overdue: false });
    await eventually(async () => (await s.db.db.select().from(escalations).where(eq(escalations.id, esc.id)))[0]?.status === 'resolved');
  });

  it('returned-action deadline: auto-abandons, becameOrder false, recorded as done by the system', async () => {
    const t = tokens(s);
    const app = await createApplication(s);
    await s.request('POST', `/v1/applications/${app.id}/review`, { token: t.reviewer, body: { decision: 'return', reason: '资料不全' } });
    const closed = await eventually(async () => {
      const res = await s.request('GET', `/v1/applications/${app.id}`, { token: t.office });
      return res.body.status === 'closed' ? res.body : undefined;
    });
    expect(closed.becameOrder).toBe(false);
    const last = closed.history.at(-1);
    expect(last).toMatchObject({ action: 'auto_abandoned', actor: { userId: 'system', role: 'system' } });
    const late = await s.request('POST', `/v1/applications/${app.id}/resubmit`, { token: t.office, body: { demand: 'late' } });
    expect(late.status).toBe(409);
    expect(late.body.error.details.status).toBe('closed');
  });
});
