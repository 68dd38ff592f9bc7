// The performance facts from the command line: npm run performance -- rebuild [--order <id> …] | check
//   rebuild  rewrites every work order's facts from its history (after a migration, a calendar
//            change in the policy, or the record edited by hand); --order for some orders only
//   check    recounts every order's facts from its history and lists the orders whose kept facts
//            differ, and recounts the daily counts from the facts (exit 1 if anything differs)
// Connects like the service (DATABASE_URL, else the local stack's embedded PostgreSQL); the
// calendars and clock rules are the policy in force (POLICY_FILE, config/policy.yaml).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { casePolicyOf } from '../config/policy.js';
import { connectDb } from '../db/client.js';
import { checkFacts, dailyDiffers, factCount, rebuildFacts } from '../db/performance.js';
import { createLogger } from '../platform/logger.js';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { order: { type: 'string', multiple: true }, batch: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const command = positionals[0];
if (command !== 'rebuild' && command !== 'check') {
  console.log('usage: npm run performance -- rebuild [--order <workOrderId> …] [--batch <n>] | check [--json]');
  process.exit(2);
}
const config = loadConfig();
const log = createLogger(config.env.LOG_LEVEL, 'performance');
const databaseUrl = config.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/postal_bpm`;
const db = connectDb(databaseUrl, { max: 2, applicationName: 'postal-bpm-performance' });
const policy = casePolicyOf(config.policy);
const batch = opts.batch ? Number(opts.batch) : 1000;
const started = performance.now();
try {
  if (command === 'rebuild') {
    let done = 0;
    const result = await rebuildFacts(db.db, policy, {
      orderIds: opts.order,
      batch,
      onProgress: (n) => {
        done += n;
        if (done % 50_000 < n) log.info({ orders: done }, 'rebuilding performance facts');
      },
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    log.info({ ...result, seconds, factsKept: await factCount(db.db) }, 'performance facts rebuilt');
    console.log(opts.json ? JSON.stringify({ ...result, seconds }) : `rebuilt ${result.facts} facts of ${result.orders} work orders in ${seconds} s`);
  } else {
    const result = { ...(await checkFacts(db.db, policy, { batch })), dailyClassesDiffering: await dailyDiffers(db.db) };
    console.log(
      opts.json
        ? JSON.stringify(result)
        : [
            result.differing.length
              ? `${result.differing.length} of ${result.orders} work orders differ from a recount:\n${result.differing.join('\n')}`
              : `the facts of all ${result.orders} work orders equal a recount of their history`,
            result.dailyClassesDiffering
              ? `${result.dailyClassesDiffering} daily counts differ from a recount of the facts (rebuild mends them)`
              : 'the daily counts equal a recount of the facts',
          ].join('\n'),
    );
    process.exitCode = result.differing.length || result.dailyClassesDiffering ? 1 : 0;
  }
} finally {
  await db.close();
}
