/**
 * A workspace's stored data as a whole (portable SQL, src/db/sql.ts, except the full import's
 * stage comparisons, which read SQLite's attached stage; PostgreSQL's are
 * src/db/postgres/import-writer.ts): listing workspaces, clearing
 * one's CRM records and audit history (`crm-audit workspace reset`, and the seeded sample when
 * the first real import arrives), deleting one, and the delete step of a full import (records
 * the export no longer has). Callers hold the write transaction where it matters; nothing here
 * begins or commits one. docs/usage.md ("Workspaces") and docs/import.md ("Full exports").
 */
import { ENTITIES, type EntityName } from "../../core/dataset/entities.js";
import {
  SAMPLE_SOURCE_PREFIX,
  type AbsentCounts,
  type ClearedData,
  type ImportWorkspaceData,
  type RecordCounts,
  type WorkspaceSummary,
} from "../../core/stores/workspace-data.js";
import type { SqliteDatabase } from "../sqlite/connection.js";
import { asDriver, type SqlSource } from "../sql.js";

const quote = (name: string) => `"${name}"`;
const tableOf = (entity: EntityName) => ENTITIES.find((e) => e.name === entity)!.table;

/** Tables that hold a workspace's chat bindings and settings: kept by a reset, removed by a delete. */
const SETTINGS_TABLES = [
  "check_overrides",
  "chat_tenants",
  "chat_identities",
  "slack_installations",
  "conversation_refs",
  // "Not a duplicate" decisions are the workspace's judgement, kept across re-imports like settings.
  "duplicate_decisions",
] as const;

/** The bot's own tables about the records: they go with the records. */
const RECORD_NOTE_TABLES = [
  "record_marks",
  "dataset_columns",
  // The imports' KPI snapshots (docs/kpis.md) describe the records: they go with them.
  "kpi_snapshots",
] as const;

export function recordCounts(source: SqlSource, workspaceId: string): RecordCounts {
  const db = asDriver(source);
  const counts: RecordCounts = {};
  for (const { name, table } of ENTITIES) {
    const n = db.get<{ n: number }>(`SELECT count(*) AS "n" FROM ${quote(table)} WHERE "workspaceId" = ?`, [
      workspaceId,
    ])!.n;
    if (Number(n) > 0) counts[name] = Number(n);
  }
  return counts;
}

/** True when the workspace was imported into, and only ever from the seeded sample. */
export function holdsOnlySample(source: SqlSource, workspaceId: string): boolean {
  const row = asDriver(source).get<{ imports: number; samples: number | null }>(
    `SELECT count(*) AS "imports", sum(CASE WHEN substr("source", 1, ?) = ? THEN 1 ELSE 0 END) AS "samples"
       FROM "import_log" WHERE "workspaceId" = ?`,
    [SAMPLE_SOURCE_PREFIX.length, SAMPLE_SOURCE_PREFIX, workspaceId],
  )!;
  return Number(row.imports) > 0 && Number(row.samples) === Number(row.imports);
}

/** Every workspace row, with what it holds; sorted by id. */
export function listWorkspaces(source: SqlSource): WorkspaceSummary[] {
  const db = asDriver(source);
  const ids = db.all<{ id: string; createdAt: number }>(`SELECT "id", "createdAt" FROM "workspaces" ORDER BY "id"`);
  return ids.map(({ id, createdAt }) => {
    const imports = db.get<{ n: number; last: number | null }>(
      `SELECT count(*) AS "n", max("startedAt") AS "last" FROM "import_log" WHERE "workspaceId" = ?`,
      [id],
    )!;
    const audits = db.get<{ n: number; last: number | null }>(
      `SELECT count(*) AS "n", max("startedAt") AS "last" FROM "audit_runs" WHERE "workspaceId" = ?`,
      [id],
    )!;
    return {
      id,
      createdAt: Number(createdAt),
      records: recordCounts(db, id),
      imports: Number(imports.n),
      lastImportAt: imports.last === null ? null : Number(imports.last),
      audits: Number(audits.n),
      lastAuditAt: audits.last === null ? null : Number(audits.last),
      sampleOnly: holdsOnlySample(db, id),
    };
  });
}

/** What clearWorkspaceData would remove, without removing it. */
export function workspaceData(source: SqlSource, workspaceId: string): ClearedData {
  const db = asDriver(source);
  const count = (table: string) =>
    Number(
      db.get<{ n: number }>(`SELECT count(*) AS "n" FROM ${quote(table)} WHERE "workspaceId" = ?`, [workspaceId])!.n,
    );
  return { records: recordCounts(db, workspaceId), imports: count("import_log"), audits: count("audit_runs") };
}

/**
 * Removes the workspace's CRM records, import log and audit runs (with their findings); its
 * row, check settings and chat bindings stay. The caller holds the write transaction.
 */
export function clearWorkspaceData(source: SqlSource, workspaceId: string): ClearedData {
  const db = asDriver(source);
  const records = recordCounts(db, workspaceId);
  for (const { table } of ENTITIES) db.run(`DELETE FROM ${quote(table)} WHERE "workspaceId" = ?`, [workspaceId]);
  for (const table of RECORD_NOTE_TABLES) db.run(`DELETE FROM ${quote(table)} WHERE "workspaceId" = ?`, [workspaceId]);
  const imports = db.run(`DELETE FROM "import_log" WHERE "workspaceId" = ?`, [workspaceId]);
  // audit_findings go with their run (ON DELETE CASCADE; foreign keys are on, src/db/sqlite/connection.ts).
  const audits = db.run(`DELETE FROM "audit_runs" WHERE "workspaceId" = ?`, [workspaceId]);
  return { records, imports, audits };
}

export function workspaceExists(source: SqlSource, workspaceId: string): boolean {
  return asDriver(source).get(`SELECT 1 AS "one" FROM "workspaces" WHERE "id" = ?`, [workspaceId]) !== undefined;
}

/** Removes the workspace and everything stored under it; null when there was no such workspace. */
export function deleteWorkspace(source: SqlSource, workspaceId: string): ClearedData | null {
  const db = asDriver(source);
  if (!workspaceExists(db, workspaceId)) return null;
  const cleared = clearWorkspaceData(db, workspaceId);
  for (const table of SETTINGS_TABLES) db.run(`DELETE FROM ${quote(table)} WHERE "workspaceId" = ?`, [workspaceId]);
  db.run(`DELETE FROM "workspaces" WHERE "id" = ?`, [workspaceId]);
  return cleared;
}

/**
 * The ids a full import keeps although its stage lacks them (rows skipped as invalid: they are
 * in the export, just not importable now), in the attached `stage` database.
 */
function keepTable(sqlite: SqliteDatabase, keep: readonly { entity: EntityName; id: string }[]): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS stage."_keep" ("entity" TEXT NOT NULL, "id" TEXT NOT NULL)`);
  sqlite.exec(`DELETE FROM stage."_keep"`);
  const insert = sqlite.prepare(`INSERT INTO stage."_keep" ("entity", "id") VALUES (?, ?)`);
  for (const { entity, id } of keep) insert.run(entity, id);
}

const absentWhere = (table: string) =>
  `FROM main.${quote(table)} m WHERE m."workspaceId" = ? ` +
  `AND NOT EXISTS (SELECT 1 FROM stage.${quote(table)} s WHERE s."id" = m."id") ` +
  `AND NOT EXISTS (SELECT 1 FROM stage."_keep" k WHERE k."entity" = ? AND k."id" = m."id")`;

/**
 * For each of `entities`: how many records the workspace stores, and how many of them the
 * staged export does not contain (a full import would delete those). Reads the attached stage.
 */
export function countAbsent(
  sqlite: SqliteDatabase,
  workspaceId: string,
  entities: readonly EntityName[],
  keep: readonly { entity: EntityName; id: string }[],
): AbsentCounts {
  keepTable(sqlite, keep);
  const counts: AbsentCounts = {};
  for (const entity of entities) {
    const table = tableOf(entity);
    const stored = Number(
      sqlite
        .prepare(`SELECT count(*) FROM main.${quote(table)} WHERE "workspaceId" = ?`)
        .pluck()
        .get(workspaceId),
    );
    const absent = Number(
      sqlite
        .prepare(`SELECT count(*) ${absentWhere(table)}`)
        .pluck()
        .get(workspaceId, entity),
    );
    counts[entity] = { stored, absent };
  }
  return counts;
}

/** Deletes what countAbsent counted; the caller holds the write transaction. Deleted rows per entity. */
export function deleteAbsent(
  sqlite: SqliteDatabase,
  workspaceId: string,
  entities: readonly EntityName[],
  keep: readonly { entity: EntityName; id: string }[],
): Partial<Record<EntityName, number>> {
  keepTable(sqlite, keep);
  const deleted: Partial<Record<EntityName, number>> = {};
  for (const entity of entities) {
    const table = tableOf(entity);
    deleted[entity] = sqlite
      .prepare(`DELETE FROM main.${quote(table)} WHERE rowid IN (SELECT m.rowid ${absentWhere(table)})`)
      .run(workspaceId, entity).changes;
  }
  return deleted;
}

/** ImportWorkspaceData on the import writer's connection (src/db/sqlite/import-writer.ts). */
export function importWorkspaceData(sqlite: SqliteDatabase, workspaceId: string): ImportWorkspaceData {
  return {
    holdsOnlySample: () => holdsOnlySample(sqlite, workspaceId),
    summary: () => workspaceData(sqlite, workspaceId),
    clear: () => clearWorkspaceData(sqlite, workspaceId),
    countAbsent: (entities, keep) => countAbsent(sqlite, workspaceId, entities, keep),
    deleteAbsent: (entities, keep) => deleteAbsent(sqlite, workspaceId, entities, keep),
  };
}
