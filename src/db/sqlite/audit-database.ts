/**
 * An audit's connection on SQLite: the data reader and the run store on one better-sqlite3
 * handle. Audit threads import this module by URL (AuditSource, src/core/audit/stores.ts) and
 * open a connection of their own; it loads no Prisma, which would slow every thread's start.
 */
import type { AuditConnection, AuditDatabase, AuditSource, AuditStorage } from "../../core/audit/stores.js";
import { sqliteAuditReader } from "./audit-reader.js";
import { sqliteAuditRuns } from "./audit-runs.js";
import { openSqlite, tuneForScans, type SqliteDatabase } from "./connection.js";

import { createDatasetColumnsStore } from "../stores/dataset-columns.js";
import { checkOutcomeCacheStore } from "../stores/check-outcomes.js";
import { surveyAuditReader } from "../stores/surveys.js";

export function sqliteAuditDatabase(sqlite: SqliteDatabase): AuditDatabase {
  const columns = createDatasetColumnsStore(sqlite);
  return {
    ...sqliteAuditReader(sqlite),
    suppliedColumns: (workspaceId) => columns.list(workspaceId),
    runs: sqliteAuditRuns(sqlite),
    outcomeCache: checkOutcomeCacheStore(sqlite),
    surveys: surveyAuditReader(sqlite),
  };
}

/** A thread's own connection to the file, tuned for streaming whole tables (tuneForScans). */
export function openAuditConnection(file: string, options: { cacheKiB?: number } = {}): AuditConnection {
  const sqlite = tuneForScans(openSqlite(file), options.cacheKiB);
  return { ...sqliteAuditDatabase(sqlite), close: () => sqlite.close() };
}

/** Audits of the file: threads open it through this module; an in-memory database stays on `sqlite`. */
export function sqliteAuditStorage(file: string, sqlite: SqliteDatabase): AuditStorage {
  // This module's own URL: .ts under tsx and vitest, .js once built.
  const shared: AuditSource | null = file === ":memory:" ? null : { module: import.meta.url, location: file };
  return { shared, local: sqliteAuditDatabase(sqlite) };
}
