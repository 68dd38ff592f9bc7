// A real SMTP server on loopback for tests (the smtp-server package): records every message it
// accepts (envelope, headers, decoded subject and text), can refuse the next ones with a
// temporary error, and can go down and come back on the same port.
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  /** X-Bpm-Delivery: the delivery's id. */
  deliveryId: string;
  messageId: string;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Sessions that reached DATA (accepted or refused). */
  attempts: number;
  /** Answer the next n messages with 451 (try again later). */
  refuseNext(n: number): void;
  /** Stop listening (connections refused) … */
  down(): Promise<void>;
  /** … and listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), as nodemailer writes Chinese subjects. */
export function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, data: string) => {
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '));
    return new TextDecoder(charset).decode(bytes);
  });
}

function qpBytes(data: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(data.charCodeAt(i));
  }
  return Buffer.from(out);
}

export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qpBytes(body.replace(/=\r\n/g, '')).toString('utf8')
        : body;
  return { headers, text: text.replace(/\r\n/g, '\n').trimEnd() };
}

export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  let refusals = 0;
  let server: SMTPServer;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          test.attempts += 1;
          if (refusals > 0) {
            refusals -= 1;
            const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
            callback(error);
            return;
          }
          const { headers, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
          test.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            headers,
            subject: decodeWords(headers.subject ?? ''),
            text,
            deliveryId: headers['x-bpm-delivery'] ?? '',
            messageId: headers['message-id'] ?? '',
          });
          callback();
        });
      },
    });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.on('error', () => undefined);
      server.server.once('error', reject);
      server.listen(test.port, '127.0.0.1', () => {
        test.port = (server.server.address() as { port: number }).port;
        test.url = `smtp://127.0.0.1:${test.port}`;
        resolve();
      });
    });
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const test: TestSmtpServer = {
    url: '',
    port,
    received: [],
    attempts: 0,
    refuseNext: (n) => {
      refusals = n;
    },
    down: stop,
    up: listen,
    close: stop,
  };
  await listen();
  return test;
}
