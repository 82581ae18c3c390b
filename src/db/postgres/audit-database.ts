/**
 * An audit's connection on PostgreSQL: the data reader and the run store on one synchronous
 * connection (sync-client.ts). Audit threads import this module by URL (AuditSource,
 * src/core/audit/stores.ts) and open a connection of their own, so the second audit thread
 * reads in a REPEATABLE READ snapshot of its own and checks the data version like on SQLite.
 */
import type { AuditConnection, AuditDatabase, AuditStorage } from "../../core/audit/stores.js";
import { auditRunStore } from "../sqlite/audit-runs.js";
import { postgresDriver } from "../sql.js";
import { checkOutcomeCacheStore } from "../stores/check-outcomes.js";
import { createDatasetColumnsStore } from "../stores/dataset-columns.js";
import { surveyAuditReader } from "../stores/surveys.js";
import { postgresAuditReader } from "./audit-reader.js";
import { openSyncPg, type SyncPg } from "./sync-client.js";

export function postgresAuditDatabase(pg: SyncPg): AuditDatabase {
  const driver = postgresDriver(pg);
  const columns = createDatasetColumnsStore(driver);
  return {
    ...postgresAuditReader(pg),
    suppliedColumns: (workspaceId) => columns.list(workspaceId),
    runs: auditRunStore(driver),
    outcomeCache: checkOutcomeCacheStore(driver),
    surveys: surveyAuditReader(driver),
  };
}

/** A thread's own connection (AuditSourceModule). The page-cache option is SQLite's and ignored. */
export function openAuditConnection(url: string): AuditConnection {
  const pg = openSyncPg(url);
  return { ...postgresAuditDatabase(pg), close: () => pg.close() };
}

/** Audits of the database: threads open it through this module; `local` is the caller's connection. */
export function postgresAuditStorage(url: string, pg: SyncPg): AuditStorage {
  return { shared: { module: import.meta.url, location: url }, local: postgresAuditDatabase(pg) };
}
