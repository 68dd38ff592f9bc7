// `npm test`: every stage of the suite in order — the checks (types, format, lint, dependency
// rule), then the vitest stages (main, contract, browser) — and one closing line that counts every
// test of every stage: `N passed, N failed[, N skipped]`. CI reads that line.
// `npm run test:long` (`--long`): the stages that would take `npm test` past ten minutes on two
// cores (demo, chaos), with the same closing line. `TEST_STAGES=a,b` picks stages of either.
// Every stage runs even when an earlier one failed, so the count covers the whole suite; a check
// that fails, or a stage that ends without reporting its tests, counts as one failed test (a
// check that passes counts as none: it is not a test).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const checks: { name: string; command: string }[] = [
  // The server's and the console's projects side by side: one core each.
  { name: 'typecheck', command: 'tsc --noEmit & server=$!; tsc -p web --noEmit; web=$?; wait $server && [ $web -eq 0 ]' },
  { name: 'lint', command: 'npm run --silent lint' },
];

const suites: { name: string; config?: string; long?: true }[] = [
  { name: 'main' },
  { name: 'contract', config: 'vitest.contract.config.ts' },
  { name: 'browser', config: 'vitest.browser.config.ts' },
  { name: 'demo', config: 'vitest.demo.config.ts', long: true },
  { name: 'chaos', config: 'vitest.chaos.config.ts', long: true },
];

const only = process.env.TEST_STAGES?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => ![...checks, ...suites].some((s) => s.name === name)) ?? [];
if (unknown.length || only?.length === 0) {
  console.error(`TEST_STAGES names no stage of ${[...checks, ...suites].map((s) => s.name).join(', ')}: ${unknown.join(', ') || '(empty)'}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const long = process.argv.includes('--long');
const selected = <T extends { name: string; long?: true }>(list: T[]) =>
  only ? list.filter((s) => only.includes(s.name)) : list.filter((s) => Boolean(s.long) === long);

const run = (command: string, args: string[] = []) => spawnSync(command, args, { stdio: 'inherit', shell: args.length === 0 }).status ?? 1;

function vitestCounts(file: string): Counts | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'postal-bpm-test-'));
const rows: { stage: string; passed: number; failed: number; skipped: number; seconds: number; note: string }[] = [];
const total: Counts = { passed: 0, failed: 0, skipped: 0 };

for (const c of selected(checks)) {
  const started = Date.now();
  const status = run(c.command);
  // A check is not a test: it adds nothing when it passes, and one failure when it does not.
  rows.push({
    stage: c.name,
    passed: 0,
    failed: status === 0 ? 0 : 1,
    skipped: 0,
    seconds: (Date.now() - started) / 1000,
    note: status === 0 ? 'ok' : `exit ${status}`,
  });
}

for (const s of selected(suites)) {
  const started = Date.now();
  const out = join(dir, `${s.name}.json`);
  const args = ['vitest', 'run', ...(s.config ? ['--config', s.config] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
  const status = run('npx', args);
  const counts = vitestCounts(out);
  const seconds = (Date.now() - started) / 1000;
  if (!counts) rows.push({ stage: s.name, passed: 0, failed: 1, skipped: 0, seconds, note: `exit ${status}, no test report` });
  else if (status !== 0 && counts.failed === 0)
    rows.push({ stage: s.name, ...counts, failed: 1, seconds, note: `exit ${status} with no failed test (an error outside the tests)` });
  else rows.push({ stage: s.name, ...counts, seconds, note: status === 0 ? '' : `exit ${status}` });
}
rmSync(dir, { recursive: true, force: true });

for (const r of rows) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
}
console.log('\nstage      passed failed skipped  seconds');
for (const r of rows) {
  console.log(
    `${r.stage.padEnd(10)} ${String(r.passed).padStart(6)} ${String(r.failed).padStart(6)} ${String(r.skipped).padStart(7)} ${r.seconds.toFixed(1).padStart(8)}  ${r.note}`,
  );
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
