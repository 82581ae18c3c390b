/** CheckOverrideStore on the SQLite database (check_overrides); validation is the core's (checks/overrides.ts). */
import type { CheckOverrideRow, CheckOverrideStore } from "../../core/stores/check-overrides.js";
import type { Database } from "../database.js";

export function checkOverrideStore(db: Pick<Database, "prisma">): CheckOverrideStore {
  const toRow = (row: CheckOverrideRow): CheckOverrideRow => ({
    checkId: row.checkId,
    enabled: row.enabled,
    severity: row.severity,
    thresholds: row.thresholds,
    updatedBy: row.updatedBy,
  });
  return {
    async list(workspaceId) {
      const rows = await db.prisma.checkOverride.findMany({ where: { workspaceId }, orderBy: { checkId: "asc" } });
      return rows.map(toRow);
    },
    async get(workspaceId, checkId) {
      const row = await db.prisma.checkOverride.findUnique({
        where: { workspaceId_checkId: { workspaceId, checkId } },
      });
      return row ? toRow(row) : null;
    },
    async put(workspaceId, row) {
      const { checkId, ...data } = toRow(row);
      await db.prisma.checkOverride.upsert({
        where: { workspaceId_checkId: { workspaceId, checkId } },
        create: { workspaceId, checkId, ...data },
        update: data,
      });
    },
    async delete(workspaceId, checkId) {
      const { count } = await db.prisma.checkOverride.deleteMany({ where: { workspaceId, checkId } });
      return count > 0;
    },
  };
}
