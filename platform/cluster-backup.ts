// Backup and restore of the cluster's PostgreSQL server as one unit: the record, `temporal` and
// `temporal_visibility` at a single WAL position, so the record and the engine agree after a
// restore. A physical base backup with PostgreSQL's low-level API (what pg_basebackup does over
// the replication protocol; the embedded server ships no client tools, and Debian's PG 15
// pg_basebackup refuses a PG 18 server): pg_backup_start, a copy of the data directory,
// pg_backup_stop, then the WAL written meanwhile — kept from recycling by a temporary slot.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, type Dirent, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface BackupResult {
  dir: string;
  startLsn: string;
  stopLsn: string;
  startedAt: Date;
  finishedAt: Date;
  bytes: number;
}

/** Files a base backup leaves out (PostgreSQL's own list, as pg_basebackup). */
const SKIP = new Set(['postmaster.pid', 'postmaster.opts', 'pg_internal.init']);
const EMPTY_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
/** Temporary files a running server makes and removes (a WAL segment being created, sort spill files). */
const TEMPORARY = /^(xlogtemp\.|pgsql_tmp)/;

/**
 * Copies a directory a running server is writing, as pg_basebackup reads one: a file that vanishes
 * between the listing and the copy (a dropped relation, a recycled temporary) is left out — the
 * WAL replayed at recovery accounts for it — and temporary files are never copied.
 */
function copyLive(src: string, dest: string, keep: (rel: string) => boolean, rel = ''): void {
  mkdirSync(join(dest, rel), { recursive: true });
  let entries: Dirent[];
  try {
    entries = readdirSync(join(src, rel), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (TEMPORARY.test(entry.name) || !keep(path)) continue;
    if (entry.isDirectory()) copyLive(src, dest, keep, path);
    else
      try {
        copyFileSync(join(src, path), join(dest, path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
  }
}

/** An online backup of the whole server at `adminUrl` whose data directory is `dataDir`, into `dest`. */
export async function backupServer(adminUrl: string, dataDir: string, dest: string): Promise<BackupResult> {
  rmSync(dest, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const startedAt = new Date();
  try {
    // A temporary slot (dropped with this session) keeps every WAL segment from here on.
    await client.query(`select pg_create_physical_replication_slot('bpm_backup_' || pg_backend_pid(), true, true)`);
    const start = await client.query<{ lsn: string }>(`select pg_backup_start('postal-bpm cluster backup', true) as lsn`);
    copyLive(dataDir, dest, (rel) => {
      const [top, ...rest] = rel.split('/');
      if (SKIP.has(rel.split('/').at(-1)!)) return false;
      return !(EMPTY_DIRS.has(top!) && rest.length > 0);
    });
    const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
      `select lsn, labelfile, spcmapfile from pg_backup_stop(false)`,
    );
    const { lsn, labelfile, spcmapfile } = stop.rows[0]!;
    writeFileSync(join(dest, 'backup_label'), labelfile);
    if (spcmapfile) writeFileSync(join(dest, 'tablespace_map'), spcmapfile);
    // The WAL from the backup's start to (at least) its stop: recovery replays it to a consistent state.
    await client.query('select pg_switch_wal()');
    copyLive(join(dataDir, 'pg_wal'), join(dest, 'pg_wal'), (rel) => !rel.startsWith('archive_status/'));
    mkdirSync(join(dest, 'pg_wal', 'archive_status'), { recursive: true });
    return { dir: dest, startLsn: start.rows[0]!.lsn, stopLsn: lsn, startedAt, finishedAt: new Date(), bytes: sizeOf(dest) };
  } finally {
    await client.end();
  }
}

/** Lays a backup down as a fresh data directory (started, PostgreSQL recovers from its WAL). */
export function restoreServer(backupDir: string, dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty: restore only into a fresh directory`);
  cpSync(backupDir, dataDir, { recursive: true });
  chmodSync(dataDir, 0o700);
  // Run as root, PostgreSQL runs as the postgres user (db/embedded.ts): it must own its files.
  if (process.getuid?.() === 0) {
    const chown = spawnSync('chown', ['-R', 'postgres:postgres', dataDir]);
    if (chown.status !== 0) throw new Error(`chown -R postgres ${dataDir}: ${chown.stderr}`);
  }
}

function sizeOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, f) => sum + sizeOf(join(path, f)), 0);
}
