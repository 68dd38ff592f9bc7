// The bare baseline: the lifecycle's starts, updates and local activities with no-op bodies,
// driven straight from a Temporal client against the same server, with the same concurrency.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { quietBundlerLogger } from '../../harness/quiet-bundler.js';
import { stepBare } from '../bare-workflows.js';
import { round, summarize } from '../http.js';

export async function runBaseline(o: { temporalAddress: string; dir: string; cases: number; concurrency: number }) {
  const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../bare-workflows.ts', import.meta.url)), logger: quietBundlerLogger });
  const bundlePath = join(o.dir, 'bare-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  const native = await NativeConnection.connect({ address: o.temporalAddress });
  const taskQueue = `bare-${Date.now()}`;
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: { codePath: bundlePath }, activities: { noop: async () => undefined } });
  const running = worker.run();
  const connection = await Connection.connect({ address: o.temporalAddress });
  const client = new Client({ connection });
  const latencies: Record<'start' | 'approve' | 'accept' | 'reply' | 'close', number[]> = { start: [], approve: [], accept: [], reply: [], close: [] };
  const timed = async <T>(step: keyof typeof latencies, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const r = await fn();
    latencies[step].push(performance.now() - t0);
    return r;
  };
  const prefix = `bare-${Date.now()}`;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < o.cases) {
        const id = `${prefix}-${next++}`;
        const handle = await timed('start', () => client.workflow.start('bareCase', { workflowId: `bare-${id}`, taskQueue, args: [id] }));
        for (const step of ['approve', 'accept', 'reply', 'close'] as const) await timed(step, () => handle.executeUpdate(stepBare, { args: [step] }));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  worker.shutdown();
  await running;
  await native.close();
  await connection.close();
  return {
    cases: o.cases,
    concurrency: o.concurrency,
    seconds: round(seconds, 2),
    casesPerSecond: round(o.cases / seconds, 2),
    latencyMs: Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, summarize(v)])),
  };
}
