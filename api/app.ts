// The Fastify application as a plugin-assembled instance, apart from any server entry point.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServiceContext } from './context.js';
import auth from './plugins/auth.js';
import errors from './plugins/errors.js';
import metrics from './plugins/metrics.js';
import textGuard from './plugins/text-guard.js';
import { applicationRoutes } from './routes/applications.js';
import { healthRoutes } from './routes/health.js';
import { referenceRoutes } from './routes/reference.js';
import { workOrderRoutes } from './routes/work-orders.js';
import { escalationRoutes } from './routes/escalations.js';
import { opsRoutes } from './routes/ops.js';
import { reportRoutes } from './routes/reports.js';

export interface AppOptions {
  ctx: ServiceContext;
  logger: Logger;
  authSecret: string;
  bodyLimit?: number;
  rateLimitPerMinute?: number;
  workerMetricsUrl?: string;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.logger as FastifyBaseLogger,
    bodyLimit: o.bodyLimit ?? 8 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new OneLinePerRequest(),
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(errors);
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(rateLimit, {
    max: o.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    // Per token when there is one (decoded without trust: only a bucket key), else per address.
    keyGenerator: (req) => req.headers.authorization?.slice(-43) ?? req.ip,
    allowList: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Postal customer-service BPM API', version: '1.0.0', description: 'Internal service applications, work orders, escalations, reports and operations.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(metrics, { workerMetricsUrl: o.workerMetricsUrl, db: o.ctx.db });
  await app.register(auth, { secret: o.authSecret });
  await app.register(textGuard);

  const ctx = { ctx: o.ctx };
  await app.register(healthRoutes, ctx);
  await app.register(referenceRoutes, ctx);
  await app.register(applicationRoutes, ctx);
  await app.register(workOrderRoutes, ctx);
  await app.register(escalationRoutes, ctx);
  await app.register(reportRoutes, ctx);
  await app.register(opsRoutes, ctx);
  return app as unknown as FastifyInstance;
}

/** One log line per request, written when it is answered (Fastify's default also logs its arrival). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const line = { req: { method: req.method, url: req.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
