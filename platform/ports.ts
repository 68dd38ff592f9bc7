import { createServer } from 'node:net';
import { StartupError } from './startup-error.js';

/** Whether something listens on host:port (a bind attempt, so it also catches a server not yet accepting). */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/** Refuses to start when a port we need is taken, naming the port, its setting and the likely cause. */
export async function assertPortsFree(ports: { host: string; port: number; what: string; setting: string }[]): Promise<void> {
  for (const p of ports) {
    if (await portInUse(p.host, p.port)) {
      throw new StartupError(
        `port ${p.port} on ${p.host} (${p.what}) is already in use — is another \`npm start\` running? Stop it, or set ${p.setting} to a free port.`,
      );
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
