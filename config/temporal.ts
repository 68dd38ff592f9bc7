// temporal.yaml: everything Temporal-facing. Env vars override the address and namespace
// so production can point at a cluster without editing the file.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { durationSchema } from './policy.js';
import { ConfigError, formatZodIssues } from './errors.js';

export const SEARCH_ATTRIBUTE_TYPES = ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;

export const temporalConfigSchema = z.strictObject({
  /** host:port of a Temporal frontend; empty = local mode (the project starts a dev server). */
  address: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'host:port')
    .nullish(),
  namespace: z.string().min(1).default('default'),
  taskQueue: z.string().min(1).default('postal-bpm'),
  tls: z.boolean().default(false),
  searchAttributes: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.enum(SEARCH_ATTRIBUTE_TYPES)).default({}),
  worker: z
    .strictObject({
      maxCachedWorkflows: z.number().int().nonnegative().default(1000),
      maxConcurrentWorkflowTaskExecutions: z.number().int().positive().default(40),
      maxConcurrentActivityTaskExecutions: z.number().int().positive().default(100),
      stickyQueueScheduleToStartTimeout: durationSchema.default(10_000),
      shutdownGraceTime: durationSchema.default(10_000),
      /**
       * The SDK's stack of every promise a workflow creates, which only the `__stack_trace` query (the
       * Web UI's "Stack Trace" tab) reads. Off: that query answers "not enabled"; nothing else changes.
       * Switched by a local patch of @temporalio/worker (patches/, sdk-typescript issue #1587).
       */
      workflowStackTraces: z.boolean().default(true),
      /**
       * The vm watchdog around every activation: a workflow task running longer fails. `off` (the local
       * patch again): no watchdog thread per activation; an endless loop in workflow code then holds
       * the worker's workflow thread (one, with the SDK's reused V8 context: every workflow on that
       * worker stops) until the worker restarts, instead of failing the task.
       */
      isolateExecutionTimeout: z.union([z.literal('off'), durationSchema.refine((ms) => ms > 0, 'a duration above 0, or off')]).default(5_000),
    })
    .prefault({}),
  devServer: z
    .strictObject({
      cliVersion: z
        .string()
        .regex(/^v\d+\.\d+\.\d+$/)
        .default('v1.5.1'),
      ip: z.string().default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).default(7233),
      uiPort: z.number().int().min(1).max(65535).default(8233),
      logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
      sqlitePragmas: z.record(z.string(), z.string()).default({ journal_mode: 'wal', synchronous: 'normal' }),
    })
    .prefault({}),
});

export type TemporalConfig = z.output<typeof temporalConfigSchema>;

export function parseTemporalConfig(input: unknown, source = 'temporal.yaml'): TemporalConfig {
  const result = temporalConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(`Invalid ${source}:\n${formatZodIssues(result.error)}`);
  return result.data;
}

export function loadTemporalConfig(path: string): TemporalConfig {
  return parseTemporalConfig(parseYaml(readFileSync(path, 'utf8')), path);
}
