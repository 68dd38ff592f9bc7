// Many applications waiting on their review timers at once: the start rate through the API, the
// worker's and the server's memory with them all open, and whether the API still answers in time.
import { driverTokens } from '../../test/helpers/lifecycle-driver.js';
import { round, rssMiB, timedFetch } from '../http.js';
import { bulkMailItems, runSteadyLoad } from './steady-load.js';

export async function runOpenCases(o: { url: string; secret: string; databaseUrl: string; count: number; concurrency: number; workerPid?: number; serverPid?: number; probeSeconds: number; maxCachedWorkflows: number }) {
  const t = driverTokens(o.secret);
  const prefix = `OC${Date.now().toString(36).toUpperCase()}`;
  await bulkMailItems(o.databaseUrl, prefix, o.count);
  const before = { workerRssMiB: await rssMiB(o.workerPid), serverRssMiB: await rssMiB(o.serverPid) };
  let next = 0;
  let errors = 0;
  let peakWorker = 0;
  const sampler = setInterval(() => void rssMiB(o.workerPid).then((m) => (peakWorker = Math.max(peakWorker, m ?? 0))), 1000);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < o.count) {
        const mailNumber = `${prefix}${String(next++).padStart(8, '0')}`;
        const r = await timedFetch(`${o.url}/v1/applications`, t.office, {
          method: 'POST', key: `oc-${mailNumber}`,
          body: { mailNumber, businessType: 'express_parcel', problemCategory: 'delay', demand: '客户要求尽快投递', customer: { name: '张三', phone: '13900000000' } },
        });
        if (r.status !== 201) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  // Let the last starts settle into their timers, then look at memory and answer times.
  await new Promise((r) => setTimeout(r, 5_000));
  const after = { workerRssMiB: await rssMiB(o.workerPid), serverRssMiB: await rssMiB(o.serverPid) };
  const probe = await runSteadyLoad({ url: o.url, secret: o.secret, databaseUrl: o.databaseUrl, rate: 20, seconds: o.probeSeconds });
  return {
    opened: o.count - errors,
    errors,
    seconds: round(seconds, 1),
    startsPerSecond: round((o.count - errors) / seconds, 1),
    maxCachedWorkflows: o.maxCachedWorkflows,
    memory: { before, after, workerPeakRssMiB: peakWorker || null },
    probeAt20rps: { createMs: probe.createMs, reviewMs: probe.reviewMs, errors: probe.errors, errorKinds: probe.errorKinds },
  };
}
