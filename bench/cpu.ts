// CPU time per process over an interval, from /proc (Linux): where the cores went during a run.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function snapshot(): Map<number, { comm: string; ticks: number }> {
  const out = new Map<number, { comm: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(entry), { comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Starts counting; the returned function gives CPU seconds per label (named pids, else the command name). */
export function cpuMeter(named: Record<string, number | undefined>): () => Record<string, number> {
  const before = snapshot();
  const labels = new Map(
    Object.entries(named)
      .filter(([, pid]) => pid)
      .map(([label, pid]) => [pid!, label]),
  );
  return () => {
    const totals: Record<string, number> = {};
    for (const [pid, { comm, ticks }] of snapshot()) {
      const used = ticks - (before.get(pid)?.ticks ?? 0);
      if (used <= 0) continue;
      const label = labels.get(pid) ?? comm;
      totals[label] = (totals[label] ?? 0) + used / TICKS_PER_SECOND;
    }
    return Object.fromEntries(
      Object.entries(totals)
        .filter(([, s]) => s >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([k, s]) => [k, Math.round(s * 100) / 100]),
    );
  };
}
