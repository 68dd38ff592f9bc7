// Finds the `temporal` CLI (which embeds the real Temporal server) or builds it offline from the
// Go module proxy. Order: TEMPORAL_CLI_PATH → `temporal` on PATH → cached build → go install.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { StartupError } from './startup-error.js';

const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function cacheDir(version: string): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'postal-bpm', 'temporal-cli', version);
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export type CliSource = 'env' | 'path' | 'cache';

/** The binary to use without building anything, or undefined when it must be built. */
export function findTemporalCli(version: string, env = process.env): { path: string; source: CliSource } | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) throw new StartupError(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return { path: env.TEMPORAL_CLI_PATH, source: 'env' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'path' };
  const cached = join(cacheDir(version), 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  return undefined;
}

/** Builds the CLI with `go install` into the cache, streaming Go's progress to `progress`. */
export async function buildTemporalCli(version: string, progress: (line: string) => void): Promise<string> {
  const dir = cacheDir(version);
  progress(`building the Temporal CLI ${version} from the Go module proxy into ${dir} (first time only; about 6 minutes on 2 cores)`);
  const started = Date.now();
  await goInstall([`${MODULE}@${version}`], dir, progress);
  const binary = join(dir, 'temporal');
  if (!existsSync(binary)) throw new Error(`go install finished but ${binary} is missing`);
  progress(`built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

/** `go install` of module@version packages into `dir` (GOBIN), Go's output streamed to `progress`. */
export async function goInstall(packages: string[], dir: string, progress: (line: string) => void): Promise<void> {
  assertGo();
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', ...packages], {
      env: { ...process.env, GOBIN: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) progress(`  go: ${line.replace(/^go: /, '')}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const ticker = setInterval(() => progress(`  still compiling… ${Math.round((Date.now() - started) / 1000)} s`), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`go install ${packages.join(' ')} failed with exit code ${code}:\n${tail}`));
    });
  });
}

export function assertGo(): void {
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status !== 0) {
    throw new StartupError(
      "A Temporal binary is missing and Go is not installed to build it. Install Go (https://go.dev/dl) or set the binary's path (see the README).",
    );
  }
}

export async function ensureTemporalCli(version: string, progress: (line: string) => void): Promise<string> {
  const found = findTemporalCli(version);
  if (found) return found.path;
  return buildTemporalCli(version, progress);
}
