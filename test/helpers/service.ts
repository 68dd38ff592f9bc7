// One running service per test file on the shared real Temporal server and Postgres: its own
// task queue (so its worker runs only its own workflows), an API reached with app.inject.
import { randomBytes, randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { inject } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { casePolicyOf, parsePolicy, type PolicyInput } from '../../config/policy.js';
import { createLogger } from '../../platform/logger.js';
import { startService, type RunningService } from '../../platform/service.js';
import { installRuntime } from '../../platform/worker.js';
import type { SmsSender } from '../../activities/sms.js';
import type { Role } from '../../domain/vocabulary.js';
import type { CasePolicy } from '../../domain/policy.js';

/** A person signed in through the local sign-in: their session cookie and CSRF token. */
export interface TestSession {
  cookie: string;
  csrf: string;
}

export interface RequestOptions {
  token?: string;
  session?: TestSession;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestService extends RunningService {
  token(role: Role, org: string, user?: string, extra?: Record<string, unknown>): string;
  // biome-ignore lint/suspicious/noExplicitAny: the answer's JSON, read by some 400 requests' assertions (expect checks its shape at run time); typing each would be noise.
  request(method: string, url: string, options?: RequestOptions): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Signs a directory person in (local sign-in) and returns their session. */
  signIn(userId: string, role?: Role): Promise<TestSession>;
  secret: string;
  taskQueue: string;
}

/** The policy a test's cases start with: the defaults, with the test's overrides (short deadlines). */
export const testPolicy = (overrides: PolicyInput = {}): CasePolicy => casePolicyOf(parsePolicy(overrides));

export async function startTestService(
  options: {
    policy?: PolicyInput;
    sms?: SmsSender;
    env?: Record<string, string>;
    worker?: boolean;
    taskQueue?: string;
    bundlePath?: string;
    listen?: { host: string; port: number };
  } = {},
): Promise<TestService> {
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    // The test run's own stack on loopback: local mode by choice (DATABASE_URL is given).
    ...(options.env?.NODE_ENV === 'production' ? {} : { LOCAL_MODE: 'true' }),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    AUTH_SECRET: secret,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    ...options.env,
  });
  const log = createLogger(config.env.LOG_LEVEL, 'test');
  installRuntime(log);
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const service = await startService(config, { temporalAddress: inject('temporalAddress'), databaseUrl: inject('databaseUrl') }, log, {
    api: true,
    worker: options.worker ?? true,
    bundlePath: options.bundlePath ?? inject('bundlePath'),
    taskQueue,
    sms: options.sms,
    policy: testPolicy(options.policy),
    listen: options.listen,
  });
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: '1h' });
  const test: TestService = {
    ...service,
    secret,
    taskQueue,
    token: (role, org, user, extra = {}) => sign({ sub: user ?? `${role}-${org}`, org, role, ...extra }),
    async signIn(userId, role) {
      const response = await service.app!.inject({ method: 'POST', url: '/auth/local/sign-in', payload: { userId, role } });
      if (response.statusCode !== 200) throw new Error(`sign-in of ${userId}: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { cookie, csrf: (JSON.parse(response.body) as { csrfToken: string }).csrfToken };
    },
    async request(method, url, o = {}) {
      const session = o.session ? { cookie: o.session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': o.session.csrf }) } : {};
      const response = await service.app!.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...session,
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...o.headers,
        },
        payload: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
      });
      let body: unknown = response.body;
      try {
        body = JSON.parse(response.body);
      } catch {
        // not JSON (CSV, metrics, HTML): keep the text
      }
      return { status: response.statusCode, body, headers: response.headers };
    },
  };
  return test;
}

/** Polls until `check` returns a truthy value (for effects that land asynchronously: timers, deliveries). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

let counter = 0;
/** A fresh mail number per test, so tests never share data. */
export const mailNumber = () =>
  `T${Date.now().toString(36).toUpperCase()}${(counter++).toString().padStart(3, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;
