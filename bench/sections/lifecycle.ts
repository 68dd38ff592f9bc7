// Complete cases through the HTTP API (create → [every 10th: return → resubmit] → approve → accept
// → reply → close), the lifecycle the Flowable peer runs, after a warm-up (as the peer does), then
// audited for duplicates in the record.
import { auditRun } from '../../harness/lifecycle-audit.js';
import { driveLifecycles } from '../../harness/lifecycle-driver.js';
import { round, summarize } from '../http.js';

export const RETURN_EVERY = 10;

export async function runLifecycle(o: {
  urls: string[];
  secret: string;
  databaseUrl: string;
  cases: number;
  concurrency: number;
  warmup?: number;
  onTimedStart?: () => void | Promise<void>;
}) {
  if (o.warmup) {
    await driveLifecycles({
      urls: o.urls,
      secret: o.secret,
      cases: o.warmup,
      concurrency: o.concurrency,
      returnEvery: RETURN_EVERY,
      runId: `WU${Date.now().toString(36).toUpperCase()}`,
      registerFirst: true,
      retryForMs: 60_000,
    });
  }
  const runId = Date.now().toString(36).toUpperCase();
  const tally = await driveLifecycles({
    onTimedStart: o.onTimedStart,
    urls: o.urls,
    secret: o.secret,
    cases: o.cases,
    concurrency: o.concurrency,
    returnEvery: RETURN_EVERY,
    runId,
    registerFirst: true,
    retryForMs: 60_000,
  });
  const audit = await auditRun(o.databaseUrl, `CH${runId}`, tally.cases, []);
  const seconds = tally.elapsedMs / 1000;
  const { mailItem: _m, ...steps } = tally.latencies;
  return {
    cases: o.cases,
    concurrency: o.concurrency,
    warmupCases: o.warmup ?? 0,
    apiProcesses: o.urls.length,
    seconds: round(seconds, 2),
    casesPerSecond: round(o.cases / seconds, 2),
    failed: tally.cases.filter((c) => c.error).length,
    firstErrors: [...new Set(tally.cases.filter((c) => c.error).map((c) => c.error!.slice(0, 300)))].slice(0, 3),
    retries: tally.retries,
    completed: audit.completed,
    duplicated: audit.duplicated,
    latencyMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, summarize(v)])),
  };
}
