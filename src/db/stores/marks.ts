/** MarkStore on the SQLite database (record_marks). */
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

export function markStore(db: Pick<Database, "sqlite" | "prisma">): MarkStore {
  return {
    async list(workspaceId, recordType, recordIds) {
      if (recordIds.length === 0) return [];
      const rows = db.sqlite
        .prepare(
          `SELECT recordType, recordId, kind, until, markedBy, markedAt, fingerprint FROM record_marks
            WHERE workspaceId = ? AND recordType = ? AND recordId IN (SELECT value FROM json_each(?))`,
        )
        .all(workspaceId, recordType, JSON.stringify(recordIds)) as MarkRow[];
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
