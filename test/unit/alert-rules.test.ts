// The Prometheus alert rules (ops/prometheus): promtool checks them and runs their unit tests, every
// alert has a test that shows it firing, and every metric they read is one /metrics serves.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPromtool } from '../../scripts/ensure-promtool.js';
import { isServed, metricsOf, servedMetricNames } from '../helpers/promql.js';

const RULES = 'ops/prometheus/alerts.yml';
const RULE_TESTS = 'ops/prometheus/alerts.test.yml';
const SCRAPE_CONFIG = 'ops/prometheus/prometheus.yml';

interface Rule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

let promtool: string;
beforeAll(() => {
  const found = findPromtool();
  // npm test installs it first (pretest: scripts/ensure-promtool.ts); a missing promtool is a failure, not a skip.
  if (!found) throw new Error('promtool not found: run `npx tsx scripts/ensure-promtool.ts` (or install Debian’s prometheus package)');
  promtool = found;
});

const run = (...args: string[]) => {
  const result = spawnSync(promtool, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    const { status, output } = run('check', 'rules', RULES);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(status, output).toBe(0);
  });

  it('pass their promtool unit tests', () => {
    const { status, output } = run('test', 'rules', RULE_TESTS);
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('the scrape config with the rules passes promtool check config', () => {
    const { status, output } = run('check', 'config', SCRAPE_CONFIG);
    expect(status, output).toBe(0);
  });

  it('every alert has a severity, a summary and a description, and a unit test in which it fires', () => {
    const tests = parse(readFileSync(RULE_TESTS, 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[] };
    const firing = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => (a.exp_alerts ?? []).length > 0).map((a) => a.alertname)));
    for (const rule of rules) {
      expect(rule.labels?.severity, rule.alert).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      expect(firing, `${rule.alert} has no test where it fires`).toContain(rule.alert);
    }
  });

  it('the metric check catches a misspelt name', async () => {
    const served = await servedMetricNames();
    expect(metricsOf('sum by (kind) (increase(bpm_deadline_misses_total[1h])) > 10').names).toEqual(['bpm_deadline_misses_total']);
    expect(isServed(served, 'bpm_deadline_misses_total')).toBe(true);
    expect(isServed(served, metricsOf('sum(rate(bpm_deadline_mises_total[5m]))').names[0]!)).toBe(false);
    expect(isServed(served, 'http_request_duration_seconds_bucket')).toBe(true);
  });

  it('read only metrics that /metrics serves', async () => {
    const served = await servedMetricNames();
    for (const rule of rules) {
      const { names, patterns } = metricsOf(rule.expr);
      expect(names.length + patterns.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) expect(isServed(served, name), `${rule.alert}: ${name}`).toBe(true);
      for (const pattern of patterns)
        expect(
          [...served].some((name) => pattern.test(name)),
          `${rule.alert}: ${pattern}`,
        ).toBe(true);
    }
  });
});
