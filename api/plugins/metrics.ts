// Prometheus text at /metrics: HTTP request metrics and the outbox backlog, added to the process's
// registry (which also holds the worker's case counters when a worker runs in this process), and
// the Temporal SDK's worker metrics scraped from their own endpoint. With a scrape token (required
// in production) only the scraper holding it is answered; the backlog is counted at most every 15 s.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'drizzle-orm';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Db } from '../../db/client.js';
import { unauthorized } from '../errors.js';

const BACKLOG_TTL_MS = 15_000;
const digest = (text: string) => createHash('sha256').update(text).digest();

export default fp(
  async function metrics(app: FastifyInstance, opts: { registry: Registry; workerMetricsUrl?: string; db: Db; token?: string }) {
    const { registry } = opts;
    const expected = opts.token ? digest(opts.token) : undefined;
    const scraper = (req: FastifyRequest) => {
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      return !expected || (given !== undefined && timingSafeEqual(digest(given), expected));
    };
    // One count per period, however often (or however many) scrapers ask.
    let backlog: { at: number; value: Promise<number> } | undefined;
    const countBacklog = () => {
      if (!backlog || Date.now() - backlog.at > BACKLOG_TTL_MS) {
        const value = opts.db.execute<{ n: string }>(sql`select count(*) as n from outbox where status = 'pending'`).then((r) => Number(r.rows[0]?.n ?? 0));
        backlog = { at: Date.now(), value };
        value.catch(() => (backlog = undefined));
      }
      return backlog.value;
    };
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
        const n = await countBacklog().catch(() => undefined);
        if (n !== undefined) this.set(n);
      },
    });
    app.addHook('onResponse', async (req, reply) => {
      httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
      if (!scraper(req)) throw unauthorized('send the scrape token: Authorization: Bearer <METRICS_TOKEN>');
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
