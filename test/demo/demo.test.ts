// The seed-shaped demo through the API: the report then shows the seed's figures. Runs after the
// other suites (vitest.demo.config.ts) on a stack of its own, so no other test's cases share its
// report window or its CPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, formatReport } from '../../scripts/demo/run-demo.js';
import { SEED_FIGURES } from '../../scripts/demo/seed-figures.js';
import { startTestService, type TestService } from '../helpers/service.js';

let s: TestService;
beforeAll(async () => {
  s = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
afterAll(async () => {
  await s?.stop();
});

describe('demo', () => {
  it('reproduces the May–June table: 1,248 applications, 23.4 % returned, five offices above 30 %', async () => {
    const { report } = await runDemo({
      call: (m, u, t, b) => s.request(m, u, { token: t, body: b }),
      token: (role, org) => s.token(role as never, org),
      concurrency: 16,
    });
    console.log(formatReport(report));
    const byOrg = new Map(report.map((r) => [r.org, r]));
    for (const f of SEED_FIGURES) expect(byOrg.get(f.org), f.org).toMatchObject({ created: f.created, reviewed: f.created, returned: f.returned });
    const created = report.reduce((n, r) => n + r.created, 0);
    const returned = report.reduce((n, r) => n + r.returned, 0);
    expect(created).toBe(1248);
    expect(Math.round((returned / created) * 1000) / 10).toBe(23.4);
    expect(
      report
        .filter((r) => (r.returnRate ?? 0) > 0.3)
        .map((r) => r.org)
        .sort(),
    ).toEqual(['heze', 'laiwu', 'liaocheng', 'qingdao', 'zaozhuang']);
  }, 600_000); // a limit, not a target: the time is printed
});
