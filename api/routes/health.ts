import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';

const readiness = z.object({ ready: z.boolean(), checks: z.object({ postgres: z.string(), temporal: z.string() }) });

async function check(fn: () => Promise<unknown>, timeoutMs = 2_000): Promise<string> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
    return 'ok';
  } catch (error) {
    return `unavailable: ${error instanceof Error ? error.message.slice(0, 120) : 'error'}`;
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/healthz',
    { schema: { operationId: 'healthz', tags: ['service'], summary: 'The process is up', security: [], response: { 200: z.object({ ok: z.literal(true) }) } } },
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
    async (_req, reply) => {
      const [postgres, temporal] = await Promise.all([
        check(() => ctx.db.execute(sql`select 1`)),
        check(() => ctx.temporal.workflowService.describeNamespace({ namespace: ctx.temporal.options.namespace })),
      ]);
      const ready = postgres === 'ok' && temporal === 'ok';
      return reply.code(ready ? 200 : 503).send({ ready, checks: { postgres, temporal } });
    },
  );
};
