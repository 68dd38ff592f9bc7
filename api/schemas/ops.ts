// Operators' requests and answers: stuck workflows, retries, resets (one and in batches), replay, reconcile.
import { z } from 'zod';
import { note, text, workflowIdParam } from './common.js';

export const resetTarget = z.union([z.enum(['last-workflow-task', 'first-workflow-task']), z.number().int().positive()]);

const visibilityQuery = text(2000).describe(
  "a Temporal visibility query, e.g. BpmKind = 'workOrder' AND ExecutionStatus = 'Running' (only this service's case workflows are ever reached)",
);

export const findStuckQuery = z.object({
  graceSeconds: z.coerce.number().int().min(0).max(86_400).default(60),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('running workflows checked per page'),
  cursor: z
    .string()
    // Temporal's SQL visibility page token is ~120 bytes; the limit keeps any URL under Node's header limit.
    .max(512)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    .optional()
    .describe('the x-next-cursor header of the previous page'),
});

export const stuckRow = z
  .object({ workflowId: z.string(), kind: z.string(), subjectId: z.string(), reason: z.string(), since: z.string(), detail: z.record(z.string(), z.unknown()) })
  .meta({ id: 'StuckWorkflow' });

export const retryAnswer = z.object({
  workflowId: z.string(),
  runId: z.string(),
  retried: z.array(z.string()).describe('the pending activities run again now'),
  started: z.boolean().describe('the case workflow was owed its start (workflow_not_started) and is started now'),
});

export const resetPointsAnswer = z.object({
  workflowId: z.string(),
  runId: z.string(),
  points: z.array(z.object({ eventId: z.number().int(), at: z.string(), after: z.array(z.string()) })),
});

export const resetBody = z.strictObject({ to: resetTarget, reason: text(500) });
export const resetAnswer = z.object({ workflowId: z.string(), previousRunId: z.string(), runId: z.string(), eventId: z.number() });

export const previewBatchBody = z.strictObject({ query: visibilityQuery });
export const previewBatchAnswer = z.object({
  matched: z.number().int(),
  query: z.string().describe('the query as run: limited to this service’s case workflow types'),
  sample: z.array(z.string()),
});

export const resetBatchBody = z
  .strictObject({
    query: visibilityQuery.optional(),
    to: resetTarget.optional(),
    reason: text(500).optional(),
    confirm: z.number().int().min(0).optional().describe('the `matched` of POST /v1/ops/reset-batch/preview for this query'),
    resume: z.uuid().optional().describe('the batchId of an unfinished batch (alone)'),
  })
  .superRefine((b, ctx) => {
    if (b.resume !== undefined) {
      for (const key of ['query', 'to', 'reason', 'confirm'] as const) {
        if (b[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'not with resume' });
      }
      return;
    }
    for (const key of ['query', 'to', 'reason', 'confirm'] as const) {
      if (b[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required (or resume alone)' });
    }
  });
export const resetBatchAnswer = z.object({
  batchId: z.string(),
  matched: z.number(),
  reset: z.number(),
  skipped: z.number().describe('reset already (an earlier attempt of this batch, or someone else)'),
  failed: z.number(),
  resumed: z.boolean(),
  results: z.array(z.object({ workflowId: z.string(), runId: z.string().optional(), state: z.string(), error: z.string().optional() })),
});

export const replayBody = z
  .strictObject({
    workflowIds: z.array(workflowIdParam.shape.workflowId).max(500).optional(),
    query: note(2000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    reason: note(500).optional(),
  })
  .default({});
export const replayAnswer = z.object({
  replayed: z.number(),
  deterministic: z.number(),
  results: z.array(z.object({ workflowId: z.string(), runId: z.string(), deterministic: z.boolean(), error: z.string().optional() })),
});

export const reconcileAnswer = z.object({
  workflowId: z.string(),
  runId: z.string(),
  before: z.object({ status: z.string(), seq: z.number() }).nullable(),
  after: z.object({ status: z.string(), seq: z.number() }),
});
