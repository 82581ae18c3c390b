/**
 * One place that opens the database: two handles on the same SQLite file, Prisma for ordinary
 * reads and writes of app tables and a raw better-sqlite3 connection for the two hot paths
 * Prisma is too slow for (bulk import, audit scans; figures in docs/import.md and
 * docs/audit.md), and the named stores built on them that the core is given (stores.ts).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { NO_AUTO_CHECKPOINT, retryingOnBusy, SERVER_BUSY_TIMEOUT_MS } from "./busy.js";
import { openSqlite, sqliteFileFromUrl, type SqliteDatabase } from "./sqlite/connection.js";
import type { MigrationResult } from "./migrate.js";
import type { PostgresDatabase } from "./postgres/database.js";
import { providerOf } from "./provider.js";
import { sqliteDriver, type SqlDriver } from "./sql.js";
import { createStores, type Stores } from "./stores.js";

export {
  openSqlite,
  sqliteFileFromUrl,
  SCAN_CACHE_KIB,
  tuneForScans,
  type SqliteDatabase,
} from "./sqlite/connection.js";

export interface Database {
  provider: "sqlite";
  /** Path of the SQLite file (or ":memory:"). */
  file: string;
  sqlite: SqliteDatabase;
  /** The same connection for stores written in portable SQL (src/db/sql.ts). */
  sql: SqlDriver;
  prisma: PrismaClient;
  /** What the core is handed: src/core never sees `sqlite` or `prisma`. */
  stores: Stores;
  close(): Promise<void>;
}

/**
 * `server`: the bot's connections, which must not block the event loop on a database another
 * process holds (src/db/busy.ts): a busy timeout of a few ms, Prisma queries retried
 * asynchronously, and no automatic WAL checkpoints on the event loop. Raw writes on `sqlite`
 * then go through retryBusy.
 */
export function openDatabase(url: string, options: { server?: boolean; busyTimeoutMs?: number } = {}): Database {
  if (providerOf(url) === "postgres") {
    throw new Error(
      "this command runs on SQLite only in this version; with a PostgreSQL DATABASE_URL, `crm-audit db migrate` " +
        "and the stores work (docs/storage.md)",
    );
  }
  const file = sqliteFileFromUrl(url);
  const busyTimeoutMs = options.busyTimeoutMs ?? (options.server ? SERVER_BUSY_TIMEOUT_MS : 5000);
  const sqlite = openSqlite(file, { busyTimeoutMs });
  if (options.server) sqlite.exec(NO_AUTO_CHECKPOINT);
  const adapter = retryingOnBusy(
    new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs }, { timestampFormat: "unixepoch-ms" }),
    options.server ? NO_AUTO_CHECKPOINT : undefined,
  );
  const prisma = new PrismaClient({ adapter });
  const sql = sqliteDriver(sqlite);
  return {
    provider: "sqlite",
    file,
    sqlite,
    sql,
    prisma,
    stores: createStores({ file, sqlite, sql, prisma }),
    async close() {
      await prisma.$disconnect();
      sqlite.close();
    },
  };
}

export type { PostgresDatabase };

/** A database of either provider: DATABASE_URL decides (src/db/provider.ts, docs/deploy.md). */
export type AnyDatabase = Database | PostgresDatabase;

/**
 * Opens DATABASE_URL on its provider. The PostgreSQL modules (pg, its Prisma client) load only
 * when the URL asks for them.
 */
export async function openAnyDatabase(
  url: string,
  options: { server?: boolean; busyTimeoutMs?: number } = {},
): Promise<AnyDatabase> {
  if (providerOf(url) === "postgres") {
    const { openPostgresDatabase } = await import("./postgres/database.js");
    return openPostgresDatabase(url, { server: options.server ?? false });
  }
  return openDatabase(url, options);
}

/** Applies the committed migrations of the database's provider. */
export async function migrateDatabase(db: AnyDatabase): Promise<MigrationResult> {
  if (db.provider === "postgres") return db.migrate();
  const { applyMigrations } = await import("./migrate.js");
  return applyMigrations(db.sqlite);
}

/** The database's name for people: the SQLite file, or the PostgreSQL URL without its password. */
export const databaseLabel = (db: AnyDatabase): string => (db.provider === "postgres" ? db.label : db.file);
