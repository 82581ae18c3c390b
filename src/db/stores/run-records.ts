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

export function runRecordStore(db: Pick<Database, "sqlite">): RunRecordStore {
  const { sqlite } = db;
  return {
    async scores(workspaceId, limit) {
      const rows = sqlite
        .prepare(`SELECT id, asOf, selection, scores FROM audit_runs WHERE workspaceId = ? ORDER BY id DESC LIMIT ?`)
        .all(workspaceId, Math.max(0, Math.floor(limit))) as ScoreRow[];
      return rows.map((r) => ({
        id: r.id,
        asOf: epoch(r.asOf),
        selection: r.selection === null ? null : (JSON.parse(r.selection) as string[]),
        scores: JSON.parse(r.scores) as Scores,
      }));
    },
    async config(workspaceId, runId) {
      const row = sqlite
        .prepare(`SELECT config FROM audit_runs WHERE workspaceId = ? AND id = ?`)
        .get(workspaceId, runId) as { config: string | null } | undefined;
      if (!row?.config) return null;
      try {
        return JSON.parse(row.config) as unknown;
      } catch {
        return null;
      }
    },
  };
}
