/**
 * Raw better-sqlite3 connections, without Prisma: all the audit threads need. Kept apart from
 * ../database.ts so a thread does not load the Prisma client (~95 ms of a thread's start-up
 * under tsx, measured with a bare worker importing each module).
 */
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";

export type SqliteDatabase = BetterSqlite3.Database;

/** `file:./data/x.db` or a bare path → a filesystem path. */
export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL, got "${url.split(":")[0]}:"`);
  }
  return url.slice("file:".length).split("?")[0]!;
}

/**
 * The database holds CRM data and chat credentials: a new data folder is 0700 and a new database
 * file 0600 (SQLite gives its -wal and -shm files the database file's mode). Existing ones are
 * left as their owner set them.
 */
function createPrivately(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, "a", 0o600));
}

export function openSqlite(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): SqliteDatabase {
  if (file !== ":memory:" && !options.readonly) createPrivately(file);
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  // WAL lets the audit worker read while the server writes; NORMAL sync is safe under WAL.
  if (!options.readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

/** Page cache of a connection that streams whole tables (see tuneForScans), in KiB. */
export const SCAN_CACHE_KIB = 64 * 1024;

/**
 * Settings for a connection that streams whole tables (the audit worker, the benchmarks).
 * SQLite's default page cache is ~2 MB: at 1M contacts (a ~0.7 GB file) every query that
 * reaches rows through an index (the reader when other workspaces share the table, the SQL
 * floor's queries) re-reads the same pages through read(2). Measured on the 1M bench file:
 * the SQL floor took 14.3 s of system time with the default cache, 10.0 s with 64 MiB and
 * 0.7 s with 256 MiB. 64 MiB is the compromise: the audit's own reader scans one workspace's
 * tables in storage order and gains little from more, while 256 MiB pushed the 1M-contact
 * audit from 956 MiB to 1,149 MiB peak RSS, over its 1 GiB budget. The cache is an upper
 * bound, filled only by pages actually read, and freed on close; temporaries (automatic
 * indexes, sorts) stay in memory instead of a file.
 */
export function tuneForScans(sqlite: SqliteDatabase, cacheKiB = SCAN_CACHE_KIB): SqliteDatabase {
  sqlite.pragma(`cache_size = -${cacheKiB}`);
  sqlite.pragma("temp_store = MEMORY");
  return sqlite;
}
