import { pino, type Logger } from 'pino';

/** JSON logs; pretty only on a TTY. Secrets and tokens never reach a log line. */
export function createLogger(level: string, name = 'postal-bpm', production = false): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.customer.phone', 'sms.phone'], censor: '[redacted]' },
    ...(process.stdout.isTTY && !production
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  });
}
