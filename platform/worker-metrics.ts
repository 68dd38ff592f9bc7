// A worker process on its own (npm run start:worker) serves all its metrics in one scrape at
// WORKER_METRICS_BIND: the service's case counters (this process's prom-client registry: cases
// opened and closed, deadline misses, escalation levels, transitions) and the Temporal SDK's own
// (its Prometheus exporter, bound to a loopback port beside it). In `npm start` the API serves both.
import { createServer } from 'node:http';
import type { Logger } from 'pino';
import { freePort } from './ports.js';
import { registry } from './metrics.js';

/** Where the SDK's exporter should bind: a free loopback port (its text is appended to ours). */
export const sdkMetricsBind = async () => `127.0.0.1:${await freePort()}`;

export async function serveWorkerMetrics(bind: string, sdkBind: string, log: Logger): Promise<() => Promise<void>> {
  const [host, port] = bind.split(':') as [string, string];
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    let text = await registry.metrics();
    try {
      const sdk = await fetch(`http://${sdkBind}/metrics`, { signal: AbortSignal.timeout(1_000) });
      if (sdk.ok) text += `\n${await sdk.text()}`;
    } catch {
      // The SDK's figures are best-effort: the case counters still answer.
    }
    res.writeHead(200, { 'content-type': registry.contentType }).end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), host, resolve);
  });
  log.info({ bind }, 'worker metrics at /metrics');
  return () => new Promise((resolve) => server.close(() => resolve()));
}
