// Faults provoked for real on a real stack: the API and the worker run as their own processes
// (the production entry points), Temporal on a SQLite file, PostgreSQL embedded. Each scenario
// drives CHAOS_CASES complete cases through the API, injects its fault once about a third of the
// way in, and then counts from the database what was completed, lost and duplicated.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { startEphemeralStack, type EphemeralStack } from '../../harness/ephemeral-stack.js';
import { freePort } from '../../platform/ports.js';
import { bundleWorkflows } from '../../platform/worker.js';
import { quietBundlerLogger } from '../../harness/quiet-bundler.js';
import { auditRun, type AuditTotals } from '../../harness/lifecycle-audit.js';
import { driveLifecycles, stepsPerCase, type DriverTally } from '../../harness/lifecycle-driver.js';
import { startServiceProcess, type ServiceProcess } from '../../harness/processes.js';
import { startGateway, type TestGateway } from '../helpers/sms-gateway.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { createSigner } from 'fast-jwt';

// npm test drives 100 cases per fault (each fault still lands mid-flight, every case is audited);
// npm run test:chaos drives 1,000.
const CASES = Number(process.env.CHAOS_CASES ?? 100);
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 25);
const RETURN_EVERY = 10;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: EphemeralStack;
let gateway: TestGateway;
let api: ServiceProcess;
let worker: ServiceProcess;
/** The processes' environment (a scenario may start a worker with more). */
let env: Record<string, string>;
const secret = randomBytes(32).toString('hex');
const report: Record<string, AuditTotals & { requests: number; retries: number; statuses: DriverTally['statuses']; seconds: number }> = {};

beforeAll(async () => {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', 'chaos');
  const [s, bundle] = await Promise.all([startEphemeralStack(log, { temporalDbFile: true }), bundleWorkflows(quietBundlerLogger)]);
  stack = s;
  const bundlePath = join(stack.dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  gateway = await startGateway();
  env = {
    NODE_ENV: 'development',
    LOCAL_MODE: 'true',
    DATA_DIR: join(stack.dir, 'data'),
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_TASK_QUEUE: 'chaos',
    AUTH_SECRET: secret,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    SMS_GATEWAY_URL: gateway.url,
    RATE_LIMIT_PER_MINUTE: '1000000',
    WORKFLOW_BUNDLE: bundlePath,
  };
  api = await startServiceProcess({ kind: 'api', env, port: await freePort(), logFile: join(stack.dir, 'api.log') });
  worker = await startServiceProcess({ kind: 'worker', env, logFile: join(stack.dir, 'worker.log') });
  console.log(`chaos: stack in ${stack.dir} (api.log, worker.log); ${CASES} cases per scenario, concurrency ${CONCURRENCY}`);
}, 300_000);

afterAll(async () => {
  console.table(
    Object.fromEntries(
      Object.entries(report).map(([k, r]) => [
        k,
        {
          recorded: r.recorded,
          completed: r.completed,
          lost: r.lost,
          duplicated: r.duplicated.applications + r.duplicated.historyEntries + r.sms.deliveredTwice,
          'orders mismatched': r.mismatchedOrders,
          'sms delivered/expected': `${r.sms.delivered}/${r.sms.expected}`,
          'sms repeated to gateway': r.sms.repeatedToGateway,
          'half-written': r.halfWritten,
          requests: r.requests,
          retries: r.retries,
          '503': r.statuses['503'] ?? 0,
          '500': r.statuses['500'] ?? 0,
          'conn. cut': r.statuses.network ?? 0,
          seconds: r.seconds,
        },
      ]),
    ),
  );
  await worker?.stop();
  await api?.stop();
  await gateway?.close();
  if (process.env.CHAOS_KEEP) console.log(`kept ${stack?.dir}`);
  else await stack?.stop();
});

/** Runs CASES cases, calls `fault` once 30 % of the steps are done, then audits the record. */
async function scenario(name: string, fault: () => Promise<void>): Promise<{ tally: DriverTally; runId: string; faultAt: number }> {
  const runId = randomBytes(4).toString('hex').toUpperCase();
  let faultAt = 0;
  const totalSteps = Array.from({ length: CASES }, (_, i) => stepsPerCase(i % RETURN_EVERY === 0)).reduce((a, b) => a + b, 0);
  let injected: Promise<void> | undefined;
  const tally = await driveLifecycles({
    urls: [api.url!],
    secret,
    cases: CASES,
    concurrency: CONCURRENCY,
    returnEvery: RETURN_EVERY,
    runId,
    retryForMs: 240_000,
    onStep: (t) => {
      if (!injected) {
        if (t.stepsDone < totalSteps * 0.3) return;
        faultAt = t.stepsDone;
        injected = fault();
      }
    },
  });
  await injected;
  expect(faultAt, 'the fault was injected while cases were in flight').toBeGreaterThan(0);
  expect(faultAt).toBeLessThan(totalSteps);
  const failed = tally.cases.filter((c) => c.error);
  // SMS deliveries run after the answers: give them time to land before counting.
  let totals = await auditRun(stack.databaseUrl, `CH${runId}`, tally.cases, gateway.received);
  for (let waited = 0; totals.sms.lost > 0 && waited < 120_000; waited += 2_000) {
    await pause(2_000);
    totals = await auditRun(stack.databaseUrl, `CH${runId}`, tally.cases, gateway.received);
  }
  report[name] = { ...totals, requests: tally.attempts, retries: tally.retries, statuses: tally.statuses, seconds: Math.round(tally.elapsedMs / 1000) };
  console.log(`${name}: ${JSON.stringify(report[name])}`);
  expect(failed.slice(0, 5).map((c) => c.error)).toEqual([]);
  expect(totals.recorded).toBe(CASES);
  expect(totals.completed).toBe(CASES);
  expect(totals.lost).toBe(0);
  expect(totals.duplicated).toEqual({ applications: 0, historyEntries: 0 });
  expect(totals.mismatchedOrders).toBe(0);
  expect(totals.sms).toMatchObject({ lost: 0, deliveredTwice: 0, delivered: totals.sms.expected });
  // Not only did no one get a message twice (the gateway drops repeats by key): none was sent twice.
  expect(totals.sms.repeatedToGateway, 'SMS posted to the gateway more than once').toBe(0);
  expect(totals.sms.expected).toBe(Math.ceil(CASES / RETURN_EVERY));
  expect(totals.halfWritten).toBe(0);
  // A 500 names its cause in the API's log (the stack directory is removed after the run).
  const unhandled = readFileSync(join(stack.dir, 'api.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('unhandled error'))
    .map((l) => l.slice(0, 600));
  expect({ count: tally.statuses['500'] ?? 0, unhandled }).toEqual({ count: 0, unhandled: [] });
  // A replay that disagrees with its history (after a restart empties the worker's cache) is a lost case in waiting.
  expect(readFileSync(join(stack.dir, 'worker.log'), 'utf8').match(/Nondeterminism error[^"\\]*/g) ?? []).toEqual([]);
  return { tally, runId, faultAt };
}

/** The fault was felt: some request waited out (most of) the time the part was down. */
function slowestStepMs(tally: DriverTally): number {
  return Math.max(...Object.values(tally.latencies).flat());
}

describe('chaos', () => {
  it('the worker is killed with SIGKILL mid-flight and restarted: every case completes once', async () => {
    const { tally } = await scenario('worker killed', async () => {
      await worker.kill();
      await pause(3_000);
      await worker.start();
    });
    // Updates sent while no worker ran waited for the new one: the kill had an effect.
    expect(slowestStepMs(tally)).toBeGreaterThan(2_500);
  }, 1_200_000);

  it('the API is killed between requests and answers: retries with the same key get the first result', async () => {
    const { tally, runId } = await scenario('api killed', async () => {
      await api.kill();
      await pause(2_000);
      await api.start();
    });
    expect(tally.statuses.network ?? 0).toBeGreaterThan(0); // requests really were cut off
    // Each client got the application the record holds for its mail item: the first result.
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ mail_number: string; id: string; work_order_id: string }>(
      'select mail_number, id, work_order_id from applications where mail_number like $1',
      [`CH${runId}%`],
    );
    await client.end();
    const recorded = new Map(rows.map((r) => [r.mail_number, r]));
    const mismatched = tally.cases.filter(
      (c) => recorded.get(c.mailNumber)?.id !== c.applicationId || recorded.get(c.mailNumber)?.work_order_id !== c.workOrderId,
    );
    expect(mismatched).toEqual([]);
  }, 1_200_000);

  it('PostgreSQL is down for 30 s mid-flight: the API answers 503 meanwhile, and everything completes after', async () => {
    const { tally } = await scenario('postgres down 30 s', async () => {
      await stack.pg.stop();
      await pause(30_000);
      await stack.pg.start();
    });
    expect(tally.statuses['503'] ?? 0).toBeGreaterThan(0);
  }, 1_200_000);

  it('the Temporal server is stopped and restarted on its SQLite file: nothing is lost', async () => {
    const { tally } = await scenario('temporal restarted', () => stack.restartTemporal(5_000));
    // Requests met the server down (answered 503 or retried, or waited it out).
    expect((tally.statuses['503'] ?? 0) + tally.retries > 0 || slowestStepMs(tally) > 4_000).toBe(true);
  }, 1_200_000);
});

// Notices' email and webhook copies when their receivers are down: the SMTP server and a webhook
// receiver stop mid-flight and come back; every copy is then delivered, each exactly once per
// delivery id (the receivers count by id), none lost.
describe('chaos: notice channels', () => {
  it('the SMTP server and a webhook receiver are down for 20 s mid-flight: every notice is delivered after, once per delivery id', async () => {
    const smtp = await startSmtpServer();
    const receiver = await startWebhookReceiver();
    const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: '2h' });
    const call = async <T = unknown>(token: string, method: string, path: string, body: unknown) => {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      return res.json() as Promise<T>;
    };
    try {
      // The worker again, now with email and quick retries; the dispatch notices reach both handlers by email and a bot by webhook.
      await worker.stop();
      worker = await startServiceProcess({
        kind: 'worker',
        env: { ...env, SMTP_URL: smtp.url, DELIVERY_RETRY_INITIAL_SECONDS: '1', DELIVERY_RETRY_MAX_SECONDS: '4' },
        logFile: join(stack.dir, 'worker.log'),
      });
      const admin = sign({ sub: 'admin-1', org: 'province', role: 'admin' });
      const handlers = ['dept-operations-handler-1', 'dept-operations-handler-2'];
      for (const id of handlers) {
        await call(admin, 'PATCH', `/v1/users/${id}`, { email: `${id}@post.test` });
        await call(sign({ sub: id, org: 'dept-operations', role: 'handler' }), 'PUT', '/v1/notices/preferences', {
          items: [{ event: 'dispatched', email: true }],
        });
      }
      const hook = await call<{ secret: string }>(admin, 'POST', '/v1/webhooks', {
        name: '钉钉机器人',
        url: receiver.url,
        events: ['dispatched'],
        org: 'dept-operations',
      });
      receiver.secret = hook.secret;

      const { runId } = await scenario('smtp and webhook receiver down 20 s', async () => {
        await Promise.all([smtp.down(), receiver.down()]);
        await pause(20_000);
        await Promise.all([smtp.up(), receiver.up()]);
      });

      // What the record expects: per dispatch notice of this run, an email per handler and a webhook copy.
      const client = new pg.Client({ connectionString: stack.databaseUrl });
      await client.connect();
      const deliveries = async () =>
        (
          await client.query<{ id: string; channel: string; status: string; attempts: number }>(
            `select d.id, d.channel, d.status, d.attempts from notice_deliveries d join outbox o on o.id = d.outbox_id
             join work_orders w on w.id = o.case_id where o.event = 'dispatched' and w.mail_number like $1`,
            [`CH${runId}%`],
          )
        ).rows;
      let rows = await deliveries();
      for (let waited = 0; rows.some((d) => d.status !== 'sent') && waited < 120_000; waited += 1_000) {
        await pause(1_000);
        rows = await deliveries();
      }
      const orders = Number((await client.query<{ n: string }>(`select count(*) as n from work_orders where mail_number like $1`, [`CH${runId}%`])).rows[0]!.n);
      await client.end();
      const emails = rows.filter((d) => d.channel === 'email');
      const hooks = rows.filter((d) => d.channel === 'webhook');
      const once = (ids: string[]) => {
        const seen = new Map<string, number>();
        for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
        return seen;
      };
      const mailed = once(smtp.received.map((m) => m.deliveryId));
      const hooked = once(receiver.accepted.map((h) => h.deliveryId));
      const figures = {
        orders,
        emails: emails.length,
        emailsReceived: emails.filter((d) => mailed.has(d.id)).length,
        emailRepeats: [...mailed.values()].filter((n) => n > 1).length,
        emailAttempts: emails.reduce((n, d) => n + d.attempts, 0),
        webhooks: hooks.length,
        webhooksAccepted: hooks.filter((d) => hooked.has(d.id)).length,
        webhookRepeats: [...hooked.values()].filter((n) => n > 1).length,
        webhookAttempts: hooks.reduce((n, d) => n + d.attempts, 0),
        badSignatures: receiver.requests.filter((r) => !r.signatureValid).length,
        notSent: rows.filter((d) => d.status !== 'sent').length,
      };
      console.log(`notice channels: ${JSON.stringify(figures)}`);
      expect(figures).toMatchObject({
        emails: orders * handlers.length,
        emailsReceived: orders * handlers.length,
        webhooks: orders,
        webhooksAccepted: orders,
        badSignatures: 0,
        notSent: 0,
      });
      // Each delivery id counted once by its receiver (a repeat would carry the same id: the receiver drops it).
      expect(new Set(smtp.received.map((m) => m.deliveryId)).size).toBe(mailed.size);
      // The outage was felt: some copies needed more than one attempt.
      expect(figures.emailAttempts + figures.webhookAttempts).toBeGreaterThan(figures.emails + figures.webhooks);
    } finally {
      await smtp.close().catch(() => undefined);
      await receiver.close().catch(() => undefined);
    }
  }, 1_200_000);
});
