// The one error handler: the contract's error body for every failure; 5xx hides internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

// Connection lost or refused (socket codes, PostgreSQL's shutdown and connection-exception SQLSTATEs).
const PG_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ENOTCONN', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string; cause?: unknown };
  if (!e) return false;
  if (e.code && PG_UNAVAILABLE.has(e.code)) return true;
  if (e.message && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i.test(e.message)) return true;
  if (e.name === 'TransportError') return true;
  // gRPC UNAVAILABLE / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED from Temporal: an outage or overload
  // that a retry outlives (other gRPC codes are not).
  if ([14, 4, 8].includes((e as { code?: unknown }).code as number)) return true;
  return e.cause ? isUnavailable(e.cause) : false;
}

export default fp(async function errors(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => {
    if (app.consolePage?.(req, reply)) return;
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) req.log.warn({ err: error }, error.message);
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => {
        const path = [error.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean);
        const params = v.params as { issue?: { code?: string; path?: unknown[] } } | undefined;
        return { field: path.join('.') || error.validationContext, rule: params?.issue?.code ?? v.keyword, message: v.message };
      });
      // A bad query or path is the request's shape (400/404); a body field breaking a rule is 422.
      if (error.validationContext === 'params') {
        return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such record', details } });
      }
      const status = error.validationContext === 'body' ? 422 : 400;
      const code = status === 422 ? 'VALIDATION_FAILED' : 'BAD_REQUEST';
      return reply.code(status).send({ error: { code, message: details.map((d) => `${d.field}: ${d.message}`).join('; '), details } });
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body too large' } });
    }
    if (status === 429) {
      return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: 'too many requests; retry later' } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' } });
    }
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') {
      return reply.code(403).send({ error: { code: 'CSRF_TOKEN_INVALID', message: 'writes with the session cookie need the X-CSRF-Token header from GET /v1/me' } });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'BAD_REQUEST', message: error.message } });
    }
    if (isUnavailable(error)) {
      req.log.warn({ err: error }, 'dependency unavailable');
      return reply.code(503).header('retry-after', '5').send({ error: { code: 'SERVICE_UNAVAILABLE', message: 'a dependency is unavailable; retry later' } });
    }
    req.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error', details: { requestId: req.id } } });
  });
});
