// A real HTTP SMS gateway on loopback for tests: records what it receives, can fail on demand.
import { createServer, type Server } from 'node:http';

export interface TestGateway {
  url: string;
  received: { id: string; phone: string | null; userId: string | null; body: string }[];
  /** Answer 503 to the next n requests. */
  failNext(n: number): void;
  requests: number;
  close(): Promise<void>;
}

export async function startGateway(): Promise<TestGateway> {
  let failures = 0;
  const gateway: TestGateway = {
    url: '',
    received: [],
    requests: 0,
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      gateway.requests += 1;
      if (failures > 0) {
        failures -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      gateway.received.push(JSON.parse(data));
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  gateway.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
  return gateway;
}
