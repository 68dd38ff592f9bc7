// npm run bench:cluster [-- --cases=1000] [-- --concurrency=16] [-- --warmup=300]
// The lifecycle benchmark (bench/sections/lifecycle.ts) on the production engine: a Temporal
// cluster of separate processes (platform/cluster.ts: frontend, two history, matching, worker
// service on PostgreSQL) with two APIs and two workers of ours, measured like `npm run bench`
// measures the dev server: cases per second and CPU seconds per case per kind of process (from
// /proc), printed beside the latest dev-server figure in bench/results.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTemporalConfig } from '../config/temporal.js';
import { startCluster } from '../platform/cluster.js';
import { createLogger } from '../platform/logger.js';
import { freePort } from '../platform/ports.js';
import { freeLayout } from '../harness/cluster-layout.js';
import { cpuMeter } from './cpu.js';
import { round } from './http.js';
import { runLifecycle } from './sections/lifecycle.js';

const { values } = parseArgs({ options: { cases: { type: 'string' }, concurrency: { type: 'string' }, warmup: { type: 'string' } } });
const size = { cases: Number(values.cases ?? 1000), concurrency: Number(values.concurrency ?? 16), warmup: Number(values.warmup ?? 300) };
const say = (line: string) => console.log(`[bench:cluster ${new Date().toISOString().slice(11, 19)}] ${line}`);
const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn', 'bench-cluster');
const dir = mkdtempSync(join(tmpdir(), 'postal-bpm-bench-cluster-'));
chmodSync(dir, 0o755);
const secret = randomBytes(32).toString('hex');
const t0 = performance.now();

const cluster = await startCluster({
  dir,
  layout: await freeLayout(),
  temporal: loadTemporalConfig(process.env.TEMPORAL_CONFIG ?? 'temporal.yaml'),
  pgPort: await freePort(),
  serviceEnv: { AUTH_SECRET: secret, RATE_LIMIT_PER_MINUTE: '100000000' },
  log,
  progress: say,
});
process.once('SIGINT', () => void cluster.stop().finally(() => process.exit(130)));
say(`cluster up in ${round((performance.now() - t0) / 1000)} s (logs in ${cluster.logDir})`);

/** Which kind each process is: the figure a production case costs per kind. */
const KINDS: Record<string, string> = {
  frontend: 'Temporal frontend',
  'history-1': 'Temporal history',
  'history-2': 'Temporal history',
  matching: 'Temporal matching',
  worker: 'Temporal worker service',
  'api-1': 'our API',
  'api-2': 'our API',
  'worker-1': 'our worker',
  'worker-2': 'our worker',
  postgres: 'PostgreSQL',
  driver: 'load driver',
};
const pids: Record<string, number | undefined> = { driver: process.pid };
for (const [name, p] of cluster.temporal) pids[name] = p.pid();
for (const p of [...cluster.apis, ...cluster.workers]) pids[p.name] = p.pid();

let meter = cpuMeter(pids);
try {
  const lifecycle = await runLifecycle({
    urls: cluster.apiUrls,
    secret,
    databaseUrl: cluster.databaseUrl,
    cases: size.cases,
    concurrency: size.concurrency,
    warmup: size.warmup,
    onTimedStart: () => {
      meter = cpuMeter(pids);
    },
  });
  const cpu = meter();
  const byKind: Record<string, number> = {};
  for (const [label, seconds] of Object.entries(cpu)) {
    const kind = KINDS[label];
    if (kind) byKind[kind] = (byKind[kind] ?? 0) + seconds;
  }
  const perCase = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(v / size.cases, 4)]));
  const service = round(
    Object.entries(byKind)
      .filter(([k]) => k !== 'load driver')
      .reduce((sum, [, v]) => sum + v, 0) / size.cases,
    4,
  );
  const dev = latestDevServerLifecycle();
  const result = {
    at: new Date().toISOString(),
    mode: 'cluster',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30), node: process.version },
    size,
    topology: { temporal: [...cluster.temporal.keys()], apis: cluster.apis.length, workers: cluster.workers.length },
    lifecycle,
    cpuSeconds: cpu,
    cpuSecondsPerCaseByKind: { ...perCase, service },
    devServer: dev,
  };
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `${result.at.slice(0, 19).replace(/:/g, '')}-cluster.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  say(`lifecycle on the cluster: ${lifecycle.casesPerSecond} cases/s (${lifecycle.completed}/${size.cases} completed, ${lifecycle.failed} failed)`);
  const devPer = dev?.cpuSecondsPerCase ?? {};
  const devKind = (kind: string) =>
    kind === 'our API'
      ? devPer.api
      : kind === 'our worker'
        ? devPer.worker
        : kind === 'PostgreSQL'
          ? devPer.postgres
          : kind === 'load driver'
            ? devPer['bench (driver)']
            : undefined;
  const rows = Object.entries(perCase).map(([kind, v]) => ({ 'CPU-s per case': kind, cluster: v, 'dev server': devKind(kind) ?? '' }));
  rows.push({
    'CPU-s per case': 'Temporal (all services)',
    cluster: round(
      Object.entries(byKind)
        .filter(([k]) => k.startsWith('Temporal'))
        .reduce((s, [, v]) => s + v, 0) / size.cases,
      4,
    ),
    'dev server': devPer['temporal server'] ?? '',
  });
  rows.push({ 'CPU-s per case': 'service total (not the driver)', cluster: service, 'dev server': devPer.service ?? '' });
  rows.push({ 'CPU-s per case': 'cases/s', cluster: lifecycle.casesPerSecond, 'dev server': dev?.casesPerSecond ?? '' });
  rows.push({
    'CPU-s per case': 'approve p50 / p99 ms',
    cluster: `${lifecycle.latencyMs.approve?.p50} / ${lifecycle.latencyMs.approve?.p99}` as never,
    'dev server': dev ? `${dev.latencyMs?.approve?.p50} / ${dev.latencyMs?.approve?.p99}` : '',
  });
  console.table(rows);
  say(`dev-server figures from ${dev?.file ?? '(no full bench result found)'}; written ${file}; total ${round((performance.now() - t0) / 1000)} s`);
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The lifecycle section of the newest `npm run bench` result that has one (same machine, the dev server). */
function latestDevServerLifecycle() {
  const files = readdirSync('bench/results')
    .filter((f) => f.endsWith('-full.json'))
    .sort()
    .reverse();
  for (const f of files) {
    const r = JSON.parse(readFileSync(join('bench/results', f), 'utf8'));
    if (r.lifecycle?.cpuSecondsPerCase)
      return {
        file: f,
        casesPerSecond: r.lifecycle.casesPerSecond as number,
        cpuSecondsPerCase: r.lifecycle.cpuSecondsPerCase as Record<string, number>,
        latencyMs: r.lifecycle.latencyMs,
      };
  }
  return undefined;
}
