// The one error handler: the contract's error body for every failure the server can send,
// including the framework's own (bad URLs, over-long parameters, broken requests, undeclared
// methods), and the error statuses each route documents, derived from what the route takes.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { errorSchema } from '../schemas/common.js';
import { classifyTemporalError } from '../temporal-errors.js';

// Connection lost or refused (socket codes, PostgreSQL's shutdown and connection-exception SQLSTATEs).
const PG_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTCONN',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string; cause?: unknown };
  if (!e) return false;
  if (e.code && PG_UNAVAILABLE.has(e.code)) return true;
  if (
    e.message &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i.test(
      e.message,
    )
  )
    return true;
  // Temporal down or overloaded: an outage a retry outlives.
  const temporal = classifyTemporalError(error).kind;
  if (temporal === 'unavailable' || temporal === 'notProcessed') return true;
  return e.cause ? isUnavailable(e.cause) : false;
}

const body = (code: string, message: string, details?: unknown) => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });

/** What each error status means in this API, as the OpenAPI document says it. */
const MEANING: Record<number, string> = {
  400: 'BAD_REQUEST: malformed JSON, or a query parameter breaks its rule (a cursor this API did not issue, a period that ends before it starts)',
  401: 'UNAUTHORIZED: no valid credentials (bearer API key or token, or a live session cookie)',
  403: 'FORBIDDEN: the role may not do this; CSRF_TOKEN_INVALID: a write with the session cookie lacks its X-CSRF-Token',
  404: 'NOT_FOUND: no such record, or one of another organisation',
  409: 'INVALID_TRANSITION: not allowed in the current state',
  413: 'PAYLOAD_TOO_LARGE: the body is over the limit',
  415: 'UNSUPPORTED_MEDIA_TYPE: send application/json',
  422: 'VALIDATION_FAILED: a field breaks a rule (details name the field and the rule); IDEMPOTENCY_KEY_REUSED: the key was used for a different request',
  429: 'RATE_LIMITED: too many requests; retry later',
  500: 'INTERNAL: a fault of the service; the body carries only a request id, the logs the cause',
  503: 'SERVICE_UNAVAILABLE: a dependency is down, or the case cannot act until repaired; retry with the same Idempotency-Key',
};

/** Probes are never rate limited (the rate-limit plugin's allow list). */
export const UNLIMITED = ['/healthz', '/readyz'];

/** The error statuses a route can answer, from what it takes: public or not, a body, a query, path parameters. */
function errorStatuses(route: RouteOptions): number[] {
  const s = (route.schema ?? {}) as { body?: unknown; querystring?: unknown; params?: unknown };
  const authenticated = Boolean(route.config && (route.config as { roles?: unknown }).roles);
  const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].some((m) => (Array.isArray(route.method) ? route.method : [route.method]).includes(m as never));
  const statuses = [500, 503];
  if (!UNLIMITED.includes(route.url)) statuses.push(429);
  if (authenticated) statuses.push(401, 403);
  if (s.querystring) statuses.push(400);
  if (s.params || route.url.includes(':')) statuses.push(404);
  if (s.body || writes) statuses.push(400, 413, 415, 422);
  return [...new Set(statuses)].sort();
}

/** Answers for requests no route takes: 405 with Allow when the path exists under other methods, else 404. */
function unrouted(routes: { method: string; pattern: RegExp }[]) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
    if (allowed.length) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(body('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}`, { allow: allowed }));
    }
    return reply.code(404).send(body('NOT_FOUND', `no route ${req.method} ${path}`));
  };
}

/** Errors Fastify raises before routing (a URL it cannot decode, a path parameter over 100 characters). */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  // No record has an id that long: the same answer as any other id that names nothing.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') void reply.code(404).send(body('NOT_FOUND', 'no such record (a path parameter is over 100 characters)'));
  else void reply.code(400).send(body('BAD_REQUEST', 'the URL could not be decoded'));
}

/** Requests Node's HTTP parser refuses (oversized headers, malformed requests): still the contract's body. */
export function clientErrors(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'the request took too long to arrive']
        : [400, 'BAD_REQUEST', 'malformed HTTP request'];
  const payload = JSON.stringify(body(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${code}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  );
}

export default fp(async function errors(app: FastifyInstance) {
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // '/v1/applications/:id/review' → ^/v1/applications/[^/]+/review$
    const pattern = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
    for (const method of methods) routes.push({ method, pattern });
    const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
    if (!schema || schema.hide) return;
    const declared = schema.response ?? {};
    schema.response = { ...Object.fromEntries(errorStatuses(route).map((status) => [status, errorSchema.describe(MEANING[status]!)])), ...declared };
  });
  const notRouted = unrouted(routes);

  app.setNotFoundHandler((req, reply) => {
    if (app.consolePage?.(req, reply)) return;
    return notRouted(req, reply);
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    // A request no route takes can still fail first (e.g. its body): it is answered as unrouted.
    if (req.is404) return notRouted(req, reply);
    if (error instanceof AppError) {
      if (error.statusCode >= 500) req.log.warn({ err: error }, error.message);
      return reply.code(error.statusCode).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => {
        const path = [
          error.validationContext,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].filter(Boolean);
        const params = v.params as { issue?: { code?: string; path?: unknown[] } } | undefined;
        return { field: path.join('.') || error.validationContext, rule: params?.issue?.code ?? v.keyword, message: v.message };
      });
      // A bad query is the request's shape (400), a bad path names nothing (404), a body field breaking a rule is 422.
      if (error.validationContext === 'params') return reply.code(404).send(body('NOT_FOUND', 'no such record', details));
      const status = error.validationContext === 'body' ? 422 : 400;
      return reply
        .code(status)
        .send(body(status === 422 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', details.map((d) => `${d.field}: ${d.message}`).join('; '), details));
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(body('PAYLOAD_TOO_LARGE', 'request body too large'));
    if (status === 429) return reply.code(429).send(body('RATE_LIMITED', 'too many requests; retry later'));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(body('UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') {
      return reply.code(403).send(body('CSRF_TOKEN_INVALID', 'writes with the session cookie need the X-CSRF-Token header from GET /v1/me'));
    }
    if (status >= 400 && status < 500) return reply.code(status).send(body('BAD_REQUEST', error.message));
    if (isUnavailable(error)) {
      req.log.warn({ err: error }, 'dependency unavailable');
      return reply.code(503).header('retry-after', '5').send(body('SERVICE_UNAVAILABLE', 'a dependency is unavailable; retry later'));
    }
    req.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(body('INTERNAL', 'internal error', { requestId: req.id }));
  });
});
