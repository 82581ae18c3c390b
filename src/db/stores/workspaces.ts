/**
 * WorkspaceStore and ChatIdentityStore on SQLite or PostgreSQL (portable SQL, src/db/sql.ts):
 * workspaces, chat_tenants, chat_identities. Every chat request reads its tenant's binding and
 * its identity, so these are prepared statements, not ORM calls (docs/performance.md).
 */
import type { Platform } from "../../core/commands/types.js";
import type { ChatIdentityRecord, ChatIdentityStore, WorkspaceStore } from "../../core/stores/workspaces.js";
import { retryBusy } from "../busy.js";
import type { Database } from "../database.js";

export function workspaceStore(db: Pick<Database, "sql">, now: () => number = Date.now): WorkspaceStore {
  const { sql } = db;
  return {
    async ensure(id, name) {
      // Idempotent, so two first requests racing for a new workspace both succeed.
      await retryBusy(() =>
        sql.run(
          `INSERT INTO "workspaces" ("id", "name", "createdAt") VALUES (?, ?, ${sql.ts}) ON CONFLICT ("id") DO NOTHING`,
          [id, name, now()],
        ),
      );
    },
    async tenantWorkspace(platform, tenantId) {
      const bound = sql.get<{ workspaceId: string }>(
        `SELECT "workspaceId" FROM "chat_tenants" WHERE "platform" = ? AND "tenantId" = ?`,
        [platform, tenantId],
      );
      return bound?.workspaceId ?? null;
    },
    async bindTenant(platform, tenantId, workspaceId) {
      // The primary key keeps one binding per tenant; a racing second binding gets the first.
      await retryBusy(() =>
        sql.run(
          `INSERT INTO "chat_tenants" ("platform", "tenantId", "workspaceId", "createdAt") VALUES (?, ?, ?, ${sql.ts})
           ON CONFLICT ("platform", "tenantId") DO NOTHING`,
          [platform, tenantId, workspaceId, now()],
        ),
      );
      return (await this.tenantWorkspace(platform, tenantId)) ?? workspaceId;
    },
  };
}

interface IdentityRow {
  platform: string;
  tenantId: string;
  userId: string;
  workspaceId: string;
  crmUserId: string | null;
  email: string | null;
  displayName: string | null;
  isAdmin: number | boolean;
  timeZone: string | null;
}

export function chatIdentityStore(db: Pick<Database, "sql">, now: () => number = Date.now): ChatIdentityStore {
  const { sql } = db;
  return {
    async get(key) {
      const row = sql.get<IdentityRow>(
        `SELECT "platform", "tenantId", "userId", "workspaceId", "crmUserId", "email", "displayName", "isAdmin", "timeZone"
           FROM "chat_identities" WHERE "platform" = ? AND "tenantId" = ? AND "userId" = ?`,
        [key.platform, key.tenantId, key.userId],
      );
      if (!row) return null;
      return {
        platform: row.platform as Platform,
        tenantId: row.tenantId,
        userId: row.userId,
        workspaceId: row.workspaceId,
        crmUserId: row.crmUserId,
        email: row.email,
        displayName: row.displayName,
        isAdmin: row.isAdmin === true || Number(row.isAdmin) === 1,
        timeZone: row.timeZone,
      };
    },
    async save(record: ChatIdentityRecord) {
      await retryBusy(() =>
        sql.run(
          `INSERT INTO "chat_identities" ("platform", "tenantId", "userId", "workspaceId", "crmUserId", "email", "displayName", "isAdmin", "timeZone", "updatedAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${sql.ts})
           ON CONFLICT ("platform", "tenantId", "userId") DO UPDATE SET
             "workspaceId" = excluded."workspaceId", "crmUserId" = excluded."crmUserId", "email" = excluded."email",
             "displayName" = excluded."displayName", "isAdmin" = excluded."isAdmin",
             "timeZone" = ${record.timeZone === undefined ? `"chat_identities"."timeZone"` : `excluded."timeZone"`},
             "updatedAt" = excluded."updatedAt"`,
          [
            record.platform,
            record.tenantId,
            record.userId,
            record.workspaceId,
            record.crmUserId,
            record.email,
            record.displayName,
            record.isAdmin ? 1 : 0,
            record.timeZone ?? null,
            now(),
          ],
        ),
      );
    },
    async link(key, workspaceId, crmUserId) {
      const changed = await retryBusy(() =>
        sql.run(
          `UPDATE "chat_identities" SET "crmUserId" = ?, "updatedAt" = ${sql.ts}
            WHERE "platform" = ? AND "tenantId" = ? AND "userId" = ? AND "workspaceId" = ?`,
          [crmUserId, now(), key.platform, key.tenantId, key.userId, workspaceId],
        ),
      );
      return changed > 0;
    },
  };
}
