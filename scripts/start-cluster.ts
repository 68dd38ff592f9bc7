// `npm run start:cluster`: the production engine on this machine — PostgreSQL (embedded under
// DATA_DIR/cluster/pg, or DATABASE_URL's server), Temporal's frontend, matching, worker and two
// history services as separate processes (cluster/temporal.yaml), the Web UI, two APIs and two
// workers of ours. Ctrl-C stops everything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLayout, startCluster } from '../platform/cluster.js';
import { assertPortsFree, portInUse } from '../platform/ports.js';
import { StartupError } from '../platform/startup-error.js';
import { authSecret, cookieSecret } from '../platform/secret.js';
import { configure, runUntilSignal } from './run-until-signal.js';

const { config, log } = configure();
const dir = join(config.dataDir, 'cluster');
const layout = defaultLayout();

await runUntilSignal(log, async () => {
  await assertPortsFree([
    ...layout.nodes.flatMap((n) => [
      { host: '127.0.0.1', port: n.grpcPort, what: `Temporal ${n.name}`, setting: 'defaultLayout in platform/cluster.ts' },
      { host: '127.0.0.1', port: n.membershipPort, what: `Temporal ${n.name} membership`, setting: 'defaultLayout in platform/cluster.ts' },
    ]),
    ...layout.apiPorts.map((port) => ({ host: '127.0.0.1', port, what: 'an API', setting: 'defaultLayout in platform/cluster.ts' })),
    { host: '127.0.0.1', port: layout.uiPort!, what: 'the Temporal Web UI', setting: 'defaultLayout in platform/cluster.ts' },
  ]);
  // The embedded PostgreSQL's port: ours if a killed run left it serving our data directory, anyone else's refused.
  const pgDir = join(dir, 'pg');
  if (!config.env.DATABASE_URL && (await portInUse('127.0.0.1', config.env.EMBEDDED_PG_PORT)) && !servesDirectory(pgDir)) {
    throw new StartupError(
      `port ${config.env.EMBEDDED_PG_PORT} (PostgreSQL) is in use by another server — is \`npm start\` running? Stop it, or set EMBEDDED_PG_PORT.`,
    );
  }
  const started = Date.now();
  const cluster = await startCluster({
    dir,
    layout,
    temporal: config.temporal,
    databaseUrl: config.env.DATABASE_URL,
    pgPort: config.env.EMBEDDED_PG_PORT,
    // One secret for both APIs (each would otherwise generate its own).
    serviceEnv: {
      AUTH_SECRET: authSecret(config.env, config.dataDir),
      COOKIE_SECRET: cookieSecret(config.env, config.dataDir),
      ...(config.env.SMS_GATEWAY_URL ? { SMS_GATEWAY_URL: config.env.SMS_GATEWAY_URL } : {}),
    },
    ui: true,
    log,
    progress: (line) => log.info(line),
  });
  const temporal = [...cluster.temporal.keys()]
    .map((name) => `  Temporal ${name.padEnd(10)} 127.0.0.1:${layout.nodes.find((n) => n.name === name)!.grpcPort} (pid ${cluster.temporal.get(name)!.pid()})`)
    .join('\n');
  console.log(
    [
      '',
      ...cluster.apiUrls.map((url, i) => `  API ${i + 1}        ${url}   (console ${url}/, docs ${url}/docs)`),
      `  Temporal     ${cluster.frontendAddress} (frontend; TEMPORAL_ADDRESS for clients)`,
      `  Temporal UI  ${cluster.uiUrl ?? '(none)'}`,
      temporal,
      `  PostgreSQL   ${cluster.databaseUrl.replace(/:[^:@/]*@/, ':***@')} (+ temporal, temporal_visibility)`,
      `  logs         ${cluster.logDir}`,
      `  token        npm run --silent token -- --org jinan --role office --user jinan-agent-1`,
      `  up in ${Math.round((Date.now() - started) / 1000)} s; Ctrl-C stops everything`,
      '',
    ].join('\n'),
  );
  return () => cluster.stop();
});

/** Whether the PostgreSQL whose pid file is in `dataDir` is running (left behind by a killed run). */
function servesDirectory(dataDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
  } catch {
    return false;
  }
}
