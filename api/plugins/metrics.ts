// Prometheus text at /metrics: HTTP request metrics, process metrics, and (when the worker runs
// in this process) the Temporal SDK's worker metrics scraped from its own endpoint.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'drizzle-orm';
import { Gauge, Histogram } from 'prom-client';
import type { Db } from '../../db/client.js';
import { registry } from '../../platform/metrics.js';

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});


export default fp(
  async function metrics(app: FastifyInstance, opts: { workerMetricsUrl?: string; db: Db }) {
    // Read on scrape: messages written but not yet delivered (SMS waiting for the gateway).
    registry.removeSingleMetric('bpm_outbox_backlog');
    new Gauge({
      name: 'bpm_outbox_backlog',
      help: 'Outbox messages not yet delivered',
      registers: [registry],
      async collect() {
        const result = await opts.db.execute<{ n: string }>(sql`select count(*) as n from outbox where status = 'pending'`).catch(() => undefined);
        if (result) this.set(Number(result.rows[0]?.n ?? 0));
      },
    });
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
