// The systems a carrier would pick instead, measured on the same machine in the same run: the
// Flowable peer benchmarks (the same lifecycle as BPMN on Flowable with PostgreSQL) — called
// in-process (FLOWABLE_PEER, the engine's floor) and as a Spring Boot HTTP service with a JWT check
// per call (FLOWABLE_HTTP_PEER, as a team would deploy it). Each runs only when its variable names
// its folder (a clone of this project has neither); both share run.sh's contract and JSON line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface PeerResult {
  ok: boolean;
  casesPerSecond: number;
  cpuSecondsPerCase: { jvm: number; postgres: number };
  latencyMs: Record<string, { p50: number; p99: number }>;
  postgres?: string;
  flowable?: string;
}

export const PEERS = [
  { key: 'flowable', variable: 'FLOWABLE_PEER', label: 'Flowable in-process' },
  { key: 'flowableHttp', variable: 'FLOWABLE_HTTP_PEER', label: 'Flowable HTTP service' },
] as const;

export async function runFlowablePeer(folder: string, cases: number, concurrency: number, say: (line: string) => void): Promise<PeerResult> {
  const script = join(folder, 'run.sh');
  if (!existsSync(script)) throw new Error(`${folder} has no run.sh`);
  say(`peer: ${script} ${cases} ${concurrency} (builds with Maven, starts its own PostgreSQL, warms up)`);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [script, String(cases), String(concurrency)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`flowable peer exited ${code}: ${out.slice(-500)}`))));
  });
  const line = output
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (!line) throw new Error(`flowable peer printed no result: ${output.slice(-500)}`);
  return JSON.parse(line) as PeerResult;
}
