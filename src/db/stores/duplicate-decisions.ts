/** The SQLite table behind DuplicateDecisionStore (src/core/stores/duplicate-decisions.ts). */
import { pairKey } from "../../core/duplicates/detect.js";
import type {
  DuplicateDecisionStore,
  DuplicateEntity,
  NotDuplicateDecision,
} from "../../core/stores/duplicate-decisions.js";
import type { SqliteDatabase } from "../sqlite/connection.js";

const ordered = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

interface Row {
  entity: DuplicateEntity;
  idA: string;
  idB: string;
  decidedBy: string | null;
  decidedAt: number;
}

export function duplicateDecisionStore(sqlite: SqliteDatabase): DuplicateDecisionStore {
  return {
    markNotDuplicate(workspaceId, entity, a, b, decidedBy, at) {
      const [idA, idB] = ordered(a, b);
      const result = sqlite
        .prepare(
          `INSERT OR IGNORE INTO duplicate_decisions (workspaceId, entity, idA, idB, decidedBy, decidedAt)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(workspaceId, entity, idA, idB, decidedBy, at);
      return result.changes > 0;
    },
    unmark(workspaceId, entity, a, b) {
      const [idA, idB] = ordered(a, b);
      const result = sqlite
        .prepare(`DELETE FROM duplicate_decisions WHERE workspaceId = ? AND entity = ? AND idA = ? AND idB = ?`)
        .run(workspaceId, entity, idA, idB);
      return result.changes > 0;
    },
    list(workspaceId) {
      const rows = sqlite
        .prepare(
          `SELECT entity, idA, idB, decidedBy, decidedAt FROM duplicate_decisions
           WHERE workspaceId = ? ORDER BY entity, idA, idB`,
        )
        .all(workspaceId) as Row[];
      return rows.map((r): NotDuplicateDecision => ({
        entity: r.entity,
        ids: [r.idA, r.idB],
        decidedBy: r.decidedBy,
        decidedAt: Number(r.decidedAt),
      }));
    },
    notDuplicatePairs(workspaceId, entity) {
      const rows = sqlite
        .prepare(`SELECT idA, idB FROM duplicate_decisions WHERE workspaceId = ? AND entity = ?`)
        .all(workspaceId, entity) as { idA: string; idB: string }[];
      return new Set(rows.map((r) => pairKey(r.idA, r.idB)));
    },
  };
}
