// Production entry: a worker only (run M of these against one cluster). WORKFLOW_BUNDLE points
// at a prebuilt bundle (scripts/bundle-workflows.ts) so start-up does not bundle.
import { startInfrastructure, startService } from '../platform/service.js';
import { installRuntime } from '../platform/worker.js';
import { sdkMetricsBind, serveWorkerMetrics } from '../platform/worker-metrics.js';
import { configure, runUntilSignal } from './run-until-signal.js';

const { config, log } = configure({ service: true });
await runUntilSignal(log, async () => {
  const bind = config.env.WORKER_METRICS_BIND;
  const sdkBind = bind ? await sdkMetricsBind() : undefined;
  installRuntime(log, sdkBind);
  const stopMetrics = bind && sdkBind ? await serveWorkerMetrics(bind, sdkBind, log) : undefined;
  const infra = await startInfrastructure(config, log);
  const service = await startService(config, infra, log, { api: false, worker: true, bundlePath: config.env.WORKFLOW_BUNDLE }).catch(async (error) => {
    await infra.stop();
    throw error;
  });
  log.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
  return async () => {
    await service.stop();
    await infra.stop();
    await stopMetrics?.();
  };
});
