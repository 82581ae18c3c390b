/** MarkStore (record_marks) on SQLite or PostgreSQL: portable SQL (src/db/sql.ts) and Prisma. */
import { MARK_KINDS, type Mark, type MarkStore } from "../../core/stores/marks.js";
import type { Database } from "../database.js";

interface MarkRow {
  recordType: string;
  recordId: string;
  kind: string;
  until: number | null;
  markedBy: string;
  markedAt: number;
  fingerprint: string;
}

export function markStore(db: Pick<Database, "sql" | "prisma">): MarkStore {
  return {
    async list(workspaceId, recordType, recordIds) {
      if (recordIds.length === 0) return [];
      const { sql } = db;
      const rows = sql.all<MarkRow>(
        `SELECT "recordType", "recordId", "kind", "until", "markedBy", "markedAt", "fingerprint" FROM "record_marks"
          WHERE "workspaceId" = ? AND "recordType" = ? AND ${sql.inList(`"recordId"`)}`,
        [workspaceId, recordType, sql.list(recordIds)],
      );
      // A kind written by a newer version is not one this version can honour.
      return rows.filter((r) => (MARK_KINDS as readonly string[]).includes(r.kind)) as Mark[];
    },
    async put(workspaceId, mark) {
      const key = { workspaceId, recordType: mark.recordType, recordId: mark.recordId };
      const data = {
        kind: mark.kind,
        until: mark.until === null ? null : new Date(mark.until),
        markedBy: mark.markedBy,
        markedAt: new Date(mark.markedAt),
        fingerprint: mark.fingerprint,
      };
      await db.prisma.recordMark.upsert({
        where: { workspaceId_recordType_recordId: key },
        create: { ...key, ...data },
        update: data,
      });
    },
    async drop(workspaceId, recordType, recordIds) {
      if (recordIds.length === 0) return;
      await db.prisma.recordMark.deleteMany({ where: { workspaceId, recordType, recordId: { in: [...recordIds] } } });
    },
  };
}
