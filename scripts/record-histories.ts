// Records real histories of every workflow type (on a throw-away real Temporal server and
// PostgreSQL, driven through the HTTP API) into test/fixtures/histories/. The replay test runs
// the current code over them in CI: a change that breaks running workflows fails the build.
//   npx tsx scripts/record-histories.ts [suffix]
//   RECORD=case-desk-clocks,absence-leave npx tsx scripts/record-histories.ts   (write only these: keep
//   the histories recorded by earlier versions, which prove that running cases of theirs still replay)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createSigner } from 'fast-jwt';
import { loadConfig } from '../config/index.js';
import { casePolicyOf, parsePolicy } from '../config/policy.js';
import { createLogger } from '../platform/logger.js';
import { startEphemeralStack } from '../harness/ephemeral-stack.js';
import { startService } from '../platform/service.js';
import { installRuntime } from '../platform/worker.js';
import { findTemporalCli } from '../platform/temporal-cli.js';

const suffix = process.argv[2] ? `-${process.argv[2]}` : '';
const log = createLogger('warn', 'record');
installRuntime(log);
const stack = await startEphemeralStack(log);
// Whatever happens, leave no server behind.
process.on('exit', () => void stack.server.process.kill('SIGKILL'));
process.on('uncaughtException', (e) => {
  console.error(e);
  void stack.stop().finally(() => process.exit(1));
});
process.on('unhandledRejection', (e) => {
  console.error(e);
  void stack.stop().finally(() => process.exit(1));
});
const secret = 'r'.repeat(40);
const config = loadConfig({
  NODE_ENV: 'test',
  LOCAL_MODE: 'true',
  LOG_LEVEL: 'warn',
  DATABASE_URL: stack.databaseUrl,
  TEMPORAL_ADDRESS: stack.temporalAddress,
  AUTH_SECRET: secret,
  COOKIE_SECRET: 'c'.repeat(40),
});
const policy = casePolicyOf(
  parsePolicy({
    application: { reviewDeadline: '3s', returnedActionDeadline: '1h' },
    workOrder: {
      reactivationWindow: '1s',
      // The desk and clocks scenario: short clocks that warn, on a department that assigns in turn.
      byCategory: [{ category: 'delivery_service', response: '20s', resolution: '8s', clock: 'calendar' }],
      routing: { byCategory: { delivery_service: 'dept-delivery' } },
    },
    desk: { departments: { 'dept-delivery': { assignment: 'round_robin', refuseWindow: '1s' } } },
    clocks: { warnings: { resolution: [{ at: '10%', to: ['assignee', 'lead'] }], level: [{ at: '80%', to: ['level'] }] } },
    escalation: {
      ladder: [
        { name: 'l1', role: 'supervisor', org: 'provincial', limit: '1s' },
        { name: 'l2', role: 'admin', org: 'provincial', limit: '1h' },
      ],
    },
  }),
);
const service = await startService(config, stack, log, { api: true, worker: true, taskQueue: 'record', policy });
const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: '1h' });
const tok = (role: string, org: string, sub = `${role}-${org}`) => sign({ sub, org, role });
// People of the local directory (the return SMS goes to the agent's phone there).
const T = {
  i: tok('integration', 'province'),
  o: tok('office', 'jinan', 'jinan-agent-1'),
  r: tok('reviewer', 'province', 'reviewer-1'),
  h: tok('handler', 'dept-operations', 'dept-operations-handler-1'),
  s: tok('supervisor', 'province', 'supervisor-1'),
};
let n = 0;
async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await service.app!.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: body as object });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
async function application(problemCategory = 'delay') {
  const mail = `REC${Date.now()}${n++}`;
  await call('PUT', `/v1/mail-items/${mail}`, T.i, { collectingOrg: 'jinan', businessType: 'express_parcel', acceptedAt: new Date().toISOString() });
  return call('POST', '/v1/applications', T.o, {
    mailNumber: mail,
    businessType: 'express_parcel',
    problemCategory,
    demand: '录制',
    customer: { name: '张三', phone: '13900000000' },
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitClosed = async (workflowId: string) => {
  for (let i = 0; i < 100; i++) {
    if ((await service.client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING') return;
    await sleep(200);
  }
  throw new Error(`${workflowId} still running`);
};

const recorded: Record<string, string> = {};
// 1. return → resubmit → approve; its work order (same workflow) is urged, appended, closed not
//    meeting the standard, reactivated, closed, visited; the reactivation window ends.
const a1 = await application();
await call('POST', `/v1/applications/${a1.id}/review`, T.r, { decision: 'return', reason: '资料不全' });
await call('POST', `/v1/applications/${a1.id}/resubmit`, T.o, { demand: '补充资料' });
const approved = await call('POST', `/v1/applications/${a1.id}/review`, T.r, { decision: 'approve' });
recorded['case-returned-resubmitted-approved-reactivated'] = a1.workflowId;
// 2. return → abandon
const a2 = await application();
await call('POST', `/v1/applications/${a2.id}/review`, T.r, { decision: 'return', reason: '重复' });
await call('POST', `/v1/applications/${a2.id}/abandon`, T.o, { reason: '客户撤诉' });
recorded['application-abandoned'] = a2.workflowId;
// 3. review overdue → escalation → approve
const a3 = await application();
await sleep(4_000);
const approved3 = await call('POST', `/v1/applications/${a3.id}/review`, T.r, { decision: 'approve' });
recorded['application-review-overdue'] = a3.workflowId;
recorded['escalation-application-climbed-resolved'] = `escalation-application-${a3.id}`;
const wo = approved.workOrderId;
await call('POST', `/v1/work-orders/${wo}/urge`, T.o, { note: '催' });
await call('POST', `/v1/work-orders/${wo}/append`, T.o, { info: '补充' });
await call('POST', `/v1/work-orders/${wo}/accept`, T.h, {});
await call('POST', `/v1/work-orders/${wo}/reply`, T.h, { result: '已处理', customerAccepted: false });
await call('POST', `/v1/work-orders/${wo}/close`, T.r, { meetsStandard: false });
await call('POST', `/v1/work-orders/${wo}/reactivate`, T.o, { reason: '不满意' });
await call('POST', `/v1/work-orders/${wo}/accept`, T.h, {});
await call('POST', `/v1/work-orders/${wo}/reply`, T.h, { result: '二次处理', customerAccepted: true });
await call('POST', `/v1/work-orders/${wo}/close`, T.r, { meetsStandard: true });
await call('POST', `/v1/work-orders/${wo}/return-visit`, T.r, { satisfaction: 4 });
// 5. escalation by hand: acknowledge, raise, resolve
const esc = await call('POST', '/v1/escalations', T.s, { subjectType: 'workOrder', subjectId: approved3.workOrderId, reason: '疑难' });
await call('POST', `/v1/escalations/${esc.id}/acknowledge`, T.s, { note: '已接手' });
await call('POST', '/v1/escalations', T.r, { subjectType: 'workOrder', subjectId: approved3.workOrderId, reason: '再次投诉' });
await sleep(500);
await call('POST', `/v1/escalations/${esc.id}/resolve`, T.s, { note: '完毕' });
recorded['escalation-work-order-by-hand'] = esc.workflowId;
// …and that case's order is answered and closed, so its workflow ends after the window.
await call('POST', `/v1/work-orders/${approved3.workOrderId}/accept`, T.h, {});
await call('POST', `/v1/work-orders/${approved3.workOrderId}/reply`, T.h, { result: '已处理', customerAccepted: true });
await call('POST', `/v1/work-orders/${approved3.workOrderId}/close`, T.r, { meetsStandard: true });
// 6. an ops replay job
const job = await call('POST', '/v1/ops/replay', tok('ops', 'province', 'ops-1'), { workflowIds: [a2.workflowId] });
if (job.deterministic !== 1) throw new Error(`replay job: ${JSON.stringify(job)}`);
for await (const w of service.client.workflow.list({ query: `WorkflowType = 'replayWorkflow'` })) recorded['ops-replay-job'] = w.workflowId;

// 7. the department desk and the clocks: assigned in turn, accepted, warned, paused and resumed,
//    asked and answered, an internal note, transferred and refused back, released and claimed,
//    replied, closed; and an order sent back to the reviewer and re-dispatched; and a leave.
const hd = tok('handler', 'dept-delivery', 'dept-delivery-handler-1');
const ho = tok('handler', 'dept-operations', 'dept-operations-handler-1');
const a7 = await application('delivery_service');
const desk = await call('POST', `/v1/applications/${a7.id}/review`, T.r, { decision: 'approve' });
const d = desk.workOrderId;
for (let i = 0; i < 50 && !(await call('GET', `/v1/work-orders/${d}`, T.r)).assignee; i++) await sleep(100);
await call('POST', `/v1/work-orders/${d}/accept`, hd, {});
await sleep(1_200); // the resolution clock's 10 % warning
await call('POST', `/v1/work-orders/${d}/pause`, hd, { reasonCategory: '等待第三方', reason: '等待海关', until: new Date(Date.now() + 60_000).toISOString() });
await call('POST', `/v1/work-orders/${d}/resume`, hd, {});
await call('POST', `/v1/work-orders/${d}/ask`, hd, { question: '请提供收件地址' });
await call('POST', `/v1/work-orders/${d}/append`, T.o, { info: '新地址：历下区' });
await call('POST', `/v1/work-orders/${d}/note`, hd, { note: '客户着急' });
await call('POST', `/v1/work-orders/${d}/transfer`, hd, { to: 'dept-operations', reasonCategory: '其他', reason: '需运营处理' });
await call('POST', `/v1/work-orders/${d}/refuse-transfer`, ho, { reason: '非本部门职责' });
await call('POST', `/v1/work-orders/${d}/release`, hd, {});
await call('POST', `/v1/work-orders/${d}/claim`, hd, {});
await call('POST', `/v1/work-orders/${d}/reply`, hd, { result: '已投递', customerAccepted: true });
await call('POST', `/v1/work-orders/${d}/close`, T.r, { meetsStandard: true });
recorded['case-desk-clocks'] = a7.workflowId;
const a8 = await application();
const misrouted = await call('POST', `/v1/applications/${a8.id}/review`, T.r, { decision: 'approve' });
await call('POST', `/v1/work-orders/${misrouted.workOrderId}/return-to-reviewer`, T.h, { reason: '应由投递部处理' });
await call('POST', `/v1/work-orders/${misrouted.workOrderId}/redispatch`, T.r, { to: 'dept-claims' });
const hc = tok('handler', 'dept-claims', 'dept-claims-handler-1');
await call('POST', `/v1/work-orders/${misrouted.workOrderId}/accept`, hc, {});
await call('POST', `/v1/work-orders/${misrouted.workOrderId}/reply`, hc, { result: '已处理', customerAccepted: true });
await call('POST', `/v1/work-orders/${misrouted.workOrderId}/close`, T.r, { meetsStandard: true });
recorded['case-misrouted-redispatched'] = a8.workflowId;
recorded['escalation-level-warnings'] = `escalation-application-${a3.id}`;
const leave = await call('POST', '/v1/absences', hd, {
  userId: 'dept-delivery-handler-1',
  startsAt: new Date(Date.now() + 500).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
});
recorded['absence-leave'] = `absence-${leave.id}`;

const only = process.env.RECORD?.split(',');
mkdirSync('test/fixtures/histories', { recursive: true });
for (const [name, workflowId] of Object.entries(recorded).filter(([name]) => !only || only.includes(name))) {
  await waitClosed(workflowId);
  // The CLI writes the canonical JSON form that the SDK's replayer reads back.
  const json = execFileSync(
    findTemporalCli(config.temporal.devServer.cliVersion)!.path,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', stack.temporalAddress, '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const file = join('test/fixtures/histories', `${name}${suffix}.json`);
  writeFileSync(file, json.endsWith('\n') ? json : `${json}\n`);
  console.log(`recorded ${file} (${JSON.parse(json).events.length} events)`);
}
await service.stop();
await stack.stop();
