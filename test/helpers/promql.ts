// What the ops files (alert rules, Grafana dashboard) may query: the metric names /metrics serves,
// and the metric names a PromQL expression reads.
import Fastify from 'fastify';
import metricsPlugin from '../../api/plugins/metrics.js';
import type { Db } from '../../db/client.js';
import { registry } from '../../platform/metrics.js';

/**
 * The Temporal SDK's worker metrics (1.24), as GET /metrics serves them with WORKER_METRICS_URL set
 * (read from a running service) plus the failure and completion counters, which appear on their
 * first count (names checked in the core bridge). Counters carry no _total suffix; histograms are in ms.
 */
export const TEMPORAL_SDK_METRICS = [
  'temporal_activity_execution_failed',
  'temporal_activity_execution_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_local_activity_execution_failed',
  'temporal_local_activity_execution_latency',
  'temporal_local_activity_succeed_endtoend_latency',
  'temporal_local_activity_total',
  'temporal_long_request',
  'temporal_long_request_failure',
  'temporal_long_request_latency',
  'temporal_num_pollers',
  'temporal_request',
  'temporal_request_failure',
  'temporal_request_latency',
  'temporal_sticky_cache_hit',
  'temporal_sticky_cache_size',
  'temporal_worker_start',
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_workflow_completed',
  'temporal_workflow_continue_as_new',
  'temporal_workflow_endtoend_latency',
  'temporal_workflow_failed',
  'temporal_workflow_task_execution_failed',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_queue_poll_succeed',
  'temporal_workflow_task_replay_latency',
  'temporal_workflow_task_schedule_to_start_latency',
];

/** Every name a scrape of ours has: the process registry with the API's metrics, the SDK's, and Prometheus' own `up`. */
export async function servedMetricNames(): Promise<Set<string>> {
  const app = Fastify();
  // The plugin adds the HTTP histogram and the outbox gauge to the registry (the database is read only at scrape).
  await app.register(metricsPlugin, { registry, db: undefined as unknown as Db });
  await app.ready();
  await app.close();
  return new Set([...registry.getMetricsAsArray().map((m) => m.name), ...TEMPORAL_SDK_METRICS, 'up']);
}

/** Is `name` served (a histogram's _bucket/_count/_sum series count as their histogram)? */
export const isServed = (served: Set<string>, name: string) => served.has(name) || served.has(name.replace(/_(bucket|count|sum)$/, ''));

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/**
 * The metric names an expression selects: bare names, and `{__name__=~"…"}` selectors as regular
 * expressions. Grafana variables ($__rate_interval, ${datasource}) are neutralised first.
 */
export function metricsOf(expr: string): { names: string[]; patterns: RegExp[] } {
  let e = expr.replace(/\$\{?\w+\}?/g, '5m');
  const patterns = [...e.matchAll(/__name__\s*=~\s*"([^"]*)"/g)].map((m) => new RegExp(`^(?:${m[1]})$`));
  e = e
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...e.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .filter((m) => !/^\s*\(/.test(e.slice(m.index + m[0].length)) && !KEYWORDS.has(m[0].toLowerCase()))
    .map((m) => m[0]);
  return { names: [...new Set(names)], patterns };
}
