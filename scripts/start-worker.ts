// Production entry: a worker only (run M of these against one cluster). WORKFLOW_BUNDLE points
// at a prebuilt bundle (scripts/bundle-workflows.ts) so start-up does not bundle.
import { loadConfig } from '../config/index.js';
import { createLogger } from '../platform/logger.js';
import { startInfrastructure, startService } from '../platform/service.js';
import { installRuntime } from '../platform/worker.js';
import { runUntilSignal } from './run-until-signal.js';

const config = loadConfig();
const log = createLogger(config.env.LOG_LEVEL);
installRuntime(log, process.env.WORKER_METRICS_BIND);
await runUntilSignal(log, async () => {
  const infra = await startInfrastructure(config, log);
  const service = await startService(config, infra, log, { api: false, worker: true, bundlePath: process.env.WORKFLOW_BUNDLE });
  log.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
  return async () => {
    await service.stop();
    await infra.stop();
  };
});
