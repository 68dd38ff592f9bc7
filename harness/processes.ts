// The API and the worker as separate OS processes, started with the production entry points
// (`npm run start:api` / `start:worker`), for chaos tests and scale-out benchmarks: they can be
// killed with SIGKILL and started again like a real deployment.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ServiceProcess {
  readonly kind: 'api' | 'worker';
  /** The API's base URL (same port across restarts). */
  readonly url?: string;
  pid(): number | undefined;
  /** SIGKILL: no shutdown hooks, in-flight work is cut off. */
  kill(): Promise<void>;
  /** SIGTERM and wait: a clean shutdown. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface ServiceProcessOptions {
  kind: 'api' | 'worker';
  env: Record<string, string>;
  /** Appends the process's log lines here. */
  logFile: string;
  port?: number;
  /** Extra node flags, e.g. --cpu-prof for profiling. */
  nodeArgs?: string[];
}

export async function startServiceProcess(o: ServiceProcessOptions): Promise<ServiceProcess> {
  let child: ChildProcess | undefined;
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const url = o.kind === 'api' ? `http://127.0.0.1:${o.port}` : undefined;
  const exited = () =>
    new Promise<void>((done) => (!child || child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

  const proc: ServiceProcess = {
    kind: o.kind,
    url,
    pid: () => child?.pid,
    async kill() {
      const done = exited();
      child?.kill('SIGKILL');
      await done;
    },
    async stop() {
      const done = exited();
      child?.kill('SIGTERM');
      await done;
    },
    async start() {
      const env = { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...(o.port ? { PORT: String(o.port) } : {}), ...o.env };
      child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', `scripts/start-${o.kind}.ts`], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      const ready = o.kind === 'api' ? 'API listening' : 'worker running';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${o.kind} did not start within 120 s; see ${o.logFile}`)), 120_000);
        let seen = '';
        child!.stdout!.on('data', (chunk: Buffer) => {
          if (seen === 'done') return;
          seen = (seen + chunk.toString()).slice(-4096);
          if (seen.includes(`"msg":"${ready}"`)) {
            seen = 'done';
            clearTimeout(timer);
            resolve();
          }
        });
        child!.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`${o.kind} exited during start-up (${code ?? signal}); see ${o.logFile}`));
        });
      });
    },
  };
  await proc.start();
  return proc;
}
