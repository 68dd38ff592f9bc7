// Pluggable SMS delivery. The log sender is the local default; the HTTP sender posts to a gateway.
import type { Logger } from 'pino';

export interface SmsMessage {
  id: string;
  phone: string | null;
  userId: string | null;
  body: string;
}

export interface SmsSender {
  readonly name: string;
  /** Resolves when the gateway accepted the message; throws to be retried. Must tolerate repeats of the same id. */
  send(message: SmsMessage): Promise<void>;
}

export function logSmsSender(log: Logger): SmsSender {
  return {
    name: 'log',
    async send(message) {
      log.info({ sms: message }, 'SMS (log sender)');
    },
  };
}

/** POSTs `{id, phone, userId, body}` as JSON; the id lets the gateway drop duplicates. */
export function httpSmsSender(url: string, timeoutMs = 10_000): SmsSender {
  return {
    name: 'http',
    async send(message) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}
