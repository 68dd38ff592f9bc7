// Operators' CLI over the same code as /v1/ops: npm run ops -- stuck|retry|reset|replay|reconcile …
// Human-readable tables by default, --json for machines. Connects like the service does
// (DATABASE_URL / TEMPORAL_ADDRESS, else the local stack's embedded PostgreSQL and dev server).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { createLogger } from '../platform/logger.js';
import type { ServiceContext } from '../api/context.js';
import { findStuck, reconcile, replayTargets, resetBatch, resetWorkflow, retryActivities, type ResetTarget } from '../api/services/ops.js';
import { replayHistories } from '../activities/replay.js';
import { workflowsPath } from '../platform/worker.js';
import { casePolicyOf } from '../config/policy.js';
import type { Actor } from '../domain/vocabulary.js';

const USAGE = `usage: npm run ops -- <command> [options]
  stuck [--grace <seconds>] [--limit <n>]           workflows past a deadline, failing, or out of step with the database
  retry <workflowId>                                run a workflow's failing activities again now
  reset <workflowId> --to <last-workflow-task|first-workflow-task|eventId> --reason <text>
  reset --query <visibility query> --to … --reason …   batch reset (e.g. after a bad deploy)
  replay [<workflowId> …] [--query <q>] [--limit <n>]  replay histories against the current code
  reconcile <workflowId>                            rewrite the database row from the workflow's state
  options: --json  machine-readable output`;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    grace: { type: 'string' },
    limit: { type: 'string' },
    to: { type: 'string' },
    reason: { type: 'string' },
    query: { type: 'string' },
    help: { type: 'boolean' },
  },
});
const [command, ...args] = positionals;
if (!command || opts.help) {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}

function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => text(r[c]).length))));
  const line = (cells: string[]) => cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => text(r[c]))))].join('\n');
}
const out = (value: unknown, human: () => string) => console.log(opts.json ? JSON.stringify(value, null, 2) : human());
const progress = (line: string) => {
  if (!opts.json) process.stderr.write(`${line}\n`);
};
const target = (to: string | undefined): ResetTarget => {
  if (to === 'last-workflow-task' || to === 'first-workflow-task') return to;
  if (to && /^\d+$/.test(to)) return Number(to);
  throw new Error('--to must be last-workflow-task, first-workflow-task or an event id');
};

const config = loadConfig();
const log = createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL, 'ops-cli');
const databaseUrl = config.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/postal_bpm`;
const address = config.temporal.address ?? `${config.temporal.devServer.ip}:${config.temporal.devServer.port}`;
const db = connectDb(databaseUrl, { max: 4, applicationName: 'postal-bpm-ops' });
const connection = await Connection.connect({ address, tls: config.temporal.tls || undefined });
const ctx: ServiceContext = {
  db: db.db,
  temporal: new Client({ connection, namespace: config.temporal.namespace }),
  taskQueue: config.temporal.taskQueue,
  policy: casePolicyOf(config.policy),
  attachments: config.policy.attachments,
  log,
};
const actor: Actor = { userId: `cli:${userInfo().username}`, org: config.policy.provincialOrg, role: 'ops', name: 'command line' };

try {
  switch (command) {
    case 'stuck': {
      const rows = await findStuck(ctx, { graceMs: Number(opts.grace ?? 60) * 1000, limit: Number(opts.limit ?? 500) });
      out(
        rows,
        () =>
          table(
            rows.map((r) => ({ ...r, detail: r.detail })),
            ['since', 'reason', 'kind', 'workflowId', 'detail'],
          ) + `\n${rows.length} stuck`,
      );
      break;
    }
    case 'retry': {
      const r = await retryActivities(ctx, actor, args[0] ?? '');
      out(r, () => `asked ${r.retried.length} activit${r.retried.length === 1 ? 'y' : 'ies'} of ${r.workflowId} to run now: ${r.retried.join(', ')}`);
      break;
    }
    case 'reset': {
      if (!opts.reason) throw new Error('--reason is required');
      if (opts.query) {
        const r = await resetBatch(ctx, actor, opts.query, target(opts.to), opts.reason, (done, total, id, error) =>
          progress(`[${done}/${total}] ${id} ${error ? `FAILED: ${error}` : 'reset'}`),
        );
        out(r, () => `${r.reset} of ${r.matched} workflows reset`);
      } else {
        const r = await resetWorkflow(ctx, actor, args[0] ?? '', target(opts.to), opts.reason);
        out(r, () => `reset ${r.workflowId} to event ${r.eventId}: run ${r.previousRunId} → ${r.runId}`);
      }
      break;
    }
    case 'replay': {
      let n = 0;
      // The code in this checkout (or WORKFLOW_BUNDLE), not the running workers': replay before a deploy.
      const ids = await replayTargets(ctx, {
        workflowIds: args.length ? args : undefined,
        query: opts.query,
        limit: opts.limit ? Number(opts.limit) : undefined,
      });
      const source = config.env.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: config.env.WORKFLOW_BUNDLE } } : { workflowsPath };
      const results = await replayHistories(ctx.temporal, source, ids, (r) => progress(`[${++n}] ${r.deterministic ? 'ok  ' : 'FAIL'} ${r.workflowId}`));
      const bad = results.filter((r) => !r.deterministic);
      out(
        { replayed: results.length, deterministic: results.length - bad.length, results },
        () => `${results.length} replayed, ${bad.length} non-deterministic\n${bad.length ? table(bad as never, ['workflowId', 'runId', 'error']) : ''}`,
      );
      if (bad.length) process.exitCode = 1;
      break;
    }
    case 'reconcile': {
      const r = await reconcile(ctx, actor, args[0] ?? '');
      out(r, () => `${r.workflowId}: database ${JSON.stringify(r.before)} → ${JSON.stringify(r.after)}`);
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
} catch (error) {
  const e = error as { statusCode?: number; code?: string; message: string };
  console.error(`error: ${e.code ? `${e.code}: ` : ''}${e.message}`);
  process.exitCode = 1;
} finally {
  await connection.close();
  await db.close();
}
