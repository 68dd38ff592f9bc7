// Workflow interceptors for tracing (not a workflow: bundled through workflowInterceptorModules).
// Every bundle carries them, but they act only on work whose caller sent a trace context (the
// client's OpenTelemetry interceptor puts it in the headers) and on what such work schedules. With
// tracing off nothing sends one, so no span is made in the sandbox and every call takes the path it
// takes without this module. The choice depends on headers in the history only: replays agree.
import { context, trace } from '@opentelemetry/api';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { Headers } from '@temporalio/common';
import type { WorkflowInterceptors } from '@temporalio/workflow';

export const interceptors = (): WorkflowInterceptors => {
  // Made on the first traced call only: constructing them sets up the sandbox's tracer.
  let otel: { inbound: OpenTelemetryInboundInterceptor; outbound: OpenTelemetryOutboundInterceptor; internals: OpenTelemetryInternalsInterceptor } | undefined;
  const traced = () => {
    otel ??= {
      inbound: new OpenTelemetryInboundInterceptor(),
      outbound: new OpenTelemetryOutboundInterceptor(),
      internals: new OpenTelemetryInternalsInterceptor(),
    };
    return otel;
  };
  const carries = (headers: Headers) => TRACE_HEADER in headers;
  // Outbound calls made while a traced execution or handler runs (the sandbox's context holds its span).
  const inSpan = () => trace.getSpan(context.active()) !== undefined;

  return {
    inbound: [
      {
        execute: (input, next) => (carries(input.headers) ? traced().inbound.execute(input, next) : next(input)),
        handleSignal: (input, next) => (carries(input.headers) ? traced().inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (carries(input.headers) ? traced().inbound.handleUpdate(input, next) : next(input)),
        validateUpdate: (input, next) => (carries(input.headers) ? traced().inbound.validateUpdate(input, next) : next(input)),
        handleQuery: (input, next) => (carries(input.headers) ? traced().inbound.handleQuery(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (inSpan() ? traced().outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (inSpan() ? traced().outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (inSpan() ? traced().outbound.startChildWorkflowExecution(input, next) : next(input)),
        continueAsNew: (input, next) => (inSpan() ? traced().outbound.continueAsNew(input, next) : next(input)),
        signalWorkflow: (input, next) => (inSpan() ? traced().outbound.signalWorkflow(input, next) : next(input)),
        startNexusOperation: (input, next) => (inSpan() ? traced().outbound.startNexusOperation(input, next) : next(input)),
        getLogAttributes: (input, next) => (inSpan() ? traced().outbound.getLogAttributes(input, next) : next(input)),
      },
    ],
    internals: [{ dispose: (input, next) => (otel ? otel.internals.dispose(input, next) : next(input)) }],
  };
};
