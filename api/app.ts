// The Fastify application as a plugin-assembled instance, apart from any server entry point.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuthSettings, ServiceContext } from './context.js';
import auth from './plugins/auth.js';
import rateLimits from './plugins/rate-limit.js';
import { SESSION_COOKIE } from './auth/sessions.js';
import errors, { clientErrors, frameworkErrors } from './plugins/errors.js';
import { finishDocument } from './openapi.js';
import metrics from './plugins/metrics.js';
import consolePlugin from './plugins/console.js';
import { applicationRoutes } from './routes/applications.js';
import { healthRoutes } from './routes/health.js';
import { referenceRoutes } from './routes/reference.js';
import { workOrderRoutes } from './routes/work-orders.js';
import { deskRoutes } from './routes/desk.js';
import { escalationRoutes } from './routes/escalations.js';
import { opsRoutes } from './routes/ops.js';
import { reportRoutes } from './routes/reports.js';
import { performanceRoutes } from './routes/performance.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { workbenchRoutes } from './routes/workbench.js';
import { eventRoutes, type StreamLimits } from './routes/events.js';
import { noticeRoutes } from './routes/notices.js';
import { tokenRoutes } from './routes/tokens.js';
import { answerRoutes } from './routes/answers.js';
import changeFeed from './plugins/change-feed.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';

export interface AppOptions {
  ctx: ServiceContext;
  logger: Logger;
  /** Two keys, never one: bearer tokens are signed with `token`, cookies and CSRF tokens with `cookie`. */
  keys: { token: string; cookie: string };
  auth: AuthSettings;
  /** The process's Prometheus registry, served at /metrics (to `metricsToken` holders, when set). */
  metrics: Registry;
  metricsToken?: string;
  bodyLimit?: number;
  rateLimitPerMinute?: number;
  /** The proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy?: boolean | string[];
  streams: StreamLimits;
  workerMetricsUrl?: string;
  /** A span per request (platform/tracing.ts), when tracing is configured. */
  tracing?: FastifyPluginAsync;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.logger as FastifyBaseLogger,
    bodyLimit: o.bodyLimit ?? 8 * 1024 * 1024,
    trustProxy: o.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new OneLinePerRequest(),
    frameworkErrors,
    clientErrorHandler: clientErrors,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  if (o.tracing) await app.register(o.tracing);
  await app.register(errors);
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  await app.register(rateLimits, { perMinute: o.rateLimitPerMinute ?? 1200 });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Postal customer-service BPM API',
        version: '1.0.0',
        description: 'Internal service applications, work orders, escalations, reports and operations.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key (pbk_…) an admin created, or a signed token (npm run token) for scripts' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'People signed in through /auth; writes also need the X-CSRF-Token header from GET /v1/me',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(metrics, { registry: o.metrics, workerMetricsUrl: o.workerMetricsUrl, db: o.ctx.db, token: o.metricsToken });
  await app.register(auth, {
    tokenSecret: o.keys.token,
    cookieSecret: o.keys.cookie,
    db: o.ctx.db,
    sessions: o.auth.sessions,
    tokenMaxHours: o.auth.tokenMaxHours,
    production: o.auth.production,
  });
  await app.register(consolePlugin);
  await app.register(changeFeed, { db: o.ctx.db });

  const ctx = { ctx: o.ctx };
  await app.register(healthRoutes, ctx);
  await app.register(referenceRoutes, ctx);
  await app.register(applicationRoutes, ctx);
  await app.register(workOrderRoutes, ctx);
  await app.register(deskRoutes, ctx);
  await app.register(escalationRoutes, ctx);
  await app.register(reportRoutes, ctx);
  await app.register(performanceRoutes, ctx);
  await app.register(opsRoutes, ctx);
  await app.register(authRoutes, { ...ctx, auth: o.auth });
  await app.register(userRoutes, ctx);
  await app.register(apiKeyRoutes, ctx);
  await app.register(workbenchRoutes, ctx);
  await app.register(tokenRoutes, { ...ctx, auth: o.auth });
  await app.register(eventRoutes, { ...ctx, limits: o.streams });
  await app.register(noticeRoutes, ctx);
  await app.register(answerRoutes, ctx);
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
