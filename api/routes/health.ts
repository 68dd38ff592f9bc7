import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.js';
import { liveness, readiness } from '../schemas/health.js';

/** 'ok' or 'unavailable': what the dependency answered goes to the log, not to an anonymous caller. */
async function check(dependency: string, log: FastifyBaseLogger, fn: () => Promise<unknown>, timeoutMs = 2_000): Promise<'ok' | 'unavailable'> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
    return 'ok';
  } catch (error) {
    log.warn({ err: error, dependency }, 'readiness check failed');
    return 'unavailable';
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/healthz',
    { schema: { operationId: 'healthz', tags: ['service'], summary: 'The process is up', security: [], response: { 200: liveness } } },
    async () => ({ ok: true as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'readyz',
        tags: ['service'],
        summary: 'Temporal and PostgreSQL are reachable',
        security: [],
        response: { 200: readiness, 503: readiness },
      },
    },
    async (req, reply) => {
      const [postgres, temporal] = await Promise.all([
        check('postgres', req.log, () => ctx.db.execute(sql`select 1`)),
        check('temporal', req.log, () => ctx.temporal.workflowService.describeNamespace({ namespace: ctx.temporal.options.namespace })),
      ]);
      const ready = postgres === 'ok' && temporal === 'ok';
      return reply.code(ready ? 200 : 503).send({ ready, checks: { postgres, temporal } });
    },
  );
};
