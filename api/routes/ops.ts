import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { errorSchema, note, text, workflowIdParam } from '../schemas/common.js';
import { resetBatch } from '../services/ops-batch.js';
import { listSchedules, triggerSchedule } from '../services/ops-schedules.js';
import { findStuckPage, reconcile, replay, resetPoints, resetWorkflow, retryActivities } from '../services/ops.js';

const workflowParam = workflowIdParam;
const resetTarget = z.union([z.enum(['last-workflow-task', 'first-workflow-task']), z.number().int().positive()]);
const stuckRow = z
  .object({ workflowId: z.string(), kind: z.string(), subjectId: z.string(), reason: z.string(), since: z.string(), detail: z.record(z.string(), z.unknown()) })
  .meta({ id: 'StuckWorkflow' });
const OPS = ['ops'] as const;

export const opsRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/ops/stuck', {
    config: { roles: OPS },
    schema: {
      operationId: 'findStuck',
      tags: ['operations'],
      description:
        'One page of stuck workflows. The first page (no cursor) holds every case the record shows stuck (deadline passed, start owed, activity failing), ' +
        'wherever it is among the open cases, and the first `limit` running workflows checked against their own state; ' +
        'the `x-next-cursor` response header, when present, asks for the next `limit` running workflows.',
      querystring: z.object({
        graceSeconds: z.coerce.number().int().min(0).max(86_400).default(60),
        limit: z.coerce.number().int().min(1).max(5000).default(500).describe('running workflows checked per page'),
        cursor: z
          .string()
          // Temporal's SQL visibility page token is ~120 bytes; the limit keeps any URL under Node's header limit.
          .max(512)
          .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
          .optional()
          .describe('the x-next-cursor header of the previous page'),
      }),
      response: { 200: z.array(stuckRow) },
    },
    handler: async (req, reply) => {
      const page = await findStuckPage(ctx, { graceMs: req.query.graceSeconds * 1000, limit: req.query.limit, cursor: req.query.cursor });
      if (page.cursor) reply.header('x-next-cursor', page.cursor);
      reply.header('x-scanned', String(page.scanned));
      return page.rows;
    },
  });
  app.post('/v1/ops/workflows/:workflowId/retry', {
    config: { roles: OPS },
    schema: {
      operationId: 'retryActivities',
      tags: ['operations'],
      params: workflowParam,
      response: {
        409: errorSchema.describe('NOTHING_TO_RETRY: the workflow has no pending activity (details.status)'),
        200: z.object({
          workflowId: z.string(),
          runId: z.string(),
          retried: z.array(z.string()).describe('the pending activities run again now'),
          started: z.boolean().describe('the case workflow was owed its start (workflow_not_started) and is started now'),
        }),
      },
    },
    handler: async (req) => retryActivities(ctx, req.actor, req.params.workflowId),
  });
  app.get('/v1/ops/workflows/:workflowId/reset-points', {
    config: { roles: OPS },
    schema: {
      operationId: 'resetPoints',
      tags: ['operations'],
      summary: 'The completed workflow tasks of the current run, each with what led to it: where a reset can go',
      params: workflowParam,
      response: {
        200: z.object({
          workflowId: z.string(),
          runId: z.string(),
          points: z.array(z.object({ eventId: z.number().int(), at: z.string(), after: z.array(z.string()) })),
        }),
      },
    },
    handler: async (req) => resetPoints(ctx, req.params.workflowId),
  });
  app.post('/v1/ops/workflows/:workflowId/reset', {
    config: { roles: OPS },
    schema: {
      operationId: 'resetWorkflow',
      tags: ['operations'],
      params: workflowParam,
      body: z.strictObject({ to: resetTarget, reason: text(500) }),
      response: { 200: z.object({ workflowId: z.string(), previousRunId: z.string(), runId: z.string(), eventId: z.number() }) },
    },
    handler: async (req) => resetWorkflow(ctx, req.actor, req.params.workflowId, req.body.to, req.body.reason, { syncRecord: true }),
  });
  app.post('/v1/ops/reset-batch', {
    config: { roles: OPS },
    schema: {
      operationId: 'resetBatch',
      tags: ['operations'],
      description:
        'Resets every workflow a visibility query matches, keeping its progress in the database: the same request again (or `{resume}` with the batch id) ' +
        'goes on where an interrupted one stopped, never resetting a workflow twice.',
      body: z.union([
        z.strictObject({
          query: text(2000).describe("a Temporal visibility query, e.g. BpmKind = 'workOrder' AND ExecutionStatus = 'Running'"),
          to: resetTarget,
          reason: text(500),
        }),
        z.strictObject({ resume: z.uuid().describe('the batchId of an unfinished batch') }),
      ]),
      response: {
        404: errorSchema.describe('NOT_FOUND: no unfinished batch has that id'),
        200: z.object({
          batchId: z.string(),
          matched: z.number(),
          reset: z.number(),
          skipped: z.number().describe('reset already (an earlier attempt of this batch, or someone else)'),
          failed: z.number(),
          resumed: z.boolean(),
          results: z.array(z.object({ workflowId: z.string(), runId: z.string().optional(), state: z.string(), error: z.string().optional() })),
        }),
      },
    },
    handler: async (req) => {
      const { listed: _listed, ...done } = await resetBatch(ctx, req.actor, req.body);
      return done;
    },
  });
  app.post('/v1/ops/replay', {
    config: { roles: OPS },
    schema: {
      operationId: 'replay',
      tags: ['operations'],
      body: z
        .strictObject({
          workflowIds: z.array(workflowIdParam.shape.workflowId).max(500).optional(),
          query: note(2000).optional(),
          limit: z.number().int().min(1).max(1000).optional(),
        })
        .default({}),
      response: {
        404: errorSchema.describe('NOT_FOUND: a workflow id names no workflow'),
        200: z.object({
          replayed: z.number(),
          deterministic: z.number(),
          results: z.array(z.object({ workflowId: z.string(), runId: z.string(), deterministic: z.boolean(), error: z.string().optional() })),
        }),
      },
    },
    handler: async (req) => {
      const results = await replay(ctx, req.body);
      return { replayed: results.length, deterministic: results.filter((r) => r.deterministic).length, results };
    },
  });
  app.post('/v1/ops/workflows/:workflowId/reconcile', {
    config: { roles: OPS },
    schema: {
      operationId: 'reconcile',
      tags: ['operations'],
      params: workflowParam,
      response: {
        200: z.object({
          workflowId: z.string(),
          runId: z.string(),
          before: z.object({ status: z.string(), seq: z.number() }).nullable(),
          after: z.object({ status: z.string(), seq: z.number() }),
        }),
      },
    },
    handler: async (req) => reconcile(ctx, req.actor, req.params.workflowId),
  });
  app.get('/v1/ops/schedules', {
    config: { roles: OPS },
    schema: {
      operationId: 'listSchedules',
      tags: ['operations'],
      summary: 'What runs on a schedule (the monthly performance report): its next runs and how its last runs went',
      response: {
        200: z.array(
          z
            .object({
              scheduleId: z.string(),
              workflowType: z.string(),
              exists: z.boolean(),
              description: z.string(),
              timeZone: z.string().nullable(),
              paused: z.boolean(),
              nextRuns: z.array(z.string()),
              lastRuns: z.array(z.object({ scheduledAt: z.string(), startedAt: z.string(), workflowId: z.string(), status: z.string().nullable() })),
            })
            .meta({ id: 'Schedule' }),
        ),
      },
    },
    handler: async () => listSchedules(ctx),
  });
  app.post('/v1/ops/schedules/:scheduleId/trigger', {
    config: { roles: OPS },
    schema: {
      operationId: 'triggerSchedule',
      tags: ['operations'],
      summary: 'Run a schedule’s workflow now (the monthly report of last month; each lead gets it once per month)',
      params: z.object({ scheduleId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a schedule id') }),
      response: { 404: errorSchema.describe('NOT_FOUND: no such schedule'), 200: z.object({ scheduleId: z.string(), triggered: z.literal(true) }) },
    },
    handler: async (req) => triggerSchedule(ctx, req.params.scheduleId),
  });
};
