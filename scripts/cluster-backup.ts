// The cluster's PostgreSQL (the record, temporal, temporal_visibility) backed up and restored as one:
//   npm run cluster:backup -- <dir>     online, while the cluster runs (platform/cluster-backup.ts)
//   npm run cluster:restore -- <dir>    into DATA_DIR/cluster/pg, with the cluster stopped; then npm run start:cluster
// For a PostgreSQL of your own (DATABASE_URL), use its tools: pg_basebackup -X stream of the server's version.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { backupServer, restoreServer } from '../platform/cluster-backup.js';

const [command, target] = process.argv.slice(2);
const config = loadConfig();
const dataDir = join(config.dataDir, 'cluster', 'pg');
if (!target || !['backup', 'restore'].includes(command ?? '')) {
  console.error('usage: npm run cluster:backup -- <dir> | npm run cluster:restore -- <dir>');
  process.exit(2);
}
if (config.env.DATABASE_URL) {
  console.error('DATABASE_URL names a PostgreSQL of your own: back it up with its tools (pg_basebackup -X stream of its version)');
  process.exit(2);
}
if (command === 'backup') {
  const admin = `postgres://postgres:postgres@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/postgres`;
  const r = await backupServer(admin, dataDir, resolve(target));
  console.log(
    `backed up ${dataDir} to ${r.dir}: ${Math.round(r.bytes / 2 ** 20)} MiB, WAL ${r.startLsn} → ${r.stopLsn}, ${(r.finishedAt.getTime() - r.startedAt.getTime()) / 1000} s`,
  );
} else {
  if (existsSync(dataDir)) {
    console.error(`${dataDir} exists: stop the cluster and move it away first (the restore never overwrites)`);
    process.exit(1);
  }
  restoreServer(resolve(target), dataDir);
  console.log(`restored ${target} into ${dataDir}; npm run start:cluster starts on it (PostgreSQL replays the backup's WAL first)`);
}
