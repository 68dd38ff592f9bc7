// The contract, checked by a client nobody here wrote: schemathesis reads /openapi.json and sends
// generated requests (valid and invalid ones, undeclared methods, missing credentials, followed
// links) to the real stack, with the credentials of several roles. Any mismatch between what the
// document says and what the server does fails the test. Exclusions, each with its reason: schemathesis.toml (at the root, so a plain `schemathesis run` there uses them too).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../platform/ports.js';
import { schemathesisBin } from '../../scripts/ensure-schemathesis.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { oneOfEachCase } from '../helpers/fixtures.js';

let s: TestService;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  s = await startTestService({ listen: { host: '127.0.0.1', port }, env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  base = `http://127.0.0.1:${port}`;
  await oneOfEachCase(s); // something to find
});
afterAll(async () => {
  await s?.stop();
});

function schemathesis(token: string, phases: string, only: string[] = []): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      schemathesisBin,
      [
        '--config-file',
        'schemathesis.toml',
        'run',
        `${base}/openapi.json`,
        '--checks',
        'all',
        '--phases',
        phases,
        ...only.flatMap((tag) => ['--include-tag', tag]),
        '-H',
        `Authorization: Bearer ${token}`,
      ],
      {
        env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// Every role gets the coverage phase (each operation's boundary and invalid values, so each role's
// own routes are tried with data that should pass) and the stateful one (following links from
// what it creates). The random fuzzing phase, as costly as the two together, runs once, as the
// reviewer (to the other roles most operations answer 403 before any of its data is read), as a
// run of its own so that the five runs share the two cores evenly. The office's, the handler's and
// the operator's runs keep to the routes of their work (by tag): elsewhere they are refused, and the
// authorization matrix (test/integration/authorization.test.ts) proves each of those cells.
const reviewer = () => s.token('reviewer', 'province', 'reviewer-1');
const runs = {
  reviewer: { token: reviewer, phases: 'coverage,stateful' },
  'reviewer (fuzzing)': { token: reviewer, phases: 'fuzzing' },
  office: {
    token: () => s.token('office', 'jinan', 'jinan-agent-1'),
    phases: 'coverage,stateful',
    only: ['applications', 'work orders', 'reference', 'reports', 'search', 'notices'],
  },
  handler: {
    token: () => s.token('handler', 'dept-operations', 'dept-operations-handler-1'),
    phases: 'coverage,stateful',
    only: ['work orders', 'desk', 'quick replies', 'saved views', 'bulk actions', 'knowledge base', 'search', 'reports'],
  },
  ops: { token: () => s.token('ops', 'province', 'ops-1'), phases: 'coverage,stateful', only: ['operations', 'notices'] },
} satisfies Record<string, { token: () => string; phases: string; only?: string[] }>;

// Concurrently: each run is one schemathesis worker, and the machine has two cores.
describe.concurrent('schemathesis finds no mismatch between /openapi.json and the server', () => {
  it.each(Object.keys(runs) as (keyof typeof runs)[])(
    'as %s',
    async (role) => {
      const run: { token: () => string; phases: string; only?: string[] } = runs[role];
      const { code, output } = await schemathesis(run.token(), run.phases, run.only);
      const summary = output.slice(output.lastIndexOf('SUMMARY'));
      console.log(
        `schemathesis as ${role}:\n${summary
          .split('\n')
          .filter((l) => /Tested|generated|failures|passed|❌|Seed|in \d/.test(l))
          .join('\n')}`,
      );
      expect(output, summary).not.toMatch(/❌|Failures:/);
      expect(output).toMatch(/Test cases:\s*\n\s*\d+ generated/);
      expect(code, summary).toBe(0);
    },
    180_000,
  );
});
