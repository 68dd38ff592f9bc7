// What the rehearsals share: a cluster on free ports in a temporary directory (the same
// startCluster as `npm run start:cluster`), an SMS gateway, a client that calls the API with the
// driver's tokens, short-policy APIs for deadlines that must fall due during a fault, and checks
// on the workers' logs.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadTemporalConfig } from '../../config/temporal.js';
import { createLogger } from '../../platform/logger.js';
import { startCluster, type Cluster, type ClusterLayout } from '../../platform/cluster.js';
import { freePort } from '../../platform/ports.js';
import { freeLayout } from '../../harness/cluster-layout.js';
import { driverTokens } from '../../harness/lifecycle-driver.js';
import { startServiceProcess, type ServiceProcess } from '../../harness/processes.js';
import { startGateway, type TestGateway } from '../helpers/sms-gateway.js';

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Rehearsal {
  dir: string;
  cluster: Cluster;
  layout: ClusterLayout;
  gateway: TestGateway;
  secret: string;
  api: ApiClient;
  /** An API of ours with `policy` overrides (e.g. a review deadline of seconds), on the cluster. */
  shortPolicyApi(name: string, policyYaml: (text: string) => string): Promise<ServiceProcess>;
  /** Our workers' log lines matching `pattern`, from every worker log of the cluster. */
  workerLogMatches(pattern: RegExp): string[];
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  stop(keepDir?: boolean): Promise<void>;
}

export async function startRehearsal(name: string, options: { dir?: string; layout?: ClusterLayout; pgPort?: number } = {}): Promise<Rehearsal> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `postal-bpm-${name}-`));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user and must reach its data directory
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', name);
  const layout = options.layout ?? (await freeLayout());
  const gateway = await startGateway();
  const secret = randomBytes(32).toString('hex');
  const cluster = await startCluster({
    dir,
    layout,
    temporal: loadTemporalConfig('temporal.yaml'),
    pgPort: options.pgPort ?? (await freePort()),
    serviceEnv: { AUTH_SECRET: secret, SMS_GATEWAY_URL: gateway.url, RATE_LIMIT_PER_MINUTE: '1000000' },
    log,
    progress: (line) => log.info(line),
  });
  const extra: ServiceProcess[] = [];
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 4 });
  return {
    dir,
    cluster,
    layout,
    gateway,
    secret,
    api: apiClient(cluster.apiUrls, secret),
    async shortPolicyApi(apiName, edit) {
      const policyFile = join(dir, `${apiName}-policy.yaml`);
      writeFileSync(policyFile, edit(readFileSync('config/policy.yaml', 'utf8')));
      const p = await startServiceProcess({
        kind: 'api',
        env: { ...cluster.serviceEnv, POLICY_FILE: policyFile },
        port: await freePort(),
        logFile: join(cluster.logDir, `${apiName}.log`),
      });
      extra.push(p);
      return p;
    },
    workerLogMatches(pattern) {
      return readdirSync(cluster.logDir)
        .filter((f) => f.startsWith('worker-'))
        .flatMap((f) => readFileSync(join(cluster.logDir, f), 'utf8').match(new RegExp(pattern, 'g')) ?? []);
    },
    query: async (text, values) => (await pool.query(text, values)).rows,
    async stop(keepDir = !!process.env.CLUSTER_KEEP) {
      await Promise.allSettled(extra.map((p) => p.stop()));
      await pool.end();
      await cluster.stop();
      await gateway.close();
      if (keepDir) console.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Calls the API as the driver's people; throws on anything but 2xx. */
export function apiClient(urls: string[], secret: string) {
  const t = driverTokens(secret);
  let rr = 0;
  const call = async <T = unknown>(method: string, path: string, token: string, body?: unknown, base?: string): Promise<T> => {
    const res = await fetch((base ?? urls[rr++ % urls.length]) + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await res.json().catch(() => null);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(answer)?.slice(0, 300)}`);
    return answer as T;
  };
  return {
    tokens: t,
    call,
    /** A new application (its mail item registered first); `base` picks one API (e.g. a short-policy one). */
    async open(mailNumber: string, base?: string): Promise<{ id: string; workflowId: string }> {
      await call(
        'PUT',
        `/v1/mail-items/${mailNumber}`,
        t.integration,
        { collectingOrg: 'jinan', businessType: 'express_parcel', acceptedAt: new Date().toISOString(), externalDispatches: [] },
        base,
      );
      return call<{ id: string; workflowId: string }>(
        'POST',
        '/v1/applications',
        t.office,
        { mailNumber, businessType: 'express_parcel', problemCategory: 'delay', demand: '客户要求尽快投递', customer: { name: '张三', phone: '13900000000' } },
        base,
      );
    },
    approve: (id: string) => call<{ workOrderId: string }>('POST', `/v1/applications/${id}/review`, t.reviewer, { decision: 'approve' }),
    returnIt: (id: string) => call('POST', `/v1/applications/${id}/review`, t.reviewer, { decision: 'return', reason: '请补充客户联系方式' }),
    resubmit: (id: string) => call('POST', `/v1/applications/${id}/resubmit`, t.office, { description: '已补充' }),
    accept: (order: string) => call('POST', `/v1/work-orders/${order}/accept`, t.handler, {}),
    reply: (order: string) => call('POST', `/v1/work-orders/${order}/reply`, t.handler, { result: '已联系客户, 邮件已投递', customerAccepted: true }),
    close: (order: string) => call('POST', `/v1/work-orders/${order}/close`, t.reviewer, { meetsStandard: true }),
  };
}

/** Waits until `check` gives a truthy value (or fails after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (error) {
      last = error;
    }
    await pause(1_000);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** History actions per case, for the cases whose mail numbers start with `prefix`. */
export async function actionsByMail(r: Rehearsal, prefix: string): Promise<Map<string, string[]>> {
  const rows = await r.query<{ mail_number: string; action: string }>(
    `select a.mail_number, h.action from applications a join history h on h.case_id = a.id where a.mail_number like $1 order by h.id`,
    [`${prefix}%`],
  );
  const out = new Map<string, string[]>();
  for (const row of rows) out.set(row.mail_number, [...(out.get(row.mail_number) ?? []), row.action]);
  return out;
}
