// Production entry: the API only (run N of these behind a load balancer).
import { loadConfig } from '../config/index.js';
import { createLogger } from '../platform/logger.js';
import { startInfrastructure, startService } from '../platform/service.js';
import { runUntilSignal } from './run-until-signal.js';

const config = loadConfig();
const log = createLogger(config.env.LOG_LEVEL);
await runUntilSignal(log, async () => {
  const infra = await startInfrastructure(config, log);
  const service = await startService(config, infra, log, { api: true, worker: false, listen: { host: config.env.HOST, port: config.env.PORT } });
  log.info({ url: service.url }, 'API listening');
  return async () => {
    await service.stop();
    await infra.stop();
  };
});
