// Finds the Temporal server binaries of the production cluster (the server and its SQL schema tool)
// and Temporal's PostgreSQL schema, or builds them offline from the Go module proxy, like the CLI
// (platform/temporal-cli.ts). Order per binary: env var path → PATH → cached build → go install.
// The schema is read from the Go module cache (`go mod download`), never copied into the repo.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from './startup-error.js';
import { assertGo, goInstall, isExecutable, onPath } from './temporal-cli.js';

/** The server the Temporal CLI v1.5.1 embeds (so the dev server and the cluster run the same engine). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** The Web UI server the same CLI embeds. */
export const TEMPORAL_UI_VERSION = 'v2.42.1';

const SERVER_MODULE = 'go.temporal.io/server';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';

const cacheRoot = () => join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'postal-bpm');
export const serverCacheDir = (version: string) => join(cacheRoot(), 'temporal-server', version);
export const uiCacheDir = (version: string) => join(cacheRoot(), 'temporal-ui', version);

export interface TemporalServerBinaries {
  /** `server start --service <role>`: one Temporal service per OS process. */
  server: string;
  /** temporal-sql-tool: creates and migrates the `temporal` and `temporal_visibility` databases. */
  sqlTool: string;
  /** Temporal's versioned PostgreSQL schema (…/schema/postgresql/v12 with temporal/ and visibility/). */
  schemaDir: string;
}

/** One binary: the path an env var names, else the name on PATH, else the cached build. */
function find(envVar: string, onPathName: string, cached: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new StartupError(`${envVar}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  return onPath(onPathName) ?? (isExecutable(cached) ? cached : undefined);
}

/**
 * Temporal's PostgreSQL schema for `version`: TEMPORAL_SCHEMA_DIR, else the server module in the Go
 * module cache (downloaded from the proxy when missing).
 */
export function temporalSchemaDir(version = TEMPORAL_SERVER_VERSION): string {
  const dir = process.env.TEMPORAL_SCHEMA_DIR;
  if (dir) {
    if (!existsSync(join(dir, 'temporal', 'versioned'))) throw new StartupError(`TEMPORAL_SCHEMA_DIR=${dir} has no temporal/versioned folder`);
    return dir;
  }
  assertGo();
  const out = spawnSync('go', ['mod', 'download', '-json', `${SERVER_MODULE}@${version}`], { encoding: 'utf8', cwd: homedir() });
  const info = (() => {
    try {
      return JSON.parse(out.stdout) as { Dir?: string; Error?: string };
    } catch {
      return { Error: out.stderr || out.stdout };
    }
  })();
  if (out.status !== 0 || !info.Dir) throw new StartupError(`go mod download ${SERVER_MODULE}@${version} failed: ${info.Error ?? out.stderr}`);
  return join(info.Dir, 'schema', 'postgresql', 'v12');
}

export async function ensureTemporalServer(progress: (line: string) => void, version = TEMPORAL_SERVER_VERSION): Promise<TemporalServerBinaries> {
  const dir = serverCacheDir(version);
  let server = find('TEMPORAL_SERVER_PATH', 'temporal-server', join(dir, 'server'));
  let sqlTool = find('TEMPORAL_SQL_TOOL_PATH', 'temporal-sql-tool', join(dir, 'sql'));
  if (!server || !sqlTool) {
    progress(
      `building the Temporal server ${version} and its SQL tool from the Go module proxy into ${dir} (first time only; about 2 minutes with a warm Go module cache)`,
    );
    const started = Date.now();
    await goInstall([`${SERVER_MODULE}/cmd/server@${version}`, `${SERVER_MODULE}/cmd/tools/sql@${version}`], dir, progress);
    progress(`built the Temporal server in ${Math.round((Date.now() - started) / 1000)} s`);
    server ??= join(dir, 'server');
    sqlTool ??= join(dir, 'sql');
  }
  return { server, sqlTool, schemaDir: temporalSchemaDir(version) };
}

/** The Web UI server (TEMPORAL_UI_SERVER_PATH → `temporal-ui-server` on PATH → cache → go install). */
export async function ensureTemporalUi(progress: (line: string) => void, version = TEMPORAL_UI_VERSION): Promise<string> {
  const dir = uiCacheDir(version);
  const found = find('TEMPORAL_UI_SERVER_PATH', 'temporal-ui-server', join(dir, 'server'));
  if (found) return found;
  progress(`building the Temporal Web UI server ${version} from the Go module proxy into ${dir} (first time only)`);
  await goInstall([`${UI_MODULE}/cmd/server@${version}`], dir, progress);
  return join(dir, 'server');
}
