/**
 * The table behind DuplicateDecisionStore (src/core/stores/duplicate-decisions.ts), in SQL that
 * runs on SQLite and PostgreSQL alike (src/db/sql.ts).
 */
import { pairKey } from "../../core/duplicates/detect.js";
import type {
  DuplicateDecisionStore,
  DuplicateEntity,
  NotDuplicateDecision,
} from "../../core/stores/duplicate-decisions.js";
import { asDriver, type SqlSource } from "../sql.js";

const ordered = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

interface Row {
  entity: DuplicateEntity;
  idA: string;
  idB: string;
  decidedBy: string | null;
  decidedAt: number;
}

export function duplicateDecisionStore(source: SqlSource): DuplicateDecisionStore {
  const db = asDriver(source);
  return {
    markNotDuplicate(workspaceId, entity, a, b, decidedBy, at) {
      const [idA, idB] = ordered(a, b);
      const changes = db.run(
        `INSERT INTO "duplicate_decisions" ("workspaceId", "entity", "idA", "idB", "decidedBy", "decidedAt")
         VALUES (?, ?, ?, ?, ?, ${db.ts}) ON CONFLICT DO NOTHING`,
        [workspaceId, entity, idA, idB, decidedBy, at],
      );
      return changes > 0;
    },
    unmark(workspaceId, entity, a, b) {
      const [idA, idB] = ordered(a, b);
      const changes = db.run(
        `DELETE FROM "duplicate_decisions" WHERE "workspaceId" = ? AND "entity" = ? AND "idA" = ? AND "idB" = ?`,
        [workspaceId, entity, idA, idB],
      );
      return changes > 0;
    },
    list(workspaceId) {
      const rows = db.all<Row>(
        `SELECT "entity", "idA", "idB", "decidedBy", "decidedAt" FROM "duplicate_decisions"
          WHERE "workspaceId" = ? ORDER BY "entity", "idA", "idB"`,
        [workspaceId],
      );
      return rows.map((r): NotDuplicateDecision => ({
        entity: r.entity,
        ids: [r.idA, r.idB],
        decidedBy: r.decidedBy,
        decidedAt: Number(r.decidedAt),
      }));
    },
    notDuplicatePairs(workspaceId, entity) {
      const rows = db.all<{ idA: string; idB: string }>(
        `SELECT "idA", "idB" FROM "duplicate_decisions" WHERE "workspaceId" = ? AND "entity" = ?`,
        [workspaceId, entity],
      );
      return new Set(rows.map((r) => pairKey(r.idA, r.idB)));
    },
  };
}
