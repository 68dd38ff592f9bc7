// A real HTTP receiver of webhooks on loopback for tests: verifies each request's signature with the
// subscription's secret (as a receiving system would), records the deliveries it accepts, can fail
// the next ones (503), and can go down and come back on the same port.
import { createServer, type Server } from 'node:http';
import { verifyWebhook } from '../../activities/webhook.js';

export interface ReceivedHook {
  deliveryId: string;
  attempt: number;
  event: string;
  signatureValid: boolean;
  body: HookBody;
}

/** A webhook's JSON body as the tests read it: a notice (its delivery id, organisation and case) or a chat bot's text message. */
export interface HookBody {
  id?: string;
  org?: string;
  case?: { id?: string };
  msgtype?: string;
  text?: { content: string };
}

export interface TestReceiver {
  url: string;
  port: number;
  /** Every request, in arrival order (failed and accepted). */
  requests: ReceivedHook[];
  /** Requests answered 2xx. */
  accepted: ReceivedHook[];
  /** The secret to verify with (set after creating the subscription). */
  secret: string;
  failNext(n: number): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** `bot`: answers like a 企业微信/钉钉 group bot, refusing with 200 and an errcode (over its rate limit). */
export async function startWebhookReceiver(path = '/hooks', o: { bot?: boolean } = {}): Promise<TestReceiver> {
  let failures = 0;
  let server: Server;
  const handle: Parameters<typeof createServer>[1] = (req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => {
      const header = (name: string) => req.headers[name] as string | undefined;
      const hook: ReceivedHook = {
        deliveryId: header('x-bpm-delivery') ?? '',
        attempt: Number(header('x-bpm-attempt')),
        event: header('x-bpm-event') ?? '',
        signatureValid: verifyWebhook(receiver.secret, { timestamp: header('x-bpm-timestamp'), signature: header('x-bpm-signature') }, data),
        body: JSON.parse(data || '{}'),
      };
      receiver.requests.push(hook);
      if (!hook.signatureValid) {
        res.writeHead(401).end('bad signature');
        return;
      }
      if (failures > 0) {
        failures -= 1;
        if (o.bot) res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":45009,"errmsg":"api freq out of limit"}');
        else res.writeHead(503).end('busy');
        return;
      }
      receiver.accepted.push(hook);
      // As a 企业微信/钉钉 bot answers (a plain receiver's 2xx needs no body).
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(handle);
      server.once('error', reject);
      server.listen(receiver.port, '127.0.0.1', () => {
        receiver.port = (server.address() as { port: number }).port;
        receiver.url = `http://127.0.0.1:${receiver.port}${path}`;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const receiver: TestReceiver = {
    url: '',
    port: 0,
    requests: [],
    accepted: [],
    secret: '',
    failNext: (n) => {
      failures = n;
    },
    down: stop,
    up: listen,
    close: stop,
  };
  await listen();
  return receiver;
}
