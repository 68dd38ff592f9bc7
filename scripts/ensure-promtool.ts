// Makes sure promtool exists for the alert-rule tests (test/unit/alert-rules.test.ts): `promtool`
// on PATH, else /usr/bin/promtool. When neither is there and we are root with apt-get, installs
// Debian's `prometheus` package (which ships promtool; no daemon is started); otherwise says what
// to install and fails. Never a silent skip.
import { pathToFileURL } from 'node:url';
import { aptInstall, executable, mayAptInstall, onPath } from './system-packages.js';

/** The promtool to run, or undefined. */
export function findPromtool(): string | undefined {
  return onPath('promtool') ?? (executable('/usr/bin/promtool') ? '/usr/bin/promtool' : undefined);
}

function main(): void {
  const found = findPromtool();
  if (found) {
    console.log(`[promtool] using ${found}`);
    return;
  }
  if (mayAptInstall()) {
    console.log("[promtool] not found: installing Debian's prometheus package (it ships promtool) with `apt-get install -y prometheus` …");
    const ok = aptInstall('prometheus', 'promtool');
    const installed = findPromtool();
    if (ok && installed) {
      console.log(`[promtool] installed: ${installed}`);
      return;
    }
    console.error('[promtool] `apt-get install -y prometheus` did not give a usable promtool.');
    process.exit(1);
  }
  console.error(
    '[promtool] promtool not found; the alert-rule tests need it. Install it (Debian/Ubuntu: `sudo apt-get install -y prometheus`), ' +
      'or put the promtool of a Prometheus release on PATH.',
  );
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
