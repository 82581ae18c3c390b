/** The dataset_columns table (src/core/stores/dataset-columns.ts says what it means). */
import type { SqliteDatabase } from "../sqlite/connection.js";
import type { EntityName } from "../../core/dataset/entities.js";
import type { DatasetColumnsStore } from "../../core/stores/dataset-columns.js";

interface Row {
  entity: string;
  column: string;
  supplied: number;
  suppliedRows: number | null;
  source: string;
  hint: string | null;
}

export function createDatasetColumnsStore(sqlite: SqliteDatabase): DatasetColumnsStore {
  return {
    record(workspaceId, columns) {
      const clear = sqlite.prepare(
        `DELETE FROM dataset_columns WHERE workspaceId = ? AND entity = ? AND ("column" = ? OR "column" LIKE ? ESCAPE '\\')`,
      );
      const replace = sqlite.prepare(
        `INSERT OR REPLACE INTO dataset_columns (workspaceId, entity, "column", supplied, suppliedRows, source, hint)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const keep = sqlite.prepare(
        `INSERT INTO dataset_columns (workspaceId, entity, "column", supplied, suppliedRows, source, hint)
         VALUES (?, ?, ?, 0, NULL, ?, ?)
         ON CONFLICT (workspaceId, entity, "column") DO UPDATE SET source = excluded.source, hint = excluded.hint
         WHERE supplied = 0`,
      );
      // Fields first, so the aspects an import declares are written after their field cleared them.
      const ordered = [...columns].sort((a, b) => Number(a.column.includes(":")) - Number(b.column.includes(":")));
      const write = () => {
        for (const c of ordered) {
          if (c.supplied && !c.column.includes(":")) {
            clear.run(workspaceId, c.entity, c.column, `${c.column.replace(/[\\%_]/g, "\\$&")}:%`);
          }
          if (c.supplied || c.column.includes(":")) {
            replace.run(workspaceId, c.entity, c.column, c.supplied ? 1 : 0, c.suppliedRows, c.source, c.hint);
          } else keep.run(workspaceId, c.entity, c.column, c.source, c.hint);
        }
      };
      // Inside the import's own write transaction when there is one.
      if (sqlite.inTransaction) write();
      else sqlite.transaction(write)();
    },
    list(workspaceId) {
      const rows = sqlite
        .prepare(
          `SELECT entity, "column", supplied, suppliedRows, source, hint FROM dataset_columns WHERE workspaceId = ? ORDER BY entity, "column"`,
        )
        .all(workspaceId) as Row[];
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
