/** WorkspaceStore and ChatIdentityStore on the SQLite database (workspaces, chat_tenants, chat_identities). */
import type { Platform } from "../../core/commands/types.js";
import type {
  ChatIdentityKey,
  ChatIdentityRecord,
  ChatIdentityStore,
  WorkspaceStore,
} from "../../core/stores/workspaces.js";
import type { Database } from "../database.js";

/**
 * Whether Prisma reports a unique-key violation. An upsert with nothing to update reads, then
 * inserts: on PostgreSQL two racing first requests (two instances, or two requests of one) can
 * both find nothing, and the second insert fails on the key the first one wrote.
 */
const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === "P2002";

export function workspaceStore(db: Pick<Database, "prisma">): WorkspaceStore {
  return {
    async ensure(id, name) {
      // Idempotent, so two first requests racing for a new workspace both succeed.
      try {
        await db.prisma.workspace.upsert({ where: { id }, create: { id, name }, update: {} });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    },
    async tenantWorkspace(platform, tenantId) {
      const bound = await db.prisma.chatTenant.findUnique({ where: { platform_tenantId: { platform, tenantId } } });
      return bound?.workspaceId ?? null;
    },
    async bindTenant(platform, tenantId, workspaceId) {
      // The primary key keeps one binding per tenant; a racing second binding gets the first.
      const where = { platform_tenantId: { platform, tenantId } };
      try {
        const binding = await db.prisma.chatTenant.upsert({
          where,
          create: { platform, tenantId, workspaceId },
          update: {},
        });
        return binding.workspaceId;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return (await db.prisma.chatTenant.findUniqueOrThrow({ where })).workspaceId;
      }
    },
  };
}

export function chatIdentityStore(db: Pick<Database, "prisma">): ChatIdentityStore {
  const where = (key: ChatIdentityKey) => ({
    platform_tenantId_userId: { platform: key.platform, tenantId: key.tenantId, userId: key.userId },
  });
  return {
    async get(key) {
      const row = await db.prisma.chatIdentity.findUnique({ where: where(key) });
      if (!row) return null;
      return {
        platform: row.platform as Platform,
        tenantId: row.tenantId,
        userId: row.userId,
        workspaceId: row.workspaceId,
        crmUserId: row.crmUserId,
        email: row.email,
        displayName: row.displayName,
        isAdmin: row.isAdmin,
        timeZone: row.timeZone,
      };
    },
    async save(record: ChatIdentityRecord) {
      const { platform, tenantId, userId, ...fields } = record;
      await db.prisma.chatIdentity.upsert({
        where: where(record),
        create: { platform, tenantId, userId, ...fields },
        update: fields,
      });
    },
    async link(key, workspaceId, crmUserId) {
      const { count } = await db.prisma.chatIdentity.updateMany({
        where: { platform: key.platform, tenantId: key.tenantId, userId: key.userId, workspaceId },
        data: { crmUserId },
      });
      return count > 0;
    },
  };
}
