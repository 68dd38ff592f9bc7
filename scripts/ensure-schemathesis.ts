// The contract test drives schemathesis (PyPI), an OpenAPI tool nobody here wrote, against the real
// stack. It lives in a virtual environment inside the checkout (.tools/, not committed), pinned, and
// is made here, before tests start: Python 3 with venv is all a machine needs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SCHEMATHESIS_VERSION = '4.32.5';
export const venv = join(process.cwd(), '.tools', 'schemathesis');
export const schemathesisBin = join(venv, 'bin', 'schemathesis');

function installedVersion(): string | undefined {
  if (!existsSync(schemathesisBin)) return undefined;
  try {
    return /version (\S+)/.exec(execFileSync(schemathesisBin, ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (installedVersion() === SCHEMATHESIS_VERSION) {
    console.log(`[schemathesis] ${SCHEMATHESIS_VERSION} in ${venv}`);
  } else {
    const started = Date.now();
    console.log(`[schemathesis] installing ${SCHEMATHESIS_VERSION} into ${venv} (PyPI)`);
    try {
      execFileSync('python3', ['-m', 'venv', '--clear', venv], { stdio: 'inherit' });
      execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], {
        stdio: 'inherit',
      });
    } catch {
      console.error('[schemathesis] could not install it: the contract test needs Python 3 with venv (Debian: apt-get install python3-venv) and PyPI');
      process.exit(1);
    }
    console.log(`[schemathesis] ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}
