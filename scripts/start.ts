// `npm start`: the whole service locally — Temporal dev server (unless TEMPORAL_ADDRESS),
// PostgreSQL (unless DATABASE_URL), migrations, the worker and the API. Ctrl-C stops it all.
import { loadConfig } from '../config/index.js';
import { createLogger } from '../platform/logger.js';
import { startInfrastructure, startService } from '../platform/service.js';
import { installRuntime } from '../platform/worker.js';
import { runUntilSignal } from './run-until-signal.js';

const config = loadConfig();
const log = createLogger(config.env.LOG_LEVEL);
installRuntime(log, process.env.WORKER_METRICS_BIND ?? '127.0.0.1:9464');
process.env.WORKER_METRICS_URL ??= `http://${process.env.WORKER_METRICS_BIND ?? '127.0.0.1:9464'}/metrics`;

await runUntilSignal(log, async () => {
  const infra = await startInfrastructure(config, log);
  const service = await startService(config, infra, log, { api: true, worker: true, listen: { host: config.env.HOST, port: config.env.PORT } }).catch(async (error) => {
    await infra.stop();
    throw error;
  });
  const base = config.env.PUBLIC_URL ?? service.url!;
  console.log(`\n  API          ${base}\n  API docs     ${base}/docs\n  Temporal UI  ${infra.uiUrl ?? '(external cluster: ' + infra.temporalAddress + ')'}\n  token        npm run --silent token -- --org jinan --role office\n`);
  return async () => {
    await service.stop();
    await infra.stop();
  };
});
