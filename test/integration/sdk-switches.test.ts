// The two switches of the local @temporalio/worker patch (patches/, temporal.yaml `worker:`):
// `workflowStackTraces: false` stops the SDK recording a stack for every promise (only the
// `__stack_trace` query reads them: it then answers "not enabled"), and
// `isolateExecutionTimeout: off` runs activations without a vm watchdog. Cases run the same either way
// (and the replay gate replays every history both ways: test/replay/replay.test.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApplication, tokens } from '../helpers/fixtures.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';

/** temporal.yaml with the worker's two switches set as given. */
function temporalConfigWith(stackTraces: boolean, watchdog: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-switches-'));
  const file = join(dir, 'temporal.yaml');
  const yaml = readFileSync('temporal.yaml', 'utf8')
    .replace(/^ {2}workflowStackTraces: .*$/m, `  workflowStackTraces: ${stackTraces}`)
    .replace(/^ {2}isolateExecutionTimeout: .*$/m, `  isolateExecutionTimeout: ${watchdog}`);
  writeFileSync(file, yaml);
  return file;
}

const services: TestService[] = [];
afterAll(async () => {
  for (const s of services) await s.stop();
});

async function stackTraceOfAnOpenCase(s: TestService): Promise<string> {
  const app = await createApplication(s);
  // Waiting for its review: the workflow sits on a condition with a timer.
  const handle = s.client.workflow.getHandle(app.workflowId);
  return eventually(async () => handle.query<string>('__stack_trace'));
}

describe('the local SDK patch’s switches', () => {
  it('with stack traces on and the watchdog at 5 s (the SDK as published) the stack-trace query shows where the workflow waits', async () => {
    const s = await startTestService({ env: { TEMPORAL_CONFIG: temporalConfigWith(true, '5s') } });
    services.push(s);
    const trace = await stackTraceOfAnOpenCase(s);
    expect(trace).toMatch(/at .*workflows\//);
  });

  it('with stack traces off and no watchdog (temporal.yaml as shipped) the query says so, and a case still runs to its work order', async () => {
    const s = await startTestService({ env: { TEMPORAL_CONFIG: temporalConfigWith(false, 'off') } });
    services.push(s);
    const app = await createApplication(s);
    const handle = s.client.workflow.getHandle(app.workflowId);
    await expect(eventually(async () => handle.query<string>('__stack_trace').catch((e: Error) => `refused: ${e.message}`))).resolves.toMatch(
      /refused: .*stack traces are not enabled/i,
    );
    const approved = await s.request('POST', `/v1/applications/${app.id}/review`, { token: tokens(s).reviewer, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body.workOrderId).toEqual(expect.any(String));
  });
});
