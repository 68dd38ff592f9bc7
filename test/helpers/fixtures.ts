import { Client, Connection } from '@temporalio/client';
import type { ServiceContext } from '../../api/context.js';
import { createApplicationBody } from '../../api/schemas/applications.js';
import { createApplication as createApplicationService } from '../../api/services/applications.js';
import { parsePolicy } from '../../config/policy.js';
import { createLogger } from '../../platform/logger.js';
import type { TestService } from './service.js';
import { eventually, mailNumber, testPolicy } from './service.js';

/** Tokens for people of the local directory (seeded outside production), and a system's. */
export const tokens = (s: TestService) => ({
  integration: s.token('integration', 'province'),
  office: s.token('office', 'jinan', 'jinan-agent-1'),
  otherOffice: s.token('office', 'qingdao', 'qingdao-agent-1'),
  reviewer: s.token('reviewer', 'province', 'reviewer-1'),
  handler: s.token('handler', 'dept-operations', 'dept-operations-handler-1'),
  otherHandler: s.token('handler', 'dept-delivery', 'dept-delivery-handler-1'),
  supervisor: s.token('supervisor', 'province', 'supervisor-1'),
  ops: s.token('ops', 'province', 'ops-1'),
});

export async function registerMailItem(s: TestService, options: { org?: string; number?: string; externalDispatches?: unknown[]; businessType?: string } = {}) {
  const number = options.number ?? mailNumber();
  const res = await s.request('PUT', `/v1/mail-items/${number}`, {
    token: s.token('integration', 'province'),
    body: {
      collectingOrg: options.org ?? 'jinan',
      businessType: options.businessType ?? 'express_parcel',
      acceptedAt: new Date().toISOString(),
      externalDispatches: options.externalDispatches ?? [],
    },
  });
  if (res.status !== 200) throw new Error(`mail item: ${res.status} ${JSON.stringify(res.body)}`);
  return number;
}

export const applicationBody = (mail: string, extra: Record<string, unknown> = {}) => ({
  mailNumber: mail,
  businessType: 'express_parcel',
  problemCategory: 'delay',
  demand: '客户要求尽快投递',
  customer: { name: '张三', phone: '13900000000' },
  ...extra,
});

export async function createApplication(s: TestService, extra: Record<string, unknown> = {}, token = tokens(s).office) {
  const mail = (extra.mailNumber as string) ?? (await registerMailItem(s));
  const res = await s.request('POST', '/v1/applications', { token, body: applicationBody(mail, extra) });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: string; mailNumber: string; workflowId: string; status: string };
}

/**
 * Waits until each workflow has completed its first workflow task (so it can be queried, reset to
 * it, and found by visibility). The 'created' history entry is no sign of it: the API writes that
 * when it reserves the application, before the workflow runs.
 */
export async function untilWorkflowsRan(s: TestService, workflowIds: string[], timeoutMs = 20_000) {
  await eventually(async () => {
    const lengths = await Promise.all(workflowIds.map(async (id) => (await s.client.workflow.getHandle(id).describe()).historyLength));
    return lengths.every((n) => n >= 4); // started, task scheduled, started, completed
  }, timeoutMs);
}

/**
 * A create through an API whose Temporal connection is dead: the application commits, its workflow
 * start is owed (pending_starts), on `taskQueue` (default: the service's own, which its sweeper serves).
 */
export async function createWhileTemporalDown(s: TestService, mail: string, o: { key?: string; taskQueue?: string } = {}) {
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] }) });
  const ctx: ServiceContext = {
    db: s.db.db,
    temporal,
    taskQueue: o.taskQueue ?? s.taskQueue,
    policy: testPolicy(),
    attachments: parsePolicy({}).attachments,
    log: createLogger('silent'),
  };
  const actor = { userId: 'jinan-agent-1', org: 'jinan', role: 'office' as const };
  return createApplicationService(ctx, actor, createApplicationBody.parse(applicationBody(mail)), o.key);
}

export async function approve(s: TestService, applicationId: string) {
  const res = await s.request('POST', `/v1/applications/${applicationId}/review`, { token: tokens(s).reviewer, body: { decision: 'approve' } });
  if (res.status !== 200) throw new Error(`approve: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { workOrderId: string; workOrderNumber: string };
}

/** One case of each kind (an application, its work order, an escalation on it) and a free mail item. */
export async function oneOfEachCase(s: TestService) {
  const app = await createApplication(s);
  const { workOrderId } = await approve(s, app.id);
  const esc = await s.request('POST', '/v1/escalations', {
    token: tokens(s).supervisor,
    body: { subjectType: 'workOrder', subjectId: workOrderId, reason: 'fixture' },
  });
  return { app: app.id, order: workOrderId, escalation: esc.body.id as string, mail: await registerMailItem(s) };
}
