import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { badRequest } from '../errors.js';
import { isoDateTime } from '../schemas/common.js';
import { officeReport, reportCsv } from '../services/reports.js';

const reportRow = z
  .object({
    org: z.string(),
    name: z.string(),
    created: z.number().int(),
    reviewed: z.number().int(),
    returned: z.number().int(),
    returnRate: z.number().nullable(),
    becameOrders: z.number().int(),
    onTimeResponseRate: z.number().nullable(),
    onTimeResolutionRate: z.number().nullable(),
    open: z.number().int(),
    overdue: z.number().int(),
    escalationsByLevel: z.record(z.string(), z.number()),
  })
  .meta({ id: 'OfficeReportRow' });

export const reportRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/v1/reports/offices', {
    config: { roles: ['office', 'reviewer', 'supervisor', 'ops', 'admin'] },
    schema: {
      operationId: 'officeReport',
      tags: ['reports'],
      summary: 'Per-office figures for a period (JSON, or CSV with Accept: text/csv)',
      querystring: z.object({ from: isoDateTime, to: isoDateTime }),
      response: { 200: z.union([z.array(reportRow), z.string()]) },
    },
    handler: async (req, reply) => {
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      if (from >= to) throw badRequest('from must be before to', [{ field: 'from', rule: 'before to' }]);
      const rows = await officeReport(ctx, req.actor, from, to);
      if (req.headers.accept?.includes('text/csv')) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="offices-${req.query.from.slice(0, 10)}-${req.query.to.slice(0, 10)}.csv"`)
          .serializer((p: unknown) => p as string)
          .send(reportCsv(rows));
      }
      return rows;
    },
  });
};
