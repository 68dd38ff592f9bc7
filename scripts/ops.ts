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
import { auditReplay, findStuckPage, reconcile, replayTargets, resetWorkflow, retryActivities, type ResetTarget, type StuckRow } from '../api/services/ops.js';
import { previewBatch, resetBatch } from '../api/services/ops-batch.js';
import { replayHistories } from '../activities/replay.js';
import { workflowSource } from '../platform/worker.js';
import { casePolicyOf } from '../config/policy.js';
import type { Actor } from '../domain/vocabulary.js';

const USAGE = `usage: npm run ops -- <command> [options]
  stuck [--grace <seconds>] [--limit <n>] [--pages <n>] [--cursor <c>]
                                                    workflows past a deadline, failing, or out of step with the database;
                                                    checks every running workflow, --limit per page (--pages bounds the pages)
  retry <workflowId> [--reason <text>]              run a workflow's failing activities again now
  reset <workflowId> --to <last-workflow-task|first-workflow-task|eventId> --reason <text>
  reset --query <visibility query> --to … --reason … [--confirm <n>]
                                                    batch reset (e.g. after a bad deploy) of this service's case workflows:
                                                    without --confirm it shows how many match; --confirm <that count> resets them;
                                                    the same command again resumes
  reset --resume <batchId>                          resume an interrupted batch reset
                                                    (--concurrency <n>: resets at a time, default 8)
  replay [<workflowId> …] [--query <q>] [--limit <n>] [--reason <text>]  replay histories against the current code
  reconcile <workflowId> [--reason <text>]          rewrite the database row from the workflow's state
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
    pages: { type: 'string' },
    cursor: { type: 'string' },
    resume: { type: 'string' },
    concurrency: { type: 'string' },
    confirm: { type: 'string' },
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
      // Page after page until every running workflow is checked (or --pages), progress on stderr.
      const rows: StuckRow[] = [];
      const started = Date.now();
      let cursor = opts.cursor;
      let scanned = 0;
      for (let page = 1; ; page++) {
        const p = await findStuckPage(ctx, { graceMs: Number(opts.grace ?? 60) * 1000, limit: Number(opts.limit ?? 500), cursor });
        rows.push(...p.rows);
        scanned += p.scanned;
        cursor = p.cursor;
        progress(`page ${page}: ${scanned} running workflows checked, ${rows.length} stuck so far, ${((Date.now() - started) / 1000).toFixed(1)} s`);
        if (!cursor || (opts.pages && page >= Number(opts.pages))) break;
      }
      rows.sort((a, b) => a.since.localeCompare(b.since));
      out(
        { rows, scanned, nextCursor: cursor ?? null },
        () =>
          table(rows as unknown as Record<string, unknown>[], ['since', 'reason', 'kind', 'workflowId', 'detail']) +
          `\n${rows.length} stuck; ${scanned} running workflows checked${cursor ? `; more: --cursor ${cursor}` : ''}`,
      );
      break;
    }
    case 'retry': {
      const r = await retryActivities(ctx, actor, args[0] ?? '', opts.reason);
      out(r, () => `asked ${r.retried.length} activit${r.retried.length === 1 ? 'y' : 'ies'} of ${r.workflowId} to run now: ${r.retried.join(', ')}`);
      break;
    }
    case 'reset': {
      if (opts.resume || opts.query) {
        if (!opts.resume && !opts.reason) throw new Error('--reason is required');
        if (opts.query && opts.confirm === undefined) {
          // A preview: how many would be reset. Nothing is done without --confirm <that count>.
          const p = await previewBatch(ctx, opts.query);
          out(p, () => `${p.matched} workflows match (e.g. ${p.sample.join(', ') || 'none'})\nto reset them: the same command with --confirm ${p.matched}`);
          process.exitCode = 2;
          break;
        }
        let last = 0;
        const r = await resetBatch(
          ctx,
          actor,
          opts.resume ? { resume: opts.resume } : { query: opts.query!, to: target(opts.to), reason: opts.reason!, confirm: Number(opts.confirm) },
          (p, item) => {
            if (item?.error) progress(`  ${item.workflowId} FAILED: ${item.error}`);
            const done = p.reset + p.skipped + p.failed;
            if (Date.now() - last < 1_000 && done < p.matched) return;
            last = Date.now();
            progress(
              `[batch ${p.batchId}${p.resumed ? ', resumed' : ''}] ${p.listed || item ? `${done}/${p.matched} done` : `listing: ${p.matched} matched so far`}` +
                ` (${p.reset} reset, ${p.skipped} already reset, ${p.failed} failed)`,
            );
          },
          Number(opts.concurrency ?? 8),
        );
        out(r, () => `batch ${r.batchId}: ${r.reset} of ${r.matched} workflows reset, ${r.skipped} already reset, ${r.failed} failed`);
      } else {
        if (!opts.reason) throw new Error('--reason is required');
        const r = await resetWorkflow(ctx, actor, args[0] ?? '', target(opts.to), opts.reason, { syncRecord: true });
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
      const source = workflowSource(config.env.WORKFLOW_BUNDLE);
      const results = await replayHistories(ctx.temporal, source, ids, (r) => progress(`[${++n}] ${r.deterministic ? 'ok  ' : 'FAIL'} ${r.workflowId}`));
      await auditReplay(ctx, actor, { workflowIds: args.length ? args : undefined, query: opts.query, reason: opts.reason }, results);
      const bad = results.filter((r) => !r.deterministic);
      out(
        { replayed: results.length, deterministic: results.length - bad.length, results },
        () => `${results.length} replayed, ${bad.length} non-deterministic\n${bad.length ? table(bad as never, ['workflowId', 'runId', 'error']) : ''}`,
      );
      if (bad.length) process.exitCode = 1;
      break;
    }
    case 'reconcile': {
      const r = await reconcile(ctx, actor, args[0] ?? '', opts.reason);
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
