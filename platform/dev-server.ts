// Runs the real Temporal server (`temporal server start-dev`) as a child process: SQLite
// persistence, our namespace and search attributes, the Web UI. Stopped cleanly on close.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import type { TemporalConfig } from '../config/temporal.js';
import { StartupError } from './startup-error.js';

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  binary: string;
  config: TemporalConfig;
  /** SQLite file; undefined = in memory (tests). */
  dbFile?: string;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** Dynamic config values (KEY=JSON), e.g. a low continue-as-new threshold in tests. */
  dynamicConfig?: Record<string, string | number | boolean>;
  log: Logger;
}

export function devServerArgs(o: DevServerOptions): string[] {
  const d = o.config.devServer;
  const args = ['server', 'start-dev', '--ip', d.ip, '--port', String(o.port ?? d.port), '--log-level', d.logLevel];
  if (o.config.namespace !== 'default') args.push('--namespace', o.config.namespace);
  if (o.headless) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort ?? d.uiPort));
  if (o.dbFile) {
    args.push('--db-filename', o.dbFile);
    for (const [k, v] of Object.entries(d.sqlitePragmas)) args.push('--sqlite-pragma', `${k}=${v}`);
  }
  for (const [name, type] of Object.entries(o.config.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(o.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

async function waitUntilServing(address: string, namespace: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal server exited with code ${child.exitCode} before serving`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal server at ${address} not serving after ${timeoutMs} ms: ${String(lastError)}`);
}

async function stopStale(pidFile: string, log: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start-dev')) return;
    log.warn({ pid }, 'stopping a Temporal dev server left behind by an earlier run');
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
  } catch {
    // not running any more (or not ours to inspect): the port check below decides
  }
}

function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  if (o.dbFile) mkdirSync(dirname(resolve(o.dbFile)), { recursive: true });
  const args = devServerArgs(o);
  const port = o.port ?? o.config.devServer.port;
  const address = `${o.config.devServer.ip}:${port}`;
  // A server left behind by a killed run of ours (pid file beside its database) is stopped first;
  // any other server on the port is never mistaken for ours.
  const pidFile = o.dbFile ? `${resolve(o.dbFile)}.pid` : undefined;
  if (pidFile && (await portInUse(o.config.devServer.ip, port))) await stopStale(pidFile, o.log);
  if (await portInUse(o.config.devServer.ip, port)) {
    throw new StartupError(
      `port ${port} (the Temporal dev server) is already in use — is another \`npm start\` running? Stop it, or set devServer.port in temporal.yaml.`,
    );
  }
  o.log.info({ binary: o.binary, args: args.join(' ') }, 'starting Temporal dev server');
  // Its own process group: Ctrl-C reaches only us, and we stop it after the worker has drained.
  const child = spawn(o.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) o.log.debug({ temporal: line }, 'temporal server');
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));
  try {
    await waitUntilServing(address, o.config.namespace, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const uiUrl = o.headless ? undefined : `http://${o.config.devServer.ip}:${o.uiPort ?? o.config.devServer.uiPort}`;
  return {
    address,
    uiUrl,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(hard);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
