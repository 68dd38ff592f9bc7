// Drives complete cases through the HTTP API the way a well-behaved client does: every write
// carries an Idempotency-Key and is retried with it on a network error, 429 or 5xx. Used by the
// chaos suite (where processes die under it) and the benchmarks (where it measures latency).
import { randomBytes } from 'node:crypto';
import { createSigner } from 'fast-jwt';

export type Step = 'mailItem' | 'create' | 'return' | 'resubmit' | 'approve' | 'accept' | 'reply' | 'close';

export interface CaseOutcome {
  mailNumber: string;
  returned: boolean;
  applicationId?: string;
  workOrderId?: string;
  /** The first unrecoverable answer, if the case could not be driven to closed. */
  error?: string;
}

export interface DriverTally {
  cases: CaseOutcome[];
  /** Successful request latencies (ms) per step, one per step per case (retries included in the time). */
  latencies: Record<Step, number[]>;
  attempts: number;
  retries: number;
  /** Answers seen per status code ('network' for a connection that died). */
  statuses: Record<string, number>;
  stepsDone: number;
  elapsedMs: number;
}

export interface DriverOptions {
  /** API base URLs; requests are spread round-robin (several API processes). */
  urls: string[];
  secret: string;
  cases: number;
  concurrency: number;
  /** Every n-th case is returned once and resubmitted (an SMS to its creator). 0 = never. */
  returnEvery?: number;
  /** How long one request may keep being retried before the case is given up. */
  retryForMs?: number;
  /** A prefix for mail numbers and idempotency keys, unique per run. */
  runId?: string;
  /** Register every mail item before the clock starts (benchmarks time only the case steps). */
  registerFirst?: boolean;
  onStep?: (tally: DriverTally) => void;
  /** Called when the timed part starts (after the mail items are registered). */
  onTimedStart?: () => void | Promise<void>;
}

export function driverTokens(secret: string) {
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: '6h' });
  return {
    integration: sign({ sub: 'integration', org: 'province', role: 'integration' }),
    // People of the local directory (return SMSes go to the directory's phone).
    office: sign({ sub: 'jinan-agent-1', org: 'jinan', role: 'office' }),
    reviewer: sign({ sub: 'reviewer-1', org: 'province', role: 'reviewer' }),
    handler: sign({ sub: 'dept-operations-handler-1', org: 'dept-operations', role: 'handler' }),
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function driveLifecycles(o: DriverOptions): Promise<DriverTally> {
  const run = o.runId ?? randomBytes(4).toString('hex').toUpperCase();
  const t = driverTokens(o.secret);
  const tally: DriverTally = {
    cases: [],
    attempts: 0,
    retries: 0,
    statuses: {},
    stepsDone: 0,
    elapsedMs: 0,
    latencies: { mailItem: [], create: [], return: [], resubmit: [], approve: [], accept: [], reply: [], close: [] },
  };
  let rr = 0;

  async function call(step: Step, method: string, path: string, token: string, body: unknown, key?: string): Promise<{ status: number; body: unknown }> {
    const started = performance.now();
    const until = Date.now() + (o.retryForMs ?? 180_000);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) tally.retries++;
      tally.attempts++;
      const url = o.urls[rr++ % o.urls.length]!;
      let status: number | 'network';
      let answer: unknown;
      try {
        const res = await fetch(url + path, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        status = res.status;
        answer = await res.json().catch(() => null);
      } catch {
        status = 'network';
      }
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      if (typeof status === 'number' && status < 300) {
        tally.latencies[step].push(performance.now() - started);
        tally.stepsDone++;
        o.onStep?.(tally);
        return { status, body: answer };
      }
      const transient = status === 'network' || status === 429 || status >= 500;
      if (!transient || Date.now() > until) throw new Error(`${step} ${path} → ${status} ${JSON.stringify(answer)?.slice(0, 300)}`);
      await pause(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
    }
  }

  const mailNumberOf = (i: number) => `CH${run}${String(i).padStart(7, '0')}`;
  const registerMailItem = (mailNumber: string) =>
    call('mailItem', 'PUT', `/v1/mail-items/${mailNumber}`, t.integration, {
      collectingOrg: 'jinan',
      businessType: 'express_parcel',
      acceptedAt: new Date().toISOString(),
      externalDispatches: [],
    });

  async function driveOne(i: number): Promise<CaseOutcome> {
    const mailNumber = mailNumberOf(i);
    const returned = !!o.returnEvery && i % o.returnEvery === 0;
    const outcome: CaseOutcome = { mailNumber, returned };
    const k = (step: string) => `${run}-${i}-${step}`;
    try {
      if (!o.registerFirst) await registerMailItem(mailNumber);
      const created = await call(
        'create',
        'POST',
        '/v1/applications',
        t.office,
        {
          mailNumber,
          businessType: 'express_parcel',
          problemCategory: 'delay',
          demand: '客户要求尽快投递',
          customer: { name: '张三', phone: '13900000000' },
        },
        k('create'),
      );
      const id = (created.body as { id: string }).id;
      outcome.applicationId = id;
      if (returned) {
        await call('return', 'POST', `/v1/applications/${id}/review`, t.reviewer, { decision: 'return', reason: '请补充客户联系方式' }, k('return'));
        await call('resubmit', 'POST', `/v1/applications/${id}/resubmit`, t.office, { description: '已补充' }, k('resubmit'));
      }
      const approved = await call('approve', 'POST', `/v1/applications/${id}/review`, t.reviewer, { decision: 'approve' }, k('approve'));
      const order = (approved.body as { workOrderId: string }).workOrderId;
      outcome.workOrderId = order;
      await call('accept', 'POST', `/v1/work-orders/${order}/accept`, t.handler, {}, k('accept'));
      await call('reply', 'POST', `/v1/work-orders/${order}/reply`, t.handler, { result: '已联系客户, 邮件已投递', customerAccepted: true }, k('reply'));
      await call('close', 'POST', `/v1/work-orders/${order}/close`, t.reviewer, { meetsStandard: true }, k('close'));
    } catch (error) {
      outcome.error = error instanceof Error ? error.message : String(error);
    }
    return outcome;
  }

  if (o.registerFirst) {
    let n = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (n < o.cases) await registerMailItem(mailNumberOf(n++));
      }),
    );
    tally.latencies.mailItem = [];
  }
  await o.onTimedStart?.();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency, o.cases) }, async () => {
      while (next < o.cases) tally.cases.push(await driveOne(next++));
    }),
  );
  tally.elapsedMs = performance.now() - started;
  return tally;
}

/** Steps a case takes: mail item, create, approve, accept, reply, close (+ return, resubmit). */
export const stepsPerCase = (returned: boolean) => (returned ? 8 : 6);
