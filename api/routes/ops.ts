import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { errorSchema, workflowIdParam } from '../schemas/common.js';
import {
  findStuckQuery,
  previewBatchAnswer,
  previewBatchBody,
  reconcileAnswer,
  replayAnswer,
  replayBody,
  resetAnswer,
  resetBatchAnswer,
  resetBatchBody,
  resetBody,
  resetPointsAnswer,
  retryAnswer,
  stuckRow,
} from '../schemas/ops.js';
import { previewBatch, resetBatch } from '../services/ops-batch.js';
import { listSchedules, triggerSchedule } from '../services/ops-schedules.js';
import { findStuckPage, reconcile, replay, resetPoints, resetWorkflow, retryActivities } from '../services/ops.js';

const workflowParam = workflowIdParam;
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
      querystring: findStuckQuery,
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
        200: retryAnswer,
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
        200: resetPointsAnswer,
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
      body: resetBody,
      response: { 200: resetAnswer },
    },
    handler: async (req) => resetWorkflow(ctx, req.actor, req.params.workflowId, req.body.to, req.body.reason, { syncRecord: true }),
  });
  app.post('/v1/ops/reset-batch/preview', {
    config: { roles: OPS },
    schema: {
      operationId: 'previewResetBatch',
      tags: ['operations'],
      summary: 'How many of this service’s case workflows a query matches (and the first few): the count a batch reset must confirm',
      body: previewBatchBody,
      response: { 200: previewBatchAnswer },
    },
    handler: async (req) => previewBatch(ctx, req.body.query),
  });
  app.post('/v1/ops/reset-batch', {
    config: { roles: OPS },
    schema: {
      operationId: 'resetBatch',
      tags: ['operations'],
      description:
        'Resets every case workflow a visibility query matches, keeping its progress in the database: the same request again (or `{resume}` with the batch id) ' +
        'goes on where an interrupted one stopped, never resetting a workflow twice. A new batch needs `confirm`: the count its preview showed.',
      body: resetBatchBody,
      response: {
        404: errorSchema.describe('NOT_FOUND: no unfinished batch has that id'),
        409: errorSchema.describe('CONFIRMATION_MISMATCH: the query matches another count than `confirm` (details.matched): preview again'),
        200: resetBatchAnswer,
      },
    },
    handler: async (req) => {
      const b = req.body;
      const request = b.resume !== undefined ? { resume: b.resume } : { query: b.query!, to: b.to!, reason: b.reason!, confirm: b.confirm! };
      const { listed: _listed, ...done } = await resetBatch(ctx, req.actor, request);
      return done;
    },
  });
  app.post('/v1/ops/replay', {
    config: { roles: OPS },
    schema: {
      operationId: 'replay',
      tags: ['operations'],
      body: replayBody,
      response: {
        404: errorSchema.describe('NOT_FOUND: a workflow id names no workflow'),
        200: replayAnswer,
      },
    },
    handler: async (req) => {
      const results = await replay(ctx, req.actor, req.body);
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
        200: reconcileAnswer,
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
