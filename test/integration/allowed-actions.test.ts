// Every case the API returns says what the caller may do to it now (`allowedActions`), and the
// API agrees with itself: in every state of every kind, for seven people, each action the answer
// leaves out is refused (403 role, 404 someone else's case, 409 not now) and changes nothing, and
// each action it names is accepted (tried on a fresh case in the same state). Eight people: the
// department's lead among them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { actionRequest, CASE_ACTIONS, CASE_PATHS, type CaseRef } from '../helpers/case-actions.js';
import { approve, createApplication, tokens } from '../helpers/fixtures.js';

let s: TestService;
let people: Record<string, string>;
beforeAll(async () => {
  s = await startTestService();
  const t = tokens(s);
  people = {
    office: t.office,
    otherOffice: t.otherOffice,
    reviewer: t.reviewer,
    handler: t.handler,
    lead: s.token('handler', 'dept-operations', 'dept-operations-lead'),
    otherHandler: t.otherHandler,
    supervisor: t.supervisor,
    ops: t.ops,
  };
});
afterAll(async () => {
  await s?.stop();
});

type Case = CaseRef;
const path = CASE_PATHS;
const request = actionRequest;
const ACTIONS = CASE_ACTIONS;

const read = (c: Case, token: string) => s.request('GET', `/v1/${path[c.kind]}/${c.id}`, { token });
const act = async (c: Case, action: string, token: string) => {
  const { url, body } = request(c, action);
  return s.request('POST', url, { token, body });
};
const ok = async (c: Case, action: string, token: string) => {
  const res = await act(c, action, token);
  if (res.status >= 300) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

// Cases in each state, built through the API.
const submitted = async (): Promise<Case> => ({ kind: 'application', id: (await createApplication(s)).id });
const returned = async () => {
  const c = await submitted();
  await ok(c, 'return', people.reviewer!);
  return c;
};
const abandoned = async () => {
  const c = await returned();
  await ok(c, 'abandon', people.office!);
  return c;
};
const dispatched = async (): Promise<Case> => ({ kind: 'workOrder', id: (await approve(s, (await submitted()).id)).workOrderId });
const then = (build: () => Promise<Case>, action: string, who: string) => async () => {
  const c = await build();
  await ok(c, action, people[who]!);
  return c;
};
const accepted = then(dispatched, 'accept', 'handler');
const replied = then(accepted, 'reply', 'handler');
const closedBelowStandard = then(replied, 'close', 'reviewer');
const visited = then(closedBelowStandard, 'returnVisit', 'reviewer');
const escalationOf = async (build: () => Promise<Case>): Promise<Case> => {
  const subject = await build();
  return { kind: 'escalation', id: (await ok(subject, 'escalate', people.supervisor!)).id };
};
const escalationOpen = () => escalationOf(dispatched);
const escalationAcknowledged = async () => {
  const c = await escalationOpen();
  await ok(c, 'acknowledge', people.supervisor!);
  return c;
};
const escalationResolved = async () => {
  const c = await escalationOpen();
  await ok(c, 'resolve', people.supervisor!);
  // Resolved by hand: answered once the record says so.
  await eventually(async () => (await read(c, people.supervisor!)).body.status === 'resolved');
  return c;
};

const STATES: [string, () => Promise<Case>][] = [
  ['application submitted', submitted],
  ['application returned', returned],
  ['application abandoned', abandoned],
  ['work order dispatched', dispatched],
  ['work order accepted', accepted],
  ['work order replied', replied],
  ['work order closed below standard', closedBelowStandard],
  ['work order closed and visited', visited],
  ['escalation open', escalationOpen],
  ['escalation acknowledged', escalationAcknowledged],
  ['escalation resolved', escalationResolved],
];

describe('allowedActions is what the API accepts', () => {
  it.each(STATES)('%s', async (_name, build) => {
    const c = await build();
    const statusOf = async () => (await read(c, people.reviewer!)).body.status as string;
    const before = await statusOf();
    const offered: Record<string, string[]> = {};
    for (const [who, token] of Object.entries(people)) {
      const seen = await read(c, token);
      offered[who] = seen.status === 200 ? seen.body.allowedActions : [];
      if (seen.status !== 200) expect([403, 404], `${who} reads`).toContain(seen.status);
      for (const action of ACTIONS[c.kind].filter((a) => !offered[who]!.includes(a))) {
        const res = await act(c, action, token);
        expect([403, 404, 409], `${who} ${action}: ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
        if (res.status === 409) expect(res.body.error.details.status, `${who} ${action}`).toBe(before);
        if (seen.status !== 200) expect(res.status, `${who} cannot see it, so ${action} is 403 or 404`).not.toBe(409);
      }
    }
    expect(await statusOf(), 'no refused action changed the case').toBe(before);
    // Each action offered is accepted, on a fresh case in the same state.
    for (const [who, actions] of Object.entries(offered)) {
      for (const action of actions) {
        const fresh = await build();
        const res = await act(fresh, action, people[who]!);
        expect(res.status, `${who} ${action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      }
    }
    // Lists carry the same answer as the case page.
    if (c.kind !== 'escalation') {
      const list = await s.request('GET', `/v1/${path[c.kind]}?mailNumber=${(await read(c, people.reviewer!)).body.mailNumber}`, { token: people.reviewer! });
      expect(list.body.items.find((i: { id: string }) => i.id === c.id).allowedActions).toEqual(offered.reviewer);
    }
  });

  it('an action’s answer carries what the caller may do next', async () => {
    const c = await dispatched();
    const res = await act(c, 'accept', people.handler!);
    // It took the order, as the handler accepting one in the queue does.
    expect(res.body).toMatchObject({ status: 'accepted', allowedActions: ['reply', 'release', 'transfer', 'ask', 'note'] });
  });

  it('the refusals say which rule: the roles that may (403), the status and the allowed ones (409)', async () => {
    const c = await dispatched();
    const byRole = await act(c, 'urge', people.handler!);
    expect(byRole).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('office') } } });
    const notNow = await act(c, 'reply', people.handler!);
    expect(notNow).toMatchObject({
      status: 409,
      body: { error: { code: 'INVALID_TRANSITION', details: { status: 'dispatched', allowedFrom: ['accepted'] } } },
    });
    const notTheirs = await act(c, 'accept', people.otherHandler!);
    expect(notTheirs.status).toBe(404);
  });
});
