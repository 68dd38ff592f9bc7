// Complete cases through the HTTP API (create → approve → accept → reply → close), optionally
// spread over several API processes, then audited for duplicates in the record.
import { auditRun } from '../../test/helpers/lifecycle-audit.js';
import { driveLifecycles } from '../../test/helpers/lifecycle-driver.js';
import { round, summarize } from '../http.js';

export async function runLifecycle(o: { urls: string[]; secret: string; databaseUrl: string; cases: number; concurrency: number }) {
  const runId = Date.now().toString(36).toUpperCase();
  const tally = await driveLifecycles({
    urls: o.urls,
    secret: o.secret,
    cases: o.cases,
    concurrency: o.concurrency,
    runId,
    registerFirst: true,
    retryForMs: 60_000,
  });
  const audit = await auditRun(o.databaseUrl, `CH${runId}`, tally.cases, []);
  const seconds = tally.elapsedMs / 1000;
  const { mailItem: _m, return: _r, resubmit: _s, ...steps } = tally.latencies;
  return {
    cases: o.cases,
    concurrency: o.concurrency,
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
