// Environment variables, parsed once with zod. Unsafe defaults are allowed only outside production.
import { z } from 'zod';
import { ConfigError, formatZodIssues } from './errors.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
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
    TEMPORAL_CONFIG: z.string().default('temporal.yaml'),
    POLICY_FILE: z.string().default('config/policy.yaml'),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, 'at least 32 characters').optional()),
    SMS_GATEWAY_URL: optionalString.pipe(z.url().optional()),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    PUBLIC_URL: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.AUTH_SECRET) ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'required in production' });
      if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required in production' });
      if (!env.TEMPORAL_ADDRESS) ctx.addIssue({ code: 'custom', path: ['TEMPORAL_ADDRESS'], message: 'required in production' });
    }
  });

export type Env = z.output<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new ConfigError(`Invalid environment:\n${formatZodIssues(result.error)}`);
  return Object.freeze(result.data);
}
