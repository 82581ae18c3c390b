/**
 * The bulk write path: one SQLite transaction on the raw better-sqlite3 handle with prepared
 * `INSERT … ON CONFLICT(workspaceId, id) DO UPDATE` statements (Prisma's row-by-row writes are
 * ~25x slower, see TOOLCHAIN.md). Re-importing upserts by external id, so it is idempotent.
 * Columns a file does not have are left untouched on update.
 */
import type { SqliteDatabase } from "../../db/database.js";
import { entitySpec, type EntityName } from "../dataset/entities.js";
import type { DbValue } from "./row-schema.js";
import type { EntityCounts } from "./types.js";
import type { ValidatedTable } from "./validate.js";

const quote = (name: string) => `"${name}"`;

/** External ids already stored for the workspace. */
export function readStoredIds(sqlite: SqliteDatabase, workspaceId: string, entity: EntityName): Set<string> {
  const table = entitySpec(entity).table;
  const rows = sqlite
    .prepare(`SELECT id FROM ${quote(table)} WHERE workspaceId = ?`)
    .pluck()
    .all(workspaceId) as string[];
  return new Set(rows);
}

/** What the import would do to each entity: rows whose id is stored are updates. */
export function countChanges(
  tables: readonly ValidatedTable[],
  storedIds: (entity: EntityName) => ReadonlySet<string>,
): Partial<Record<EntityName, EntityCounts>> {
  const counts: Partial<Record<EntityName, EntityCounts>> = {};
  for (const { table, rows } of tables) {
    const c = (counts[table.entity] ??= { inserted: 0, updated: 0 });
    const stored = storedIds(table.entity);
    for (const row of rows) {
      if (stored.has(row.id)) c.updated++;
      else c.inserted++;
    }
  }
  return counts;
}

function upsertStatement(sqlite: SqliteDatabase, { table }: ValidatedTable) {
  const spec = entitySpec(table.entity);
  const fields = table.columns.map((csv) => spec.columns.find((c) => c.csv === csv)!.field);
  if (table.hasExtra) fields.push("extra");
  const updates = fields.filter((f) => f !== "id").map((f) => `${quote(f)} = excluded.${quote(f)}`);
  const sql =
    `INSERT INTO ${quote(spec.table)} ("workspaceId", ${fields.map(quote).join(", ")}) ` +
    `VALUES (?, ${fields.map(() => "?").join(", ")}) ` +
    `ON CONFLICT ("workspaceId", "id") DO ${updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`;
  return sqlite.prepare(sql);
}

const toSqlite = (v: DbValue): string | number | null => (typeof v === "boolean" ? (v ? 1 : 0) : v);

export interface ImportLogEntry {
  source: string;
  startedAt: number;
  durationMs: number;
  rowCounts: Partial<Record<EntityName, EntityCounts>>;
  skippedRows: number;
}

/**
 * Writes all validated rows and the import_log row in one transaction: either everything is
 * stored or, if anything throws, nothing is.
 */
export function writeImport(
  sqlite: SqliteDatabase,
  workspaceId: string,
  tables: readonly ValidatedTable[],
  log: () => ImportLogEntry,
  onRow?: () => void,
): void {
  const statements = tables.map((t) => upsertStatement(sqlite, t));
  sqlite.transaction(() => {
    sqlite
      .prepare(`INSERT INTO workspaces (id, name, createdAt) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`)
      .run(workspaceId, workspaceId, Date.now());
    tables.forEach((validated, t) => {
      const statement = statements[t]!;
      const columns = validated.table.columns;
      const withExtra = validated.table.hasExtra;
      // One parameter array per table, refilled per row (run() binds it synchronously).
      const params: (string | number | null)[] = new Array(1 + columns.length + (withExtra ? 1 : 0));
      params[0] = workspaceId;
      for (const row of validated.rows) {
        for (let c = 0; c < columns.length; c++) params[c + 1] = toSqlite(row.values[columns[c]!] ?? null);
        if (withExtra) params[columns.length + 1] = row.extra;
        statement.run(params);
        onRow?.();
      }
    });
    const entry = log();
    sqlite
      .prepare(
        `INSERT INTO import_log (workspaceId, source, startedAt, durationMs, rowCounts, skippedRows) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        workspaceId,
        entry.source,
        entry.startedAt,
        entry.durationMs,
        JSON.stringify(entry.rowCounts),
        entry.skippedRows,
      );
  })();
}
