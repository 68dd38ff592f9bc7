// Issue 24, item 2: GET /v1/events streams are capped per person and in total, end within seconds
// when their session ends or their person is deactivated or loses the role, and end by themselves
// after a maximum life (the browser reconnects and is authorised again).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../platform/ports.js';
import { startTestService, type TestService, type TestSession } from '../helpers/service.js';

/** Open streams per person; the total; how often a stream's credential is checked again (seconds). */
const env = { EVENTS_MAX_PER_PERSON: '5', EVENTS_RECHECK_SECONDS: '1' };
let s: TestService;
let capped: TestService;
let short: TestService;
let admin: string;

const listening = async (extra: Record<string, string>) => {
  const port = await freePort();
  return startTestService({ worker: false, listen: { host: '127.0.0.1', port }, env: { ...env, ...extra } });
};
beforeAll(async () => {
  [s, capped, short] = await Promise.all([listening({}), listening({ EVENTS_MAX_TOTAL: '4' }), listening({ EVENTS_MAX_LIFE_SECONDS: '3' })]);
  admin = s.token('admin', 'province', 'admin-1');
});
afterAll(async () => {
  await Promise.all([s?.stop(), capped?.stop(), short?.stop()]);
});

interface Stream {
  status: number;
  /** Whether the server ends the stream within `ms`. */
  endsWithin(ms: number): Promise<boolean>;
  close(): void;
}
const opened: Stream[] = [];
afterEach(() => {
  for (const stream of opened.splice(0)) stream.close();
});

async function open(service: TestService, who: { token?: string; session?: TestSession }): Promise<Stream> {
  const controller = new AbortController();
  const headers: Record<string, string> = who.token ? { authorization: `Bearer ${who.token}` } : { cookie: who.session!.cookie };
  const res = await fetch(`${service.url}/v1/events`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  let done: Promise<boolean> | undefined;
  const stream: Stream = {
    status: res.status,
    endsWithin(ms) {
      done ??= (async () => {
        try {
          while (!(await reader.read()).done);
          return true;
        } catch {
          return false; // aborted by us
        }
      })();
      return Promise.race([done, new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    },
    close: () => controller.abort(),
  };
  opened.push(stream);
  return stream;
}

let seq = 0;
async function newPerson(roles: string[]) {
  const id = `sse-${Date.now().toString(36)}-${seq++}`;
  const res = await s.request('POST', '/v1/users', { token: admin, body: { id, name: `流${seq}`, org: 'jinan', roles } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

describe('limits', () => {
  it('one person holds at most 5 streams; the 6th is refused with 429', async () => {
    const id = await newPerson(['office']);
    const token = s.token('office', 'jinan', id);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await open(s, { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Someone else is not affected by that person's streams.
    expect((await open(s, { token: s.token('office', 'jinan', await newPerson(['office'])) })).status).toBe(200);
  });

  it('a process holds at most EVENTS_MAX_TOTAL streams; beyond that it answers 503', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await open(capped, { token: capped.token('office', 'jinan', `crowd-${i}`) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 503]);
  });
});

describe('a stream ends with what authorised it', () => {
  it('signing out ends the session’s streams within seconds', async () => {
    const session = await s.signIn(await newPerson(['office']));
    const stream = await open(s, { session });
    expect(stream.status).toBe(200);
    expect(await stream.endsWithin(1_000)).toBe(false);
    expect((await s.request('POST', '/auth/logout', { session })).status).toBe(200);
    expect(await stream.endsWithin(5_000)).toBe(true);
  });

  it('deactivating the person ends their streams, by session and by token', async () => {
    const id = await newPerson(['office']);
    const bySession = await open(s, { session: await s.signIn(id) });
    const byToken = await open(s, { token: s.token('office', 'jinan', id) });
    expect([bySession.status, byToken.status]).toEqual([200, 200]);
    expect((await s.request('PATCH', `/v1/users/${id}`, { token: admin, body: { active: false } })).status).toBe(200);
    expect(await bySession.endsWithin(5_000)).toBe(true);
    expect(await byToken.endsWithin(5_000)).toBe(true);
  });

  it('losing the role the stream acts in ends it', async () => {
    const id = await newPerson(['office']);
    const byToken = await open(s, { token: s.token('office', 'jinan', id) });
    expect(byToken.status).toBe(200);
    expect((await s.request('PATCH', `/v1/users/${id}`, { token: admin, body: { roles: ['handler'] } })).status).toBe(200);
    expect(await byToken.endsWithin(5_000)).toBe(true);
  });

  it('a stream ends after its maximum life; reconnecting is authorised afresh', async () => {
    const session = await short.signIn('jinan-agent-1');
    const stream = await open(short, { session });
    expect(stream.status).toBe(200);
    expect(await stream.endsWithin(6_000)).toBe(true);
    expect((await open(short, { session })).status).toBe(200);
    expect((await short.request('POST', '/auth/logout', { session })).status).toBe(200);
    expect((await open(short, { session })).status).toBe(401);
  });
});
