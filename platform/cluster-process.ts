// One OS process of the cluster (a Temporal service, the Web UI, an API or a worker of ours): its
// own process group (a terminal's Ctrl-C reaches only the parent, which stops them in order), its
// output appended to a log file, started again on demand after a kill -9 or a stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';

export interface ClusterProcess {
  readonly name: string;
  pid(): number | undefined;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL to the process group: no shutdown hooks, in-flight work cut off. */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface ClusterProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  logFile: string;
  /** Resolves once the process serves; rejects if it cannot. Called after every start. */
  ready: (child: ChildProcess, output: () => string) => Promise<void>;
  /** Told the pid after each start (pid files). */
  onStart?: (pid: number) => void;
}

export function clusterProcess(o: ClusterProcessOptions): ClusterProcess {
  let child: ChildProcess | undefined;
  const alive = () => !!child && child.exitCode === null && child.signalCode === null;
  const exited = () => new Promise<void>((done) => (alive() ? child!.once('exit', () => done()) : done()));
  const signal = (sig: NodeJS.Signals) => {
    if (!alive() || !child!.pid) return;
    try {
      process.kill(-child!.pid, sig);
    } catch {
      child!.kill(sig);
    }
  };
  return {
    name: o.name,
    pid: () => (alive() ? child!.pid : undefined),
    running: alive,
    async start() {
      if (alive()) throw new Error(`${o.name} is already running`);
      const log = createWriteStream(o.logFile, { flags: 'a' });
      let tail = '';
      const c = spawn(o.command, o.args, { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child = c;
      for (const stream of [c.stdout!, c.stderr!]) {
        stream.pipe(log, { end: false });
        stream.on('data', (chunk: Buffer) => {
          tail = (tail + chunk.toString()).slice(-8192);
        });
      }
      c.once('close', () => log.end());
      if (c.pid) o.onStart?.(c.pid);
      const died = new Promise<never>((_, reject) =>
        c.once('exit', (code, sig) => reject(new Error(`${o.name} exited during start-up (${code ?? sig}); see ${o.logFile}:\n${tail.slice(-1500)}`))),
      );
      died.catch(() => undefined);
      try {
        await Promise.race([o.ready(c, () => tail), died]);
      } catch (error) {
        signal('SIGKILL');
        throw error;
      }
    },
    async kill() {
      const done = exited();
      signal('SIGKILL');
      await done;
    },
    async stop(graceMs = 15_000) {
      const done = exited();
      signal('SIGTERM');
      const hard = setTimeout(() => signal('SIGKILL'), graceMs);
      await done;
      clearTimeout(hard);
    },
  };
}

/** Resolves when host:port accepts a TCP connection (or rejects after `timeoutMs`). */
export async function portOpen(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((done) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

/** Resolves when the process has printed `text` (e.g. our services' "API listening" log line). */
export async function printed(output: () => string, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`did not print ${JSON.stringify(text)} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Pids of a cluster's processes, kept in a file so that a start after the parent was killed stops
 * what the killed run left behind (only processes whose command line is still the recorded one).
 */
export function pidFile(path: string) {
  const read = (): Record<string, { pid: number; cmdline: string }> => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});
  return {
    record(name: string, pid: number) {
      const all = read();
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        // exited already
      }
      all[name] = { pid, cmdline };
      writeFileSync(path, JSON.stringify(all));
    },
    /** Kills (SIGKILL, whole group) the recorded processes still running the recorded command; returns their names. */
    async killLeftovers(): Promise<string[]> {
      const killed: string[] = [];
      for (const [name, { pid, cmdline }] of Object.entries(read())) {
        let now = '';
        try {
          now = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          continue;
        }
        if (!cmdline || now !== cmdline) continue;
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          process.kill(pid, 'SIGKILL');
        }
        killed.push(name);
      }
      for (let i = 0; i < 50 && killed.length; i++) {
        if (Object.values(read()).every(({ pid }) => !existsSync(`/proc/${pid}`))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      writeFileSync(path, '{}');
      return killed;
    },
  };
}
