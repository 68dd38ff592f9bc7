// OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set: one trace per request across the
// API (a server span per request), the Temporal client (start, update, signal), the workflow (spans
// made in the sandbox and handed out through the `exporter` sink) and its activities, sent over
// OTLP/HTTP as JSON. service.ts imports this module only then: without an endpoint no SDK, exporter,
// interceptor or hook is loaded.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface Tracing {
  /** For the Temporal Client (the API's, which activities also use to start escalations). */
  client: ClientInterceptors;
  /** For the Worker: activity spans, and the sink the workflow interceptors export through. */
  worker: { activity: ActivityInterceptorsFactory[]; sinks: InjectedSinks<OpenTelemetrySinks> };
  /** The Fastify plugin that opens a span per request and puts its trace id on the request's log lines. */
  requests: FastifyPluginAsync;
  /** Sends what is buffered (at stop). */
  flush(): Promise<void>;
}

// Probes and scrapes would be most of the spans and tell nothing.
const UNTRACED = new Set(['/metrics', '/healthz', '/readyz']);

let started: Tracing | undefined;

/** Starts the SDK once per process (it registers the global tracer and context); later calls get the same. */
export function startTracing(o: { endpoint: string; serviceName: string }): Tracing {
  if (started) return started;
  const resource = Resource.default().merge(new Resource({ 'service.name': o.serviceName }));
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${o.endpoint.replace(/\/+$/, '')}/v1/traces` }));
  const sdk = new NodeSDK({ resource, autoDetectResources: false, spanProcessors: [processor], instrumentations: [] });
  sdk.start();
  const tracer = trace.getTracer('postal-bpm-api');
  const client = new OpenTelemetryWorkflowClientInterceptor();

  const spans = new WeakMap<FastifyRequest, Span>();
  const end = (req: FastifyRequest, statusCode?: number) => {
    const span = spans.get(req);
    if (!span) return;
    spans.delete(req);
    if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
    if (statusCode === undefined || statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  const requests = fp(
    async (app) => {
      app.addHook('onRequest', (req, reply, done) => {
        const path = req.url.split('?')[0] ?? req.url;
        if (UNTRACED.has(path)) return done();
        const route = req.routeOptions.url;
        // A caller's W3C traceparent (a gateway, another service) makes this request part of its trace.
        const parent = propagation.extract(ROOT_CONTEXT, req.headers);
        const span = tracer.startSpan(
          route ? `${req.method} ${route}` : req.method,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': path, ...(route ? { 'http.route': route } : {}) } },
          parent,
        );
        spans.set(req, span);
        req.log = reply.log = req.log.child({ traceId: span.spanContext().traceId });
        // The rest of the request runs in the span's context (Fastify's body parser keeps it across stream events).
        context.with(trace.setSpan(parent, span), () => done());
      });
      app.addHook('onError', async (req, _reply, error) => {
        spans.get(req)?.recordException(error);
      });
      app.addHook('onResponse', async (req, reply) => end(req, reply.statusCode));
      app.addHook('onRequestAbort', async (req) => end(req));
    },
    { name: 'tracing' },
  );

  started = {
    client: { workflow: [client] },
    worker: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
      sinks: { exporter: makeWorkflowExporter(processor, resource) },
    },
    requests,
    flush: () => processor.forceFlush(),
  };
  return started;
}
