// Traces for real: the service runs with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP
// receiver in this test, and its worker runs the production bundle shape (workflows plus their
// tracing interceptors). Creating and approving an application over HTTP gives one trace per
// request through the API, the Temporal client, the workflow and its local activity, and the
// request's log line carries the trace id.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseState } from '../../contract/messages.js';
import { bundleWorkflows } from '../../platform/worker.js';
import { quietBundlerLogger } from '../../harness/quiet-bundler.js';
import { applicationBody, createApplication, registerMailItem, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  scope: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** The least of an OTLP/HTTP trace receiver: JSON bodies of POST /v1/traces, flattened to spans. */
function startReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[]; contentTypes: Set<string> }> {
  const spans: ReceivedSpan[] = [];
  const contentTypes = new Set<string>();
  const value = (v: Record<string, unknown>) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      contentTypes.add(String(req.headers['content-type']));
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const service = String(value(rs.resource.attributes.find((a: { key: string }) => a.key === 'service.name').value));
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              const attributes = Object.fromEntries((s.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, value(a.value)]));
              spans.push({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                name: s.name,
                scope: ss.scope.name,
                service,
                attributes,
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${address.port}`, spans, contentTypes });
    }),
  );
}

let s: TestService;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let bundleDir: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  // The bundle production workers run (scripts/bundle-workflows.ts): workflows and their interceptors.
  bundleDir = mkdtempSync(join(tmpdir(), 'bpm-tracing-'));
  const bundlePath = join(bundleDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, (await bundleWorkflows(quietBundlerLogger)).code);
  s = await startTestService({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'postal-bpm-test', LOG_LEVEL: 'info' },
    bundlePath,
    listen: { host: '127.0.0.1', port: 0 },
  });
  // The service's log lines from now on, read here instead of written to stdout (the app's logger is
  // a child of the service's, which its other loggers also descend from).
  const serviceLog = Object.getPrototypeOf(s.app!.log) as Record<symbol, unknown>;
  serviceLog[pino.symbols.streamSym] = { write: (line: string) => logLines.push(JSON.parse(line)) };
}, 180_000);

afterAll(async () => {
  await s?.stop();
  await new Promise((r) => receiver?.server.close(r));
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

/** A request over HTTP (a real socket: the body arrives as stream events, as in production). */
async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: Record<string, unknown>; requestId: string }> {
  const response = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, requestId: response.headers.get('x-request-id') ?? '' };
}

const spansOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
const named = (traceId: string, name: string) => spansOf(traceId).find((span) => span.name === name);
const serverSpan = (route: string) => receiver.spans.find((span) => span.name === `POST ${route}` && span.scope === 'postal-bpm-api');
const requestLine = (requestId: string) => logLines.find((line) => line.reqId === requestId && line.msg === 'request completed');

describe('tracing', () => {
  it('one trace per request across the API, the Temporal client, the workflow and its local activity; the request log line carries its id', async () => {
    const t = tokens(s);
    const mail = await registerMailItem(s);
    const created = await post('/v1/applications', t.office, applicationBody(mail));
    expect(created.status).toBe(201);
    const approved = await post(`/v1/applications/${created.body.id}/review`, t.reviewer, { decision: 'approve' });
    expect(approved.status).toBe(200);

    // Spans arrive in batches: the API's and the client's at once, the workflow's once its task completes.
    const arrived = () => receiver.spans.map((span) => `${span.name} ${span.traceId.slice(0, 8)}`).join(', ');
    const create = await eventually(async () => {
      const api = serverSpan('/v1/applications');
      return api && named(api.traceId, 'StartWorkflow:applicationWorkflow') ? api : undefined;
    }, 30_000).catch((error) => {
      throw new Error(`${error.message}; spans received: ${arrived()}`);
    });
    const review = await eventually(async () => {
      const api = serverSpan('/v1/applications/:id/review');
      return api && named(api.traceId, 'HandleUpdate:review') && named(api.traceId, 'RunActivity:recordTransition') ? api : undefined;
    }, 30_000).catch((error) => {
      throw new Error(`${error.message}; spans received: ${arrived()}`);
    });
    expect(create.traceId).not.toBe(review.traceId);
    expect(receiver.contentTypes).toContain('application/json');

    // Creation: API → StartWorkflow (client; the workflow's own span ends when the case does).
    expect(create.parentSpanId).toBeUndefined();
    expect(create.service).toBe('postal-bpm-test');
    expect(create.attributes).toMatchObject({ 'http.route': '/v1/applications', 'http.response.status_code': 201 });
    const start = named(create.traceId, 'StartWorkflow:applicationWorkflow');
    expect(start).toMatchObject({ parentSpanId: create.spanId, attributes: { temporalWorkflowId: created.body.workflowId } });

    // Approval: API → StartWorkflowUpdate (client) → HandleUpdate (workflow) → recordTransition, scheduled
    // in the sandbox and run by the worker as a local activity.
    const update = named(review.traceId, 'StartWorkflowUpdate:review');
    expect(update).toMatchObject({ parentSpanId: review.spanId, attributes: { temporalWorkflowId: created.body.workflowId } });
    const handle = named(review.traceId, 'HandleUpdate:review');
    expect(handle).toMatchObject({ parentSpanId: update!.spanId, scope: '@temporalio/interceptor-workflow' });
    const schedule = spansOf(review.traceId).find((span) => span.name === 'StartActivity:recordTransition' && span.parentSpanId === handle!.spanId);
    expect(schedule?.scope).toBe('@temporalio/interceptor-workflow');
    expect(spansOf(review.traceId).find((span) => span.name === 'RunActivity:recordTransition' && span.parentSpanId === schedule!.spanId)).toBeDefined();

    // The line each request logged carries its trace id.
    expect(requestLine(created.requestId)).toMatchObject({ traceId: create.traceId, res: { statusCode: 201 } });
    expect(requestLine(approved.requestId)).toMatchObject({ traceId: review.traceId, res: { statusCode: 200 } });
  });

  it('the workflow makes spans only for calls that carry a trace context', async () => {
    // Approved, so its history has the SDK flag under which queries are traced (set by the first traced update).
    const { id, workflowId } = await createApplication(s);
    expect((await s.request('POST', `/v1/applications/${id}/review`, { token: tokens(s).reviewer, body: { decision: 'approve' } })).status).toBe(200);
    const handledQueries = () => receiver.spans.filter((span) => span.name.startsWith('HandleQuery:') && span.attributes.workflowId === workflowId);

    // A client without the interceptors sends no trace context: the workflow answers without a span…
    const plain = new Client({ connection: s.client.connection, namespace: s.client.options.namespace });
    await plain.workflow.getHandle(workflowId).query(caseState);
    // …the service's client sends one, and the query is traced into the workflow.
    await s.client.workflow.getHandle(workflowId).query(caseState);
    const traced = await eventually(async () => {
      const query = receiver.spans.find((span) => span.name.startsWith('QueryWorkflow:') && span.attributes.temporalWorkflowId === workflowId);
      return query && spansOf(query.traceId).find((span) => span.name.startsWith('HandleQuery:')) ? query : undefined;
    }, 30_000);
    expect(handledQueries(), JSON.stringify(receiver.spans.filter((span) => span.name.includes('Query')).map((span) => span.name))).toHaveLength(1);
    expect(handledQueries()[0]?.traceId).toBe(traced.traceId);
  });
});
