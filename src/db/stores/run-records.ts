/** RunRecordStore (src/core/stores/run-records.ts) on the audit_runs table: portable SQL, no findings read. */
import type { Scores } from "../../core/audit/types.js";
import type { RunRecordStore } from "../../core/stores/run-records.js";
import type { Database } from "../database.js";

interface ScoreRow {
  id: number;
  asOf: number | string;
  selection: string | null;
  scores: string;
}

/** Epoch ms from the column as the run store writes it (a number; an ISO text from another writer). */
function epoch(value: number | string): number {
  return typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

export function runRecordStore(db: Pick<Database, "sql">): RunRecordStore {
  const { sql } = db;
  return {
    async scores(workspaceId, limit) {
      const rows = sql.all<ScoreRow>(
        `SELECT "id", "asOf", "selection", "scores" FROM "audit_runs" WHERE "workspaceId" = ? ORDER BY "id" DESC LIMIT ?`,
        [workspaceId, Math.max(0, Math.floor(limit))],
      );
      return rows.map((r) => ({
        id: r.id,
        asOf: epoch(r.asOf),
        selection: r.selection === null ? null : (JSON.parse(r.selection) as string[]),
        scores: JSON.parse(r.scores) as Scores,
      }));
    },
    async config(workspaceId, runId) {
      const row = sql.get<{ config: string | null }>(
        `SELECT "config" FROM "audit_runs" WHERE "workspaceId" = ? AND "id" = ?`,
        [workspaceId, runId],
      );
      if (!row?.config) return null;
      try {
        return JSON.parse(row.config) as unknown;
      } catch {
        return null;
      }
    },
  };
}
