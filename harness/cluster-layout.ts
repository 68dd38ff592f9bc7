// A cluster's layout on free ports of this machine (the rehearsals and the cluster benchmark).
import type { ClusterLayout } from '../platform/cluster.js';
import { freePort, portInUse } from '../platform/ports.js';

/** Temporal keeps membership ports in a smallint column: a free one below 32768. */
async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!(await portInUse('127.0.0.1', port))) return port;
  }
}

export async function freeLayout(historyHosts = 2): Promise<ClusterLayout> {
  const node = async (name: string, role: 'frontend' | 'history' | 'matching' | 'worker') => ({
    name,
    role,
    grpcPort: await freePort(),
    membershipPort: await freeMembershipPort(),
  });
  return {
    nodes: [
      await node('frontend', 'frontend'),
      ...(await Promise.all(Array.from({ length: historyHosts }, (_, i) => node(`history-${i + 1}`, 'history')))),
      await node('matching', 'matching'),
      await node('worker', 'worker'),
    ],
    frontendHttpPort: await freePort(),
    apiPorts: [await freePort(), await freePort()],
    workers: 2,
  };
}
