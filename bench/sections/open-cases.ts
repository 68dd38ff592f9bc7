// Many applications waiting on their review timers at once: how fast they start, the worker's and
// the server's memory with them all open, and whether the API still answers in time. They are
// started the way the API starts one after its insert (same workflow input, same start call),
// straight from a Temporal client: the figure is the engine's and the worker's, not HTTP's.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { newApplication } from '../../domain/application.js';
import { startApplication } from '../../contract/starts.js';
import type { CasePolicy } from '../../domain/policy.js';
import { round, rssMiB } from '../http.js';
import { bulkMailItems, runSteadyLoad } from './steady-load.js';

export async function runOpenCases(o: {
  url: string;
  secret: string;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  policy: CasePolicy;
  count: number;
  concurrency: number;
  workerPid?: number;
  serverPid?: number;
  probeSeconds: number;
  maxCachedWorkflows: number;
}) {
  const connection = await Connection.connect({ address: o.temporalAddress });
  const client = new Client({ connection });
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
        const n = next++;
        const state = newApplication(
          {
            id: randomUUID(),
            number: `SQ-OC-${prefix}-${n}`,
            org: 'jinan',
            createdBy: { userId: 'jinan-agent-1', org: 'jinan', role: 'office' },
            fields: {
              mailNumber: `${prefix}${String(n).padStart(8, '0')}`,
              businessType: 'express_parcel',
              problemCategory: 'delay',
              demand: '客户要求尽快投递',
              customer: { name: '张三', phone: '13900000000' },
              complexity: 'simple',
            },
          },
          Date.now(),
          o.policy,
        );
        await startApplication(client, o.taskQueue, state, o.policy).catch(() => errors++);
      }
    }),
  );
  await connection.close();
  const startSeconds = (performance.now() - started) / 1000;
  // Accepted by Temporal is not yet running: a case runs once the worker has taken its first task
  // and written its 'created' row. Wait for all of them, then look at memory and answer times.
  const recorded = await waitForRows(o.databaseUrl, prefix, o.count - errors);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = { workerRssMiB: await rssMiB(o.workerPid), serverRssMiB: await rssMiB(o.serverPid) };
  const probe = await runSteadyLoad({ url: o.url, secret: o.secret, databaseUrl: o.databaseUrl, rate: 20, seconds: o.probeSeconds });
  return {
    opened: o.count - errors,
    errors,
    recorded,
    startSeconds: round(startSeconds, 1),
    acceptedPerSecond: round((o.count - errors) / startSeconds, 1),
    seconds: round(seconds, 1),
    startsPerSecond: round(recorded / seconds, 1),
    maxCachedWorkflows: o.maxCachedWorkflows,
    memory: { before, after, workerPeakRssMiB: peakWorker || null },
    probeAt20rps: { createMs: probe.createMs, reviewMs: probe.reviewMs, errors: probe.errors, errorKinds: probe.errorKinds },
  };
}

/** Waits until `expected` rows exist or none has been added for two minutes; returns how many exist. */
async function waitForRows(databaseUrl: string, prefix: string, expected: number): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let seen = -1;
    let lastProgress = performance.now();
    for (;;) {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from applications where mail_number like $1', [`${prefix}%`]);
      const n = Number(rows[0]!.n);
      if (n >= expected || performance.now() - lastProgress > 120_000) return n;
      if (n > seen) [seen, lastProgress] = [n, performance.now()];
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    await client.end();
  }
}
