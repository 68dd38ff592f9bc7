// `npm start`: the whole service locally — Temporal dev server (unless TEMPORAL_ADDRESS),
// PostgreSQL (unless DATABASE_URL), migrations, the worker, the API and the console. Ctrl-C stops it all.
import { assertPortsFree } from '../platform/ports.js';
import { startInfrastructure, startService } from '../platform/service.js';
import { installRuntime } from '../platform/worker.js';
import { configure, runUntilSignal } from './run-until-signal.js';

const { config, log } = configure({ service: true });
const metricsBind = config.env.WORKER_METRICS_BIND ?? '127.0.0.1:9464';

await runUntilSignal(log, async () => {
  const [metricsHost, metricsPort] = metricsBind.split(':') as [string, string];
  await assertPortsFree([
    { host: config.env.HOST, port: config.env.PORT, what: 'the API and console', setting: 'PORT' },
    { host: metricsHost, port: Number(metricsPort), what: "the worker's metrics", setting: 'WORKER_METRICS_BIND' },
  ]);
  installRuntime(log, metricsBind);
  const infra = await startInfrastructure(config, log);
  const service = await startService(config, infra, log, {
    api: true,
    worker: true,
    listen: { host: config.env.HOST, port: config.env.PORT },
    temporalUiUrl: infra.uiUrl,
    workerMetricsUrl: config.env.WORKER_METRICS_URL ?? `http://${metricsBind}/metrics`,
  }).catch(async (error) => {
    await infra.stop();
    throw error;
  });
  const base = config.env.PUBLIC_URL ?? service.url!;
  console.log(
    `\n  console      ${base}/\n  API docs     ${base}/docs\n  Temporal UI  ${infra.uiUrl ?? `(external cluster: ${infra.temporalAddress})`}\n  token        npm run --silent token -- --org jinan --role office --user jinan-agent-1\n`,
  );
  return async () => {
    await service.stop();
    await infra.stop();
  };
});
