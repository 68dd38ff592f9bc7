// The performance reports: per department (or problem category) and per person, for a period and
// the one before it (compare=previous), as JSON or streamed CSV/XLSX; each figure's cases; the
// on-time trend. Definitions: domain/performance.ts and the README's "Performance reports".
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAPABILITIES } from '../../domain/access.js';
import { FIGURE_NAMES, FIGURES, RATIOS, type FigureDef } from '../../domain/performance.js';
import { PROBLEM_CATEGORIES } from '../../domain/vocabulary.js';
import type { ServiceContext } from '../context.js';
import { cursorSchema, errorSchema, isoDateTime } from '../schemas/common.js';
import { exportReport } from '../services/performance-export.js';
import { drillDown, performanceReport, performanceTrend } from '../services/performance.js';

const figureSchema = (def: FigureDef) =>
  def.agg === 'count'
    ? z.number().int()
    : def.agg === 'distribution'
      ? z.record(z.string(), z.number().int()).describe('value → how many (only values that occur)')
      : z.number().nullable();
export const performanceFigures = z
  .object({
    ...Object.fromEntries(FIGURE_NAMES.map((name) => [name, figureSchema(FIGURES[name])])),
    ...Object.fromEntries(Object.keys(RATIOS).map((name) => [name, z.number().nullable()])),
  })
  .meta({ id: 'PerformanceFigures', description: 'Every figure as README “Performance reports” defines it (domain/performance.ts)' });

const period = z.object({ from: z.string(), to: z.string() });
const row = z
  .object({
    org: z.string().nullable(),
    orgName: z.string().nullable(),
    person: z.string().nullable(),
    personName: z.string().nullable(),
    category: z.enum(PROBLEM_CATEGORIES).nullable(),
    figures: performanceFigures,
    previous: performanceFigures.optional(),
  })
  .meta({ id: 'PerformanceRow' });
const report = z
  .object({
    by: z.enum(['department', 'person', 'category']),
    period,
    previous: period.optional(),
    rows: z.array(row),
    total: z.object({ figures: performanceFigures, previous: performanceFigures.optional() }),
  })
  .meta({ id: 'PerformanceReport' });

const orgCode = z.string().regex(/^[a-z0-9-]{1,64}$/, 'an organisation code');
const common = {
  from: isoDateTime,
  to: isoDateTime,
  compare: z.enum(['previous']).optional().describe('previous: also the figures of the period as long just before'),
  org: orgCode.optional().describe('one department (within what you may see)'),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').describe('csv and xlsx are streamed, with no row limit'),
  rows: z
    .enum(['figures', 'cases'])
    .default('figures')
    .describe('csv: the report’s rows, or every case fact of the period in scope (one per line); xlsx has both as sheets'),
};
const READERS = CAPABILITIES.performanceReports;
const outOfScope = errorSchema.describe('NOT_FOUND: a department (or person) you may not see, or none of that code');

export const performanceRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const send = async (
    reply: Parameters<Parameters<typeof app.get>[1]['handler']>[1],
    which: 'departments' | 'people',
    q: z.infer<z.ZodObject<typeof common>> & { by?: 'department' | 'category' },
    actor: Parameters<typeof performanceReport>[1],
  ) => {
    if (q.format === 'json') return performanceReport(ctx, actor, which, q);
    const file = await exportReport(ctx, actor, which, q, q.format, q.rows);
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .serializer((p: unknown) => p as string)
      .send(file.stream);
  };

  app.get('/v1/reports/departments', {
    config: { roles: READERS },
    schema: {
      operationId: 'departmentPerformance',
      tags: ['reports'],
      summary: 'How each department performs in a period (or each problem category: by=category); a handler sees their own department',
      querystring: z.object({ ...common, by: z.enum(['department', 'category']).default('department') }),
      response: { 200: z.union([report, z.string()]), 404: outOfScope },
    },
    handler: async (req, reply) => send(reply, 'departments', req.query, req.actor),
  });
  app.get('/v1/reports/people', {
    config: { roles: READERS },
    schema: {
      operationId: 'peoplePerformance',
      tags: ['reports'],
      summary: 'How each person (assignee) performs in a period: a handler sees themselves, a department’s lead its people, the provincial roles everyone',
      querystring: z.object(common),
      response: { 200: z.union([report, z.string()]), 404: outOfScope },
    },
    handler: async (req, reply) => send(reply, 'people', req.query, req.actor),
  });
  app.get('/v1/reports/performance/cases', {
    config: { roles: READERS },
    schema: {
      operationId: 'performanceCases',
      tags: ['reports'],
      summary: 'The cases a figure counts (its drill-down): `total` is the figure; pages in time order',
      querystring: z.object({
        figure: z.enum(FIGURE_NAMES).describe('a count, or a percentile’s, average’s or distribution’s sample'),
        report: z.enum(['departments', 'people']).default('departments'),
        by: z.enum(['department', 'category']).default('department'),
        from: isoDateTime,
        to: isoDateTime,
        org: orgCode.optional(),
        person: z
          .string()
          .regex(/^[\w.@-]{1,128}$/, 'a user id')
          .optional(),
        category: z.enum(PROBLEM_CATEGORIES).optional(),
        value: z.coerce.number().int().min(0).max(100).optional().describe('a distribution’s value: the level, the score'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        cursor: cursorSchema.optional(),
      }),
      response: {
        404: outOfScope,
        200: z
          .object({
            figure: z.string(),
            total: z.number().int(),
            items: z.array(
              z.object({
                workOrderId: z.string(),
                number: z.string(),
                n: z.number().int(),
                kind: z.string(),
                at: z.string(),
                until: z.string().nullable(),
                org: z.string(),
                person: z.string().nullable(),
                personName: z.string().nullable(),
                category: z.enum(PROBLEM_CATEGORIES),
                minutes: z.number().nullable(),
                onTime: z.boolean().nullable(),
                level: z.number().nullable(),
                satisfaction: z.number().nullable(),
                reopened: z.boolean().nullable(),
                via: z.string().nullable(),
              }),
            ),
            nextCursor: z.string().nullable(),
          })
          .meta({ id: 'PerformanceCases' }),
      },
    },
    handler: async (req) => drillDown(ctx, req.actor, req.query),
  });
  app.get('/v1/reports/departments/trend', {
    config: { roles: READERS },
    schema: {
      operationId: 'departmentOnTimeTrend',
      tags: ['reports'],
      summary: 'On-time response and resolution per department per day, week or month of the period',
      querystring: z.object({ from: isoDateTime, to: isoDateTime, interval: z.enum(['day', 'week', 'month']).default('week'), org: orgCode.optional() }),
      response: {
        404: outOfScope,
        200: z
          .object({
            interval: z.string(),
            timeZone: z.string(),
            points: z.array(
              z.object({
                org: z.string(),
                start: z.string(),
                responsesOnTime: z.number().int(),
                responsesMissed: z.number().int(),
                resolutionsOnTime: z.number().int(),
                resolutionsMissed: z.number().int(),
                onTimeResponseRate: z.number().nullable(),
                onTimeResolutionRate: z.number().nullable(),
              }),
            ),
          })
          .meta({ id: 'PerformanceTrend' }),
      },
    },
    handler: async (req) => performanceTrend(ctx, req.actor, req.query),
  });
};
