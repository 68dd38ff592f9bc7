// Finding a tool the tests need on this machine, and installing Debian's package for it when we
// may (root with apt-get): shared by ensure-chromium and ensure-promtool.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export function onPath(name: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path && executable(path) ? path : undefined;
}

/** Only root with apt-get installs packages here; anyone else is told what to install. */
export const mayAptInstall = () => process.getuid?.() === 0 && onPath('apt-get') !== undefined;

/** `apt-get install -y <pkg>`, refreshing the package lists once if the first try fails. True if it installed. */
export function aptInstall(pkg: string, label: string): boolean {
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      .status === 0;
  if (install()) return true;
  console.log(`[${label}] install failed; refreshing the package lists (\`apt-get update\`) and trying again …`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  return install();
}
