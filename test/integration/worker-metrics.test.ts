// A worker on its own (`npm run start:worker`, as production runs M of them) serves its metrics in
// one scrape at WORKER_METRICS_BIND: the case counters it counts and the Temporal SDK's own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { freePort } from '../../platform/ports.js';
import { startServiceProcess, type ServiceProcess } from '../../harness/processes.js';
import { eventually, startTestService, type TestService } from '../helpers/service.js';
import { approve, createApplication } from '../helpers/fixtures.js';

let api: TestService;
let worker: ServiceProcess;
let metricsUrl: string;
beforeAll(async () => {
  const taskQueue = `worker-metrics-${randomUUID()}`;
  // The API in this process, without a worker; the worker as its own process on the same queue.
  api = await startTestService({ worker: false, taskQueue });
  const bind = `127.0.0.1:${await freePort()}`;
  metricsUrl = `http://${bind}/metrics`;
  worker = await startServiceProcess({
    kind: 'worker',
    logFile: join(mkdtempSync(join(tmpdir(), 'worker-metrics-')), 'worker.log'),
    env: {
      LOCAL_MODE: 'true',
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE: inject('bundlePath'),
      WORKER_METRICS_BIND: bind,
    },
  });
}, 150_000);
afterAll(async () => {
  await worker?.stop();
  await api?.stop();
});

it('serves the case counters it counted and the SDK metrics in one scrape', async () => {
  const app = await createApplication(api);
  await approve(api, app.id);
  const text = await eventually(async () => {
    const body = await (await fetch(metricsUrl)).text();
    return /bpm_transitions_total\{kind="application",action="approved"\} [1-9]/.test(body) ? body : undefined;
  });
  expect(text).toMatch(/bpm_cases_opened_total\{kind="workOrder"\} [1-9]/);
  expect(text).toMatch(/^temporal_\w+/m); // the SDK exporter's, appended
  expect(text).toMatch(/^process_cpu_seconds_total/m);
  expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
});
