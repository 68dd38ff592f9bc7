// Makes sure a Chromium exists for the browser tests (playwright-core downloads none): the
// CHROMIUM_PATH environment variable, then /usr/bin/chromium, then `chromium` on PATH. When none
// is there and we are root with apt-get, installs Debian's; otherwise says what to install and
// fails. Never a silent skip.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { aptInstall, executable, mayAptInstall, onPath } from './system-packages.js';

/** The Chromium to drive, or undefined. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return executable(fromEnv) ? fromEnv : undefined;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  return onPath('chromium');
}

/** Chinese text in the screenshots needs a CJK font; without one the tests still pass but the pictures show boxes. */
function ensureCjkFont(): void {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim()) return;
  if (mayAptInstall()) {
    console.log('[chromium] no Chinese font: installing `apt-get install -y fonts-wqy-microhei` for readable screenshots …');
    if (aptInstall('fonts-wqy-microhei', 'chromium')) return;
  }
  console.warn(
    '[chromium] warning: no Chinese (CJK) font found; screenshots in docs/screenshots will show boxes. Install one, e.g. `apt-get install fonts-wqy-microhei`.',
  );
}

function main(): void {
  const found = findChromium();
  if (found) {
    console.log(`[chromium] using ${found}`);
    ensureCjkFont();
    return;
  }
  if (process.env.CHROMIUM_PATH) {
    console.error(`[chromium] CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file. Point it at a Chromium or Chrome binary.`);
    process.exit(1);
  }
  if (mayAptInstall()) {
    console.log("[chromium] not found: installing Debian's chromium with `apt-get install -y chromium` …");
    const ok = aptInstall('chromium', 'chromium');
    const installed = findChromium();
    if (ok && installed) {
      console.log(`[chromium] installed: ${installed}`);
      ensureCjkFont();
      return;
    }
    console.error('[chromium] `apt-get install -y chromium` did not give a usable chromium.');
    process.exit(1);
  }
  console.error(
    '[chromium] no Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`), ' +
      'or set CHROMIUM_PATH to a Chromium/Chrome executable.',
  );
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
