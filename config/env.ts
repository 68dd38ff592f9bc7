// Environment variables, parsed once with zod. Unsafe defaults are allowed only outside production.
import { z } from 'zod';
import { ConfigError, formatZodIssues } from './errors.js';
import { hostOf, isLoopbackHost } from './loopback.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const secret = optionalString.pipe(z.string().min(32, 'at least 32 characters').optional());
/** Addresses or CIDR ranges (or proxy-addr's names loopback, linklocal, uniquelocal). */
const proxyAddress = /^([0-9a-fA-F:.]+(\/\d{1,3})?|loopback|linklocal|uniquelocal)$/;

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /**
     * Local mode (sign-in without password, seeded people, tokens for anyone): true to choose it
     * (e.g. a local stack against a database given by DATABASE_URL). Unset: local mode only when
     * everything is on loopback with the embedded database (config/mode.ts).
     */
    LOCAL_MODE: optionalString.pipe(z.stringbool().optional()),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().default('.data'),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
    TEMPORAL_ADDRESS: optionalString,
    TEMPORAL_NAMESPACE: optionalString,
    TEMPORAL_TASK_QUEUE: optionalString,
    TEMPORAL_CLI_PATH: optionalString,
    /** The Temporal Web UI the console links cases to (local mode: the dev server's). */
    TEMPORAL_UI_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    TEMPORAL_CONFIG: z.string().default('temporal.yaml'),
    POLICY_FILE: z.string().default('config/policy.yaml'),
    /** Signs bearer tokens (HS256). In production only tokens the service issued (POST /v1/tokens) are accepted. */
    AUTH_SECRET: secret,
    /** Signs cookies and CSRF tokens: a different key from AUTH_SECRET. */
    COOKIE_SECRET: secret,
    /** The longest a bearer token may live (its exp, from its iat and from now). */
    TOKEN_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
    /**
     * The proxies in front of the API whose X-Forwarded-For is believed (the client address the
     * rate limit counts by): comma-separated addresses or CIDR ranges, or true for any. Unset: none.
     */
    TRUST_PROXY: optionalString.pipe(
      z
        .string()
        .optional()
        .transform((v) => (v === undefined || v === 'false' ? false : v === 'true' ? true : v.split(',').map((a) => a.trim())))
        .pipe(z.union([z.boolean(), z.array(z.string().regex(proxyAddress, 'an address, a CIDR range, loopback, linklocal or uniquelocal'))])),
    ),
    /** /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (required in production). */
    METRICS_TOKEN: secret,
    SMS_GATEWAY_URL: optionalString.pipe(z.url().optional()),
    /** Email notices through this SMTP server (smtp://user:pass@host:587, smtps://…:465). Unset: the email channel is off. */
    SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    /** The sender of email notices. */
    SMTP_FROM: z.string().trim().min(3).default('邮政客服工单系统 <noreply@postal-bpm.invalid>'),
    /** Email and webhook retries: the first after this many seconds, doubling… */
    DELIVERY_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(10),
    /** …up to this many between attempts… */
    DELIVERY_RETRY_MAX_SECONDS: z.coerce.number().positive().default(3600),
    /** …and given up (an admin may redeliver) this many hours after the notice: at least 24. */
    DELIVERY_GIVE_UP_HOURS: z.coerce.number().min(24, 'at least 24 (deliveries are retried for at least a day)').default(48),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    /** GET /v1/events: open streams per person, per API process, a stream's longest life, and how often each is authorised again. */
    EVENTS_MAX_PER_PERSON: z.coerce.number().int().min(1).max(100).default(5),
    EVENTS_MAX_TOTAL: z.coerce.number().int().min(1).max(100_000).default(1000),
    EVENTS_MAX_LIFE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .default(900),
    EVENTS_RECHECK_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
    /** host:port where a worker serves the Temporal SDK's Prometheus metrics (npm start: 127.0.0.1:9464). */
    WORKER_METRICS_BIND: optionalString.pipe(
      z
        .string()
        .regex(/^[^\s:]+:\d+$/, 'host:port')
        .optional(),
    ),
    /** Where the API scrapes a worker's metrics to serve them with its own at /metrics. */
    WORKER_METRICS_URL: optionalString.pipe(z.url().optional()),
    /** A prebuilt workflow bundle (scripts/bundle-workflows.ts) for workers and ops replay. */
    WORKFLOW_BUNDLE: optionalString,
    /** OpenTelemetry collector (base URL; traces go to <url>/v1/traces as OTLP/HTTP JSON). Unset: no tracing at all. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** The service.name of this process's spans (e.g. postal-bpm-api, postal-bpm-worker). */
    OTEL_SERVICE_NAME: z.string().trim().min(1).default('postal-bpm'),
    /** The address people reach the service at (OIDC redirect URI, links in notices). */
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** A signed-in person's session ends after this long without a request… */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** …and this long after signing in, whatever happens. */
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(12),
    /** OpenID Connect single sign-on (required in production). */
    OIDC_ISSUER_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_SCOPES: z.string().default('openid profile'),
    /** The ID-token claim matched against the directory's `login` (e.g. an employee number claim). */
    OIDC_USER_CLAIM: z.string().default('preferred_username'),
    /** When both are set, the IdP manages organisation and roles: the directory takes them from these claims at sign-in. */
    OIDC_ORG_CLAIM: optionalString,
    OIDC_ROLES_CLAIM: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.AUTH_SECRET) ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'required in production' });
      if (!env.COOKIE_SECRET) ctx.addIssue({ code: 'custom', path: ['COOKIE_SECRET'], message: 'required in production' });
      if (!env.METRICS_TOKEN)
        ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'required in production (Prometheus sends it as a bearer token)' });
      if (env.LOCAL_MODE) ctx.addIssue({ code: 'custom', path: ['LOCAL_MODE'], message: 'local mode is never production: unset LOCAL_MODE or NODE_ENV' });
      // The IdP's answers (who someone is) must not cross a network in clear; one on this machine may.
      if (env.OIDC_ISSUER_URL?.startsWith('http:') && !isLoopbackHost(hostOf(env.OIDC_ISSUER_URL))) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER_URL'], message: 'must be https:// in production' });
      }
      if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required in production' });
      if (!env.TEMPORAL_ADDRESS) ctx.addIssue({ code: 'custom', path: ['TEMPORAL_ADDRESS'], message: 'required in production' });
      // People sign in through the carrier's identity provider; there is no local sign-in in production.
      for (const key of ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production (single sign-on)' });
      }
    }
    if (env.COOKIE_SECRET && env.COOKIE_SECRET === env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['COOKIE_SECRET'],
        message: 'must differ from AUTH_SECRET (whoever has the cookie key must not be able to sign tokens)',
      });
    }
    const oidc = [env.OIDC_ISSUER_URL, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER_URL'], message: 'OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together' });
    }
    if (Boolean(env.OIDC_ORG_CLAIM) !== Boolean(env.OIDC_ROLES_CLAIM)) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ORG_CLAIM'], message: 'OIDC_ORG_CLAIM and OIDC_ROLES_CLAIM go together' });
    }
  });

export type Env = z.output<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new ConfigError(`Invalid environment:\n${formatZodIssues(result.error)}`);
  return Object.freeze(result.data);
}
