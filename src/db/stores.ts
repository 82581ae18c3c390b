/**
 * The named stores the core talks to (interfaces declared beside their users in src/core, e.g.
 * src/core/audit/stores.ts), built once per opened database. Everything that knows SQL or Prisma lives under src/db/.
 */
import type { AuditServiceStores } from "../core/audit/service.js";
import { readCheckOverrides } from "../core/checks/overrides.js";
import type { ChatStores } from "../core/stores/chat.js";
import type { ImportStores } from "../core/import/stores.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { sqliteAuditStorage } from "./sqlite/audit-database.js";
import type { SqliteDatabase } from "./sqlite/connection.js";
import { sqliteImportLocks } from "./sqlite/import-locks.js";
import { SqliteImportWriter } from "./sqlite/import-writer.js";
import { listWorkspaceIds, workspaceHasRecords } from "./records.js";
import type { SqlDriver } from "./sql.js";
import { chatStores } from "./stores/chat.js";
import { checkOverrideStore } from "./stores/check-overrides.js";

export interface Stores extends AuditServiceStores, ImportStores {
  /** What the chat core reads and writes (src/core/stores/chat.ts). */
  chat: ChatStores;
}

export function createStores(db: {
  file: string;
  sqlite: SqliteDatabase;
  sql: SqlDriver;
  prisma: PrismaClient;
}): Stores {
  const { sqlite } = db;
  return {
    auditStorage: sqliteAuditStorage(db.file, sqlite),
    auditWorkspaces: {
      ids: () => listWorkspaceIds(sqlite),
      hasRecords: (workspaceId) => workspaceHasRecords(sqlite, workspaceId),
    },
    checkOverrides: { read: (workspaceId, checks) => readCheckOverrides(checkOverrideStore(db), workspaceId, checks) },
    importWriter: (workspaceId) => new SqliteImportWriter(sqlite, workspaceId),
    importLocks: sqliteImportLocks(sqlite),
    chat: chatStores(db),
  };
}
