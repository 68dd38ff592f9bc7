// Prometheus text at /metrics: HTTP request metrics, process metrics, and (when the worker runs
// in this process) the Temporal SDK's worker metrics scraped from its own endpoint.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const caseTransitions = new Counter({
  name: 'bpm_api_case_actions_total',
  help: 'Case actions accepted through the API, by kind and action',
  labelNames: ['kind', 'action'],
  registers: [registry],
});

export default fp(
  async function metrics(app: FastifyInstance, opts: { workerMetricsUrl?: string }) {
    app.addHook('onResponse', async (req, reply) => {
      httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      let text = await registry.metrics();
      if (opts.workerMetricsUrl) {
        try {
          const response = await fetch(opts.workerMetricsUrl, { signal: AbortSignal.timeout(1_000) });
          if (response.ok) text += `\n${await response.text()}`;
        } catch {
          // Worker metrics are best-effort: the API's own figures still answer.
        }
      }
      return reply.type(registry.contentType).send(text);
    });
  },
  { name: 'metrics' },
);
