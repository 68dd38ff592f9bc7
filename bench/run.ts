// npm run bench [-- --quick] [-- --only=baseline,lifecycle,steady,open,queries,performance,search,scaleout] [-- --search-rows=N] [-- --low-rate=6] [-- --pg-statements]
// npm run bench [-- --quick] [-- --only=baseline,lifecycle,steady,open,queries,search,scaleout] [-- --search-rows=N] [-- --low-rate=6] [-- --pg-statements]
// BENCH_CPU_PROF=<dir> profiles the API and worker processes; BENCH_NODE_ARGS adds node flags to them.
// Every figure comes from one run on one fresh local stack: a Temporal dev server, an embedded
// PostgreSQL, the API and the worker as their own processes (the production entry points).
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTemporalConfig } from '../config/temporal.js';
import { createLogger } from '../platform/logger.js';
import { startEphemeralStack } from '../harness/ephemeral-stack.js';
import { freePort } from '../platform/ports.js';
import { bundleWorkflows } from '../platform/worker.js';
import { quietBundlerLogger } from '../harness/quiet-bundler.js';
import { startServiceProcess, type ServiceProcess } from '../harness/processes.js';
import { loadConfig } from '../config/index.js';
import { casePolicyOf } from '../config/policy.js';
import { cpuMeter } from './cpu.js';
import { PG_STATEMENTS_SETTINGS, resetPgStatements, topPgStatements } from './pg-statements.js';
import { round } from './http.js';
import { runBaseline } from './sections/baseline.js';
import { runLifecycle } from './sections/lifecycle.js';
import { PEERS, runFlowablePeer } from './sections/peer.js';
import { runOpenCases } from './sections/open-cases.js';
import { runQueries } from './sections/queries.js';
import { runPerformanceReports } from './sections/performance.js';
import { runSearch } from './sections/search.js';
import { runSteadyLoad } from './sections/steady-load.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    cases: { type: 'string' },
    concurrency: { type: 'string' },
    'open-cases': { type: 'string' },
    rows: { type: 'string' },
    'low-rate': { type: 'string' },
    'search-rows': { type: 'string' },
    'pg-statements': { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const only = values.only ? new Set(values.only.split(',')) : undefined;
const wanted = (section: string) => !only || only.has(section);
// Concurrency 16 and a warm-up before the timed cases: as the Flowable peer runs (same machine, same lifecycle).
const size = quick
  ? { cases: 60, concurrency: 16, warmup: 20, steadySeconds: 10, openCases: 600, rows: 50_000, queryRuns: 20, probeSeconds: 5, lowRate: 0, searchRows: 50_000 }
  : {
      cases: 1_000,
      concurrency: 16,
      warmup: 300,
      steadySeconds: 60,
      openCases: 100_000,
      rows: 1_000_000,
      queryRuns: 200,
      probeSeconds: 20,
      lowRate: 6,
      searchRows: 1_000_000,
    };

if (values.cases) size.cases = Number(values.cases);
if (values.concurrency) size.concurrency = Number(values.concurrency);
if (values['open-cases']) size.openCases = Number(values['open-cases']);
if (values.rows) size.rows = Number(values.rows);
if (values['low-rate']) size.lowRate = Number(values['low-rate']);
if (values['search-rows']) size.searchRows = Number(values['search-rows']);

const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn', 'bench');
const say = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const temporalConfig = loadTemporalConfig(process.env.TEMPORAL_CONFIG ?? 'temporal.yaml');
const secret = randomBytes(32).toString('hex');
const t0 = performance.now();

say(`${quick ? 'quick' : 'full'} run: ${JSON.stringify(size)}`);
const [stack, bundle] = await Promise.all([
  startEphemeralStack(log, values['pg-statements'] ? { pgSettings: PG_STATEMENTS_SETTINGS } : {}),
  bundleWorkflows(quietBundlerLogger),
]);
const bundlePath = join(stack.dir, 'workflow-bundle.js');
writeFileSync(bundlePath, bundle.code);
const env = {
  NODE_ENV: 'development',
  LOCAL_MODE: 'true',
  DATA_DIR: join(stack.dir, 'data'),
  TEMPORAL_ADDRESS: stack.temporalAddress,
  DATABASE_URL: stack.databaseUrl,
  TEMPORAL_TASK_QUEUE: 'bench',
  AUTH_SECRET: secret,
  COOKIE_SECRET: randomBytes(32).toString('hex'),
  RATE_LIMIT_PER_MINUTE: '100000000',
  WORKFLOW_BUNDLE: bundlePath,
};
// BENCH_CPU_PROF=<dir>: V8 CPU profiles of the API and worker processes (written when they stop).
const nodeArgs = [
  ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
];
const processes: ServiceProcess[] = [];
const spawn = async (kind: 'api' | 'worker', n: number) => {
  const p = await startServiceProcess({
    kind,
    env,
    port: kind === 'api' ? await freePort() : undefined,
    logFile: join(stack.dir, `${kind}-${n}.log`),
    nodeArgs,
  });
  processes.push(p);
  return p;
};
// Ctrl-C stops what the run started (the stack's own processes stop with it).
process.once(
  'SIGINT',
  () =>
    void Promise.allSettled(processes.map((p) => p.stop()))
      .then(() => stack.stop())
      .finally(() => process.exit(130)),
);
const results: Record<string, unknown> = {};
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
const startedAt = new Date().toISOString();
const file = join('bench/results', `${startedAt.slice(0, 19).replace(/:/g, '')}-${quick ? 'quick' : 'full'}.json`);
/** Written after every section, so a long run that is stopped keeps what it measured. */
const save = () => {
  // The worker's settings (the SDK switches among them) as the worker processes read them.
  const report = {
    at: startedAt,
    mode: quick ? 'quick' : 'full',
    machine,
    size,
    worker: temporalConfig.worker,
    totalSeconds: round((performance.now() - t0) / 1000),
    ...results,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return report;
};
/** The service's processes: what a case costs, without the load driver or anything else on the machine. */
const SERVICE_PROCESSES = ['api', 'worker', 'temporal server', 'postgres'];
/** CPU seconds per case by process, and the service's total. */
function perCaseCpu(cpu: Record<string, number>, cases: number) {
  const per = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v / cases, 4)]));
  const service = SERVICE_PROCESSES.reduce((sum, k) => sum + (cpu[k] ?? 0), 0) / cases;
  return { ...per, service: round(service, 4) };
}

try {
  const [api, worker] = await Promise.all([spawn('api', 1), spawn('worker', 1)]);
  say(`stack up in ${round((performance.now() - t0) / 1000)} s (logs in ${stack.dir})`);

  if (wanted('baseline') || wanted('lifecycle')) {
    const pids = { api: api.pid(), worker: worker.pid(), 'temporal server': stack.server.process.pid, 'bench (driver)': process.pid };
    let meter = cpuMeter(pids);
    const baseline = await runBaseline({ temporalAddress: stack.temporalAddress, dir: stack.dir, cases: size.cases, concurrency: size.concurrency });
    const baselineCpu = meter();
    say(`bare baseline: ${baseline.casesPerSecond} cases/s; CPU s ${JSON.stringify(baselineCpu)}`);
    const lifecycle = await runLifecycle({
      urls: [api.url!],
      secret,
      databaseUrl: stack.databaseUrl,
      cases: size.cases,
      concurrency: size.concurrency,
      warmup: size.warmup,
      onTimedStart: async () => {
        if (values['pg-statements']) await resetPgStatements(stack.databaseUrl);
        meter = cpuMeter(pids);
      },
    });
    const lifecycleCpu = meter();
    const perCase = perCaseCpu(lifecycleCpu, size.cases);
    say(`lifecycle via API: ${lifecycle.casesPerSecond} cases/s; CPU s per case ${JSON.stringify(perCase)}`);
    say(`approve p50/p99: ${lifecycle.latencyMs.approve?.p50} / ${lifecycle.latencyMs.approve?.p99} ms`);
    if (values['pg-statements']) {
      const statements = await topPgStatements(stack.databaseUrl, size.cases);
      say(`PostgreSQL: ${statements.statementsPerCase} statements and ${statements.execMsPerCase} ms of execution per case`);
      console.table(statements.top);
      results.pgStatements = statements;
    }
    results.baseline = { ...baseline, cpuSeconds: baselineCpu, cpuSecondsPerCase: perCaseCpu(baselineCpu, size.cases) };
    results.lifecycle = {
      ...lifecycle,
      cpuSeconds: lifecycleCpu,
      cpuSecondsPerCase: perCase,
      ratioToBaseline: round(lifecycle.casesPerSecond / baseline.casesPerSecond, 2),
    };
    save();
    // The peers a carrier would pick instead, on the same machine, in the same run, at the same size;
    // our processes sit idle meanwhile (no load): each peer has the cores.
    const rows: string[] = [];
    for (const peerDef of PEERS) {
      const folder = process.env[peerDef.variable];
      if (!folder) {
        say(`${peerDef.label}: skipped (set ${peerDef.variable} to its benchmark folder to compare side by side)`);
        continue;
      }
      const peer = await runFlowablePeer(folder, size.cases, size.concurrency, say);
      const peerCpu = round(peer.cpuSecondsPerCase.jvm + peer.cpuSecondsPerCase.postgres, 3);
      const casesPerSecondRatio = round(lifecycle.casesPerSecond / peer.casesPerSecond, 2);
      const cpuPerCaseRatio = round(perCase.service / peerCpu, 2);
      results[peerDef.key] = { ...peer, cpuSecondsPerCaseTotal: peerCpu, casesPerSecondRatio, cpuPerCaseRatio };
      save();
      rows.push(
        `  ${`${peerDef.label} ${peer.flowable ?? ''}`.padEnd(34)} ${String(peer.casesPerSecond).padStart(7)}   ${peerCpu.toFixed(3).padStart(10)}   ${peer.latencyMs.approve?.p50} / ${peer.latencyMs.approve?.p99}`,
        `    this service ÷ it: cases/s ${casesPerSecondRatio} ×, CPU per case ${cpuPerCaseRatio} ×`,
      );
    }
    if (rows.length)
      say(
        `side by side (${size.cases} cases, concurrency ${size.concurrency}):\n` +
          `  system                              cases/s   CPU-s/case   approve p50/p99 ms\n` +
          `  ${'this service (HTTP API)'.padEnd(34)} ${String(lifecycle.casesPerSecond).padStart(7)}   ${perCase.service.toFixed(3).padStart(10)}   ${lifecycle.latencyMs.approve?.p50} / ${lifecycle.latencyMs.approve?.p99}\n` +
          `${rows.join('\n')}\n` +
          '  targets: ≥ 1.0 × the HTTP service’s cases/s at ≤ 1.0 × its CPU per case, approve p99 no worse; ≥ 0.6 × the in-process engine’s cases/s',
      );
  }
  if (wanted('steady')) {
    results.steadyLoad = await runSteadyLoad({ url: api.url!, secret, databaseUrl: stack.databaseUrl, rate: 20, seconds: size.steadySeconds });
    say(`steady load: ${JSON.stringify(results.steadyLoad)}`);
    save();
    // The same mix at a rate these cores carry without a queue: the answer time of the path itself.
    if (size.lowRate) {
      results.steadyLoadLow = await runSteadyLoad({ url: api.url!, secret, databaseUrl: stack.databaseUrl, rate: size.lowRate, seconds: size.steadySeconds });
      say(`steady load at ${size.lowRate} req/s: ${JSON.stringify(results.steadyLoadLow)}`);
      save();
    }
  }
  if (wanted('scaleout')) {
    const [api2] = await Promise.all([spawn('api', 2), spawn('worker', 2)]);
    results.scaleOut = await runLifecycle({
      urls: [api.url!, api2.url!],
      secret,
      databaseUrl: stack.databaseUrl,
      cases: size.cases,
      concurrency: size.concurrency,
    });
    say(`scale-out (2 APIs, 2 workers): ${JSON.stringify(results.scaleOut)}`);
    await Promise.all(processes.splice(2).map((p) => p.stop()));
    save();
  }
  if (wanted('queries')) {
    results.queries = await runQueries({ url: api.url!, secret, databaseUrl: stack.databaseUrl, rows: size.rows, runs: size.queryRuns });
    say(`queries: ${JSON.stringify(results.queries)}`);
    save();
  }
  if (wanted('performance')) {
    results.performanceReports = await runPerformanceReports({
      url: api.url!,
      secret,
      databaseUrl: stack.databaseUrl,
      rows: size.rows,
      runs: size.queryRuns,
      apiPid: api.pid(),
    });
    say(`performance reports: ${JSON.stringify(results.performanceReports)}`);
    save();
  }
  if (wanted('search')) {
    results.search = await runSearch({ url: api.url!, secret, databaseUrl: stack.databaseUrl, rows: size.searchRows, runs: size.queryRuns });
    say(`search: ${JSON.stringify(results.search)}`);
    save();
  }
  if (wanted('open')) {
    results.openCases = await runOpenCases({
      url: api.url!,
      secret,
      databaseUrl: stack.databaseUrl,
      temporalAddress: stack.temporalAddress,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      policy: casePolicyOf(loadConfig({ DATABASE_URL: stack.databaseUrl }).policy),
      count: size.openCases,
      concurrency: 64,
      workerPid: worker.pid(),
      serverPid: stack.server.process.pid,
      probeSeconds: size.probeSeconds,
      maxCachedWorkflows: temporalConfig.worker.maxCachedWorkflows,
    });
    say(`open cases: ${JSON.stringify(results.openCases)}`);
    save();
  }
} finally {
  await Promise.all(processes.map((p) => p.stop()));
  // The processes' logs outlive the stack's temporary directory.
  mkdirSync('bench/results/logs', { recursive: true });
  for (const f of readdirSync(stack.dir).filter((f) => f.endsWith('.log'))) copyFileSync(join(stack.dir, f), join('bench/results/logs', f));
  await stack.stop();
}

const report = save();
printTable(report as unknown as TableReport);
say(`written ${file}; total ${report.totalSeconds} s`);

type Latency = { p50: number; p95: number; p99: number };
type RssMiB = number | null;
/** The sections of the report as the summary table reads them (each present when its section ran). */
interface TableReport {
  baseline?: { casesPerSecond: number };
  lifecycle?: { casesPerSecond: number; ratioToBaseline: number; latencyMs: Record<string, unknown> };
  steadyLoad?: { createMs?: Latency; reviewMs?: Latency };
  steadyLoadLow?: { rate: number; createMs?: Latency; reviewMs?: Latency };
  scaleOut?: { casesPerSecond: number; duplicated: unknown };
  openCases?: {
    recorded: number;
    opened: number;
    acceptedPerSecond: number;
    startsPerSecond: number;
    memory: { before: { serverRssMiB: RssMiB }; after: { workerRssMiB: RssMiB; serverRssMiB: RssMiB }; workerPeakRssMiB: RssMiB };
    probeAt20rps: { createMs?: Latency; reviewMs?: Latency };
  };
  queries?: { rows: number; endpoints: Record<string, unknown> };
  performanceReports?: { workOrders: number; facts: number; rebuildSeconds: number; endpoints: Record<string, unknown>; exports: unknown };
}

function printTable(r: TableReport) {
  const rows: Record<string, string | number | null>[] = [];
  const lat = (name: string, l: { p50: number; p95: number; p99: number } | undefined) =>
    l && rows.push({ figure: name, p50: l.p50, p95: l.p95, p99: l.p99, value: '' });
  if (r.baseline) rows.push({ figure: 'bare baseline cases/s', value: r.baseline.casesPerSecond });
  if (r.lifecycle) {
    rows.push(
      { figure: 'lifecycle cases/s (API)', value: r.lifecycle.casesPerSecond },
      { figure: 'lifecycle / bare baseline', value: r.lifecycle.ratioToBaseline },
    );
    for (const [k, v] of Object.entries(r.lifecycle.latencyMs)) lat(`lifecycle ${k} ms`, v as never);
  }
  if (r.steadyLoad) {
    lat('20 req/s create ms (p99 ≤ 50)', r.steadyLoad.createMs);
    lat('20 req/s review ms (p99 ≤ 100)', r.steadyLoad.reviewMs);
  }
  if (r.steadyLoadLow) {
    lat(`${r.steadyLoadLow.rate} req/s create ms`, r.steadyLoadLow.createMs);
    lat(`${r.steadyLoadLow.rate} req/s review ms`, r.steadyLoadLow.reviewMs);
  }
  if (r.scaleOut)
    rows.push(
      { figure: 'scale-out cases/s (2 API + 2 workers)', value: r.scaleOut.casesPerSecond },
      { figure: 'scale-out duplicates', value: JSON.stringify(r.scaleOut.duplicated) },
    );
  if (r.openCases) {
    const oc = r.openCases;
    rows.push(
      { figure: 'open cases held (running / accepted)', value: `${oc.recorded} / ${oc.opened}` },
      { figure: 'open cases accepted by Temporal /s', value: oc.acceptedPerSecond },
      { figure: 'open cases running (recorded) /s', value: oc.startsPerSecond },
      { figure: 'worker RSS MiB (after / peak)', value: `${oc.memory.after.workerRssMiB} / ${oc.memory.workerPeakRssMiB}` },
      { figure: 'server RSS MiB (before → after)', value: `${oc.memory.before.serverRssMiB} → ${oc.memory.after.serverRssMiB}` },
    );
    lat('with them open: create ms', oc.probeAt20rps.createMs);
    lat('with them open: review ms', oc.probeAt20rps.reviewMs);
  }
  if (r.queries) {
    rows.push({ figure: 'rows generated', value: r.queries.rows });
    for (const [k, v] of Object.entries(r.queries.endpoints)) lat(`${k} ms (p95 ≤ 50)`, v as never);
  }
  if (r.performanceReports) {
    const pr = r.performanceReports;
    rows.push(
      { figure: 'performance: work orders / facts', value: `${pr.workOrders} / ${pr.facts}` },
      { figure: 'performance: facts rebuilt in s', value: pr.rebuildSeconds },
    );
    for (const [k, v] of Object.entries(pr.endpoints)) lat(`${k} ms`, v as never);
    for (const [k, v] of Object.entries(pr.exports as Record<string, { lines?: number; seconds: number; rssBeforeMiB: number; rssPeakMiB: number }>))
      rows.push({ figure: `export ${k}: lines, s, RSS MiB before → peak`, value: `${v.lines ?? ''} ${v.seconds} s ${v.rssBeforeMiB} → ${v.rssPeakMiB}` });
  }
  console.table(rows);
}
