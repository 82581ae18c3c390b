/**
 * One place that opens the database. The core gets two handles on the same SQLite file:
 * Prisma for ordinary reads and writes of app tables, and a raw better-sqlite3 connection
 * for the two hot paths Prisma is too slow for (bulk import, audit scans; see TOOLCHAIN.md).
 */
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";

export type SqliteDatabase = BetterSqlite3.Database;

export interface Database {
  /** Path of the SQLite file (or ":memory:"). */
  file: string;
  sqlite: SqliteDatabase;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** `file:./data/x.db` or a bare path → a filesystem path. */
export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL, got "${url.split(":")[0]}:"`);
  }
  return url.slice("file:".length).split("?")[0]!;
}

export function openSqlite(file: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  if (file !== ":memory:" && !options.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  // WAL lets the audit worker read while the server writes; NORMAL sync is safe under WAL.
  if (!options.readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

export function openDatabase(url: string): Database {
  const file = sqliteFileFromUrl(url);
  const sqlite = openSqlite(file);
  const adapter = new PrismaBetterSQLite3({ url: file }, { timestampFormat: "unixepoch-ms" });
  const prisma = new PrismaClient({ adapter });
  return {
    file,
    sqlite,
    prisma,
    async close() {
      await prisma.$disconnect();
      sqlite.close();
    },
  };
}
