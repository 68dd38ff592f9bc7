// Prometheus text at /metrics: HTTP request metrics and the outbox backlog, added to the process's
// registry (which also holds the worker's case counters when a worker runs in this process), and
// the Temporal SDK's worker metrics scraped from their own endpoint.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'drizzle-orm';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Db } from '../../db/client.js';

export default fp(
  async function metrics(app: FastifyInstance, opts: { registry: Registry; workerMetricsUrl?: string; db: Db }) {
    const { registry } = opts;
    // One registry per process; an app built again (tests build many) replaces its own metrics.
    for (const name of ['http_request_duration_seconds', 'bpm_outbox_backlog']) registry.removeSingleMetric(name);
    const httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    // Read on scrape: messages written but not yet delivered (SMS waiting for the gateway).
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
