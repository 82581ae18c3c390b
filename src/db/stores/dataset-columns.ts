/**
 * The dataset_columns table (src/core/stores/dataset-columns.ts says what it means), in SQL that
 * runs on SQLite and PostgreSQL alike (src/db/sql.ts).
 */
import type { EntityName } from "../../core/dataset/entities.js";
import type { DatasetColumnsStore } from "../../core/stores/dataset-columns.js";
import { asDriver, type SqlSource } from "../sql.js";

interface Row {
  entity: string;
  column: string;
  supplied: number;
  suppliedRows: number | null;
  source: string;
  hint: string | null;
}

const COLUMNS = `"workspaceId", "entity", "column", "supplied", "suppliedRows", "source", "hint"`;

export function createDatasetColumnsStore(source: SqlSource): DatasetColumnsStore {
  const db = asDriver(source);
  // Booleans are bound as 1/0: SQLite stores them so, PostgreSQL reads '1'/'0' as a boolean.
  const flag = (b: boolean) => (b ? 1 : 0);
  return {
    record(workspaceId, columns) {
      // Fields first, so the aspects an import declares are written after their field cleared them.
      const ordered = [...columns].sort((a, b) => Number(a.column.includes(":")) - Number(b.column.includes(":")));
      const write = () => {
        for (const c of ordered) {
          if (c.supplied && !c.column.includes(":")) {
            db.run(
              `DELETE FROM "dataset_columns" WHERE "workspaceId" = ? AND "entity" = ? AND ("column" = ? OR "column" LIKE ? ESCAPE '\\')`,
              [workspaceId, c.entity, c.column, `${c.column.replace(/[\\%_]/g, "\\$&")}:%`],
            );
          }
          if (c.supplied || c.column.includes(":")) {
            db.run(
              `INSERT INTO "dataset_columns" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT ("workspaceId", "entity", "column") DO UPDATE SET "supplied" = excluded."supplied",
                 "suppliedRows" = excluded."suppliedRows", "source" = excluded."source", "hint" = excluded."hint"`,
              [workspaceId, c.entity, c.column, flag(c.supplied), c.suppliedRows, c.source, c.hint],
            );
          } else {
            // A column the source lacks keeps an earlier import's "supplied" verdict.
            db.run(
              `INSERT INTO "dataset_columns" (${COLUMNS}) VALUES (?, ?, ?, ?, NULL, ?, ?)
               ON CONFLICT ("workspaceId", "entity", "column") DO UPDATE SET "source" = excluded."source", "hint" = excluded."hint"
               WHERE "dataset_columns"."supplied" = ?`,
              [workspaceId, c.entity, c.column, flag(false), c.source, c.hint, flag(false)],
            );
          }
        }
      };
      // Inside the import's own write transaction when there is one.
      db.transaction(write);
    },
    list(workspaceId) {
      const rows = db.all<Row>(
        `SELECT "entity", "column", "supplied", "suppliedRows", "source", "hint" FROM "dataset_columns"
          WHERE "workspaceId" = ? ORDER BY "entity", "column"`,
        [workspaceId],
      );
      return rows.map((r) => ({
        entity: r.entity as EntityName,
        column: r.column,
        supplied: r.supplied === 1,
        suppliedRows: r.suppliedRows,
        source: r.source,
        hint: r.hint,
      }));
    },
  };
}
