// Production entry: the API only (run N of these behind a load balancer).
import { startInfrastructure, startService } from '../platform/service.js';
import { configure, runUntilSignal } from './run-until-signal.js';

const { config, log } = configure({ service: true });
await runUntilSignal(log, async () => {
  const infra = await startInfrastructure(config, log);
  const service = await startService(config, infra, log, {
    api: true,
    worker: false,
    listen: { host: config.env.HOST, port: config.env.PORT },
    workerMetricsUrl: config.env.WORKER_METRICS_URL,
  }).catch(async (error) => {
    await infra.stop();
    throw error;
  });
  log.info({ url: service.url }, 'API listening');
  return async () => {
    await service.stop();
    await infra.stop();
  };
});
