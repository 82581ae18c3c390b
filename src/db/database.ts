/**
 * One place that opens the database. The core gets two handles on the same SQLite file:
 * Prisma for ordinary reads and writes of app tables, and a raw better-sqlite3 connection
 * for the two hot paths Prisma is too slow for (bulk import, audit scans; see TOOLCHAIN.md).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { openSqlite, sqliteFileFromUrl, type SqliteDatabase } from "./sqlite.js";

export { openSqlite, sqliteFileFromUrl, SCAN_CACHE_KIB, tuneForScans, type SqliteDatabase } from "./sqlite.js";

export interface Database {
  /** Path of the SQLite file (or ":memory:"). */
  file: string;
  sqlite: SqliteDatabase;
  prisma: PrismaClient;
  close(): Promise<void>;
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
