/**
 * PostgreSQL behind the same stores as SQLite (src/db/database.ts): one synchronous connection
 * for the stores written in portable SQL (src/db/sql.ts) and the audit/import fast paths, and
 * Prisma's client generated from the derived schema (prisma/postgres/schema, a pooled
 * @prisma/adapter-pg connection) for the stores written with Prisma. docs/storage.md.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../../generated/prisma-postgres/client.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { readCheckOverrides } from "../../core/checks/overrides.js";
import type { MigrationResult } from "../migrate.js";
import { describeUrl } from "../provider.js";
import { postgresDriver, type SqlDriver } from "../sql.js";
import type { Stores } from "../stores.js";
import { chatStores } from "../stores/chat.js";
import { checkOverrideStore } from "../stores/check-overrides.js";
import { listWorkspaceIds, workspaceHasRecords } from "../records.js";
import { postgresAuditStorage } from "./audit-database.js";
import { postgresImportLocks } from "./import-locks.js";
import { postgresImportWriter } from "./import-writer.js";
import { applyPostgresMigrations } from "./migrate.js";
import { openSyncPg, type SyncPg } from "./sync-client.js";

export interface PostgresDatabase {
  provider: "postgres";
  url: string;
  /** The URL without its password, for logs. */
  label: string;
  pg: SyncPg;
  sql: SqlDriver;
  /**
   * Typed as the SQLite client: both are generated from the same models (prisma/schema), so
   * their model APIs are the same; only provider-specific extras differ, and no store uses them.
   */
  prisma: PrismaClient;
  stores: Stores;
  migrate(): MigrationResult;
  close(): Promise<void>;
}

/** Connections of Prisma's pool: the machine has 2 cores; the sync connection comes on top. */
export const PRISMA_POOL_SIZE = 4;

/** A statement of the server's own connection fails after this long (sync-client.ts says why). */
export const SERVER_QUERY_TIMEOUT_MS = 15_000;

export function openPostgresDatabase(url: string, options: { server?: boolean } = {}): PostgresDatabase {
  const pg = openSyncPg(url, options.server ? { queryTimeoutMs: SERVER_QUERY_TIMEOUT_MS } : {});
  const sql = postgresDriver(pg);
  const prisma = new PostgresPrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: PRISMA_POOL_SIZE }),
  }) as unknown as PrismaClient;
  const db = { sql, prisma };
  const stores: Stores = {
    auditStorage: postgresAuditStorage(url, pg),
    auditWorkspaces: {
      ids: () => listWorkspaceIds(sql),
      hasRecords: (workspaceId) => workspaceHasRecords(sql, workspaceId),
    },
    checkOverrides: { read: (workspaceId, checks) => readCheckOverrides(checkOverrideStore(db), workspaceId, checks) },
    // Each import stages on a connection of its own (temporary tables, one long transaction).
    importWriter: (workspaceId) => postgresImportWriter(() => openSyncPg(url), workspaceId),
    importLocks: postgresImportLocks(url, pg),
    chat: chatStores(db),
  };
  return {
    provider: "postgres",
    url,
    label: describeUrl(url),
    pg,
    sql,
    prisma,
    stores,
    // On a connection of its own: a migration may take longer than the server's statement limit.
    migrate: () => {
      const own = openSyncPg(url);
      try {
        return applyPostgresMigrations(own);
      } finally {
        own.close();
      }
    },
    async close() {
      await prisma.$disconnect();
      pg.close();
    },
  };
}
