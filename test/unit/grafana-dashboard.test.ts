// The Grafana dashboard (ops/grafana/postal-bpm.json): a dashboard Grafana 10+ imports (schema
// version, a Prometheus datasource variable, panels laid out without overlap), PromQL that parses
// (promtool checks every query as a recording rule) and reads only metrics /metrics serves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findPromtool } from '../../scripts/ensure-promtool.js';
import { isServed, metricsOf, servedMetricNames } from '../helpers/promql.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[];
}
const dashboard = JSON.parse(readFileSync('ops/grafana/postal-bpm.json', 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string; query: string }[] };
  panels: Panel[];
};
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

describe('Grafana dashboard', () => {
  it('is a dashboard Grafana 10+ imports', () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    // Grafana 10.0 writes schema version 38, 10.4 and 11 write 39; older numbers are migrated on import.
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of panels) {
      expect(['timeseries', 'stat'], p.title).toContain(p.type);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable syntax: the dashboard holds the literal text ${datasource}.
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      expect(new Set(p.targets!.map((t) => t.refId)).size, p.title).toBe(p.targets!.length);
    }
  });

  it('lays the panels out on the 24-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w, p.title).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${p.title} overlaps at ${i},${j}`).toBe(false);
          cells.add(`${i},${j}`);
        }
    }
  });

  it('shows what the runbook acts on', () => {
    const read = new Set(exprs.flatMap(({ expr }) => metricsOf(expr).names.map((n) => n.replace(/_(bucket|count|sum)$/, ''))));
    for (const name of [
      'http_request_duration_seconds',
      'bpm_cases_opened_total',
      'bpm_cases_closed_total',
      'bpm_deadline_misses_total',
      'bpm_escalations_entered_total',
      'bpm_outbox_backlog',
      'temporal_workflow_task_execution_failed',
      'temporal_worker_task_slots_used',
      'temporal_worker_task_slots_available',
    ])
      expect(read, name).toContain(name);
  });

  it('queries only metrics that /metrics serves', async () => {
    const served = await servedMetricNames();
    for (const { panel, expr } of exprs) {
      const { names, patterns } = metricsOf(expr);
      expect(names.length + patterns.length, panel).toBeGreaterThan(0);
      for (const name of names) expect(isServed(served, name), `${panel}: ${name}`).toBe(true);
      for (const pattern of patterns)
        expect(
          [...served].some((name) => pattern.test(name)),
          `${panel}: ${pattern}`,
        ).toBe(true);
    }
  });

  it('has PromQL that parses (promtool, each query as a recording rule)', () => {
    const promtool = findPromtool();
    if (!promtool) throw new Error('promtool not found: run `npx tsx scripts/ensure-promtool.ts` (npm test does it first)');
    const dir = mkdtempSync(join(tmpdir(), 'bpm-dashboard-'));
    try {
      const rules = exprs.map(({ expr }, i) => ({ record: `dashboard:query_${i}`, expr: expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m') }));
      writeFileSync(join(dir, 'queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const result = spawnSync(promtool, ['check', 'rules', join(dir, 'queries.yml')], { encoding: 'utf8' });
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
