// Email notices through SMTP (nodemailer), configured by SMTP_URL. Each message carries its
// delivery id as the Message-ID, so a receiving system can drop a repeat of the same delivery.
import { createTransport } from 'nodemailer';

export interface EmailMessage {
  /** The delivery's id (stable across attempts). */
  id: string;
  attempt: number;
  to: string;
  subject: string;
  text: string;
}

export interface EmailSender {
  /** Where mail goes, without credentials (for the start-up line and the delivery log). */
  readonly server: string;
  /** Resolves when the server accepted the message; throws (with `responseCode` when it answered) to be retried. */
  send(message: EmailMessage): Promise<{ code: number | null }>;
  close(): void;
}

/** The SMTP URL without its password, to log. */
export const smtpServerName = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
};

export function smtpEmailSender(url: string, from: string): EmailSender {
  const transport = createTransport(url, { from });
  // Timeouts short enough that a hung server is one failed attempt, not a stuck relay.
  Object.assign(transport.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    server: smtpServerName(url),
    async send(m) {
      const info = await transport.sendMail({
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.id}@postal-bpm>`,
        headers: { 'X-Bpm-Delivery': m.id, 'X-Bpm-Attempt': String(m.attempt) },
      });
      const code = Number.parseInt(String(info.response ?? '').slice(0, 3), 10);
      return { code: Number.isFinite(code) ? code : null };
    },
    close: () => transport.close(),
  };
}
