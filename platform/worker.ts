// The Temporal worker: workflows from the bundle (prebuilt in production), activities from the
// factory, tuning from temporal.yaml, SDK logs into pino.
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TemporalConfig } from '../config/temporal.js';
import { createActivities, type ActivityDeps } from '../activities/index.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let runtimeInstalled = false;

/** Routes the SDK's own logs (worker, workflow `log`, activity `log`) into pino; once per process. */
export function installRuntime(log: Logger, metricsBindAddress?: string): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(log.level.toUpperCase()) ? log.level.toUpperCase() : 'INFO') as LogLevel;
  const sdkLog = log.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const method = entry.level === 'WARN' ? 'warn' : entry.level === 'ERROR' ? 'error' : entry.level === 'INFO' ? 'info' : 'debug';
      sdkLog[method](entry.meta ?? {}, entry.message);
    }),
    ...(metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress } } } } : {}),
  });
}

export interface WorkerOptions {
  connection: NativeConnection;
  config: TemporalConfig;
  deps: ActivityDeps;
  taskQueue?: string;
  /** Path of a prebuilt bundle (bundleWorkflowCode output); otherwise the workflows are bundled now. */
  bundlePath?: string;
}

export async function createWorker(o: WorkerOptions): Promise<Worker> {
  const w = o.config.worker;
  return Worker.create({
    connection: o.connection,
    namespace: o.config.namespace,
    taskQueue: o.taskQueue ?? o.config.taskQueue,
    ...(o.bundlePath ? { workflowBundle: { codePath: o.bundlePath } } : { workflowsPath }),
    activities: createActivities(o.deps),
    maxCachedWorkflows: w.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: w.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: w.maxConcurrentActivityTaskExecutions,
    stickyQueueScheduleToStartTimeout: w.stickyQueueScheduleToStartTimeout,
    shutdownGraceTime: w.shutdownGraceTime,
  });
}
