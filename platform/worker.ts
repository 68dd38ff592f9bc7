// The Temporal worker: workflows from the bundle (prebuilt in production), activities from the
// factory, tuning from temporal.yaml, SDK logs into pino.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type NativeConnection,
  Runtime,
  Worker,
  type BundleOptions,
  type InjectedSinks,
  type LogLevel,
} from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { Logger } from 'pino';
import type { TemporalConfig } from '../config/temporal.js';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { activityFailureLog } from '../activities/failure-log.js';
import type { Tracing } from './tracing.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Bundled with the workflows (they trace only work whose caller sent a trace context). */
export const workflowInterceptorModules = [fileURLToPath(new URL('../workflows/tracing-interceptors.ts', import.meta.url))];
/** What bundleWorkflowCode is given for the bundle production workers run. */
export const workflowBundleOptions = { workflowsPath, workflowInterceptorModules };
/** The workflows as production runs them (with their interceptors): for every bundle, test and bench. */
export const bundleWorkflows = (logger?: BundleOptions['logger']) => bundleWorkflowCode({ ...workflowBundleOptions, ...(logger ? { logger } : {}) });
/** Where a worker or a replay gets the workflow code: a prebuilt bundle, or the source with its interceptors. */
export const workflowSource = (bundlePath?: string) =>
  bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath, interceptors: { workflowModules: workflowInterceptorModules } };

// With tracing off here, a workflow a tracing client started still hands its spans to this sink:
// they are dropped (an unregistered sink would log an error per call).
const dropWorkflowSpans: InjectedSinks<OpenTelemetrySinks> = { exporter: { export: { fn: () => undefined } } };

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
  /** Set when OTEL_EXPORTER_OTLP_ENDPOINT is. */
  tracing?: Tracing['worker'];
  /** Activities over the API's services (the bulk actions' items go through the single action's service). */
  serviceActivities?: object;
}

/**
 * Both worker switches need the local SDK patch (patches/, applied by npm install's postinstall):
 * without it, an `off` would fail every activation (Node's vm refuses a timeout of 0), so refuse to start.
 */
function assertSdkPatched(): void {
  const source = readFileSync(createRequire(import.meta.url).resolve('@temporalio/worker/lib/workflow/vm-shared.js'), 'utf8');
  if (!source.includes('TEMPORAL_WORKFLOW_STACK_TRACES'))
    throw new Error('temporal.yaml turns off an SDK switch, but @temporalio/worker is not patched: run npm install (it applies patches/)');
}

/**
 * The vm watchdog's limit. The SDK reads `isolateExecutionTimeout` from the options (worker-options.js)
 * but leaves it out of its published type ("not exposed at the moment"), hence a spread; 0 means no
 * watchdog only with the local patch.
 */
export const watchdog = (timeout: number | 'off'): object => ({ isolateExecutionTimeout: timeout === 'off' ? 0 : timeout });

export async function createWorker(o: WorkerOptions): Promise<Worker> {
  const w = o.config.worker;
  if (!w.workflowStackTraces || w.isolateExecutionTimeout === 'off') assertSdkPatched();
  // The SDK has no option for it: the patched SDK reads this in the workflow threads, which copy the
  // environment when they start (patches/@temporalio+worker+*.patch).
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = w.workflowStackTraces ? 'on' : 'off';
  return Worker.create({
    connection: o.connection,
    namespace: o.config.namespace,
    taskQueue: o.taskQueue ?? o.config.taskQueue,
    ...(o.bundlePath ? { workflowBundle: { codePath: o.bundlePath } } : { workflowsPath }),
    // A prebuilt bundle has its workflow interceptors in it (scripts/bundle-workflows.ts).
    // Failing activities are written to the record (activity_failures) for the operators' stuck scan.
    interceptors: {
      activity: [...(o.tracing?.activity ?? []), activityFailureLog(o.deps.db, o.deps.log)],
      ...(o.bundlePath ? {} : { workflowModules: workflowInterceptorModules }),
    },
    sinks: o.tracing?.sinks ?? dropWorkflowSpans,
    activities: { ...createActivities(o.deps), ...o.serviceActivities },
    maxCachedWorkflows: w.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: w.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: w.maxConcurrentActivityTaskExecutions,
    stickyQueueScheduleToStartTimeout: w.stickyQueueScheduleToStartTimeout,
    shutdownGraceTime: w.shutdownGraceTime,
    ...watchdog(w.isolateExecutionTimeout),
  });
}
