/**
 * The bulk write path of an import (ImportWriter, src/core/import/stores.ts): prepared
 * statements on the raw better-sqlite3 handle (Prisma's row-by-row writes are ~25x slower). Validated rows go first into a private temporary
 * database attached as `stage`, which takes no lock on the main file, so a long import never
 * holds SQLite's write lock while it reads and validates; `writeStaged` then copies them into
 * the workspace's tables inside one short write transaction (docs/import.md, "Imports while
 * the bot runs"). `INSERT … ON CONFLICT(workspaceId, id) DO UPDATE` upserts by external id,
 * so re-importing is idempotent; columns a file does not have are left untouched on update.
 *
 * Contacts and companies also get `phoneE164` and `phoneValid`, derived from `phone` (and
 * `country`) here, once, so audits do not parse a million numbers again on every run; and the
 * normalised blocking fields of duplicate detection (src/core/duplicates/stored-keys.ts).
 */
import type { Statement } from "better-sqlite3";
import { ENTITIES, entitySpec, type EntityName } from "../../core/dataset/entities.js";
import { PhoneReader } from "../../core/dataset/phone-batches.js";
import { storedKeysFor, storedKeyValue } from "../../core/duplicates/stored-keys.js";
import type { DbValue, ParsedRow } from "../../core/import/row-schema.js";
import type { SourceTable } from "../../core/import/types.js";
import type { ImportLogEntry, ImportWriter } from "../../core/import/stores.js";
import type { ImportWorkspaceData } from "../../core/stores/workspace-data.js";
import { retryBusy } from "../busy.js";
import { createDatasetColumnsStore } from "../stores/dataset-columns.js";
import { writeKpiSnapshot } from "../stores/kpi-snapshots.js";
import { importWorkspaceData } from "../stores/workspace-data.js";
import type { SqliteDatabase } from "./connection.js";

const quote = (name: string) => `"${name}"`;

/** Entities whose phone number is parsed at import (the columns exist on these tables only). */
const PHONE_ENTITIES: ReadonlySet<EntityName> = new Set(["contacts", "companies"]);

const text = (v: DbValue | undefined): string | null => (typeof v === "string" ? v : null);

const toSqlite = (v: DbValue): string | number | null => (typeof v === "boolean" ? (v ? 1 : 0) : v);

/** Lookups of one entity's stored ids after which they are read into memory whole. */
const STORED_IDS_AFTER = 4096;

/** Page cache of the stage database in KiB: its id index is written in random order. */
const STAGE_CACHE_KIB = 64 * 1024;

/** Lookups and writes against one workspace, in the order ImportWriter describes. */
export class SqliteImportWriter implements ImportWriter {
  private readonly existsStatements = new Map<EntityName, Statement>();
  /** Ids staged so far per entity: the stage's ids, asked of memory rather than the stage's index. */
  private readonly stagedIds = new Map<EntityName, Set<string>>();
  /** Per entity, whether the workspace's table held any row when the pass first asked. */
  private readonly mainHolds = new Map<EntityName, boolean>();
  /** Per entity, lookups of the workspace's stored ids so far, and those ids once read whole. */
  private readonly lookups = new Map<EntityName, number>();
  private readonly storedIds = new Map<EntityName, Set<string>>();
  /** The source tables staged so far, in order (the stage's `_t`), with the fields each writes. */
  private readonly staged: { entity: EntityName; fields: string[] }[] = [];

  /** Phone facts of the rows being staged (a fresh reader per staging pass). */
  private phones = new PhoneReader();

  constructor(
    private readonly sqlite: SqliteDatabase,
    private readonly workspaceId: string,
  ) {}

  /** Attaches an empty private temporary database with one table per entity (deleted on detach). */
  openStage(): void {
    this.sqlite.exec(`ATTACH DATABASE '' AS stage`);
    this.sqlite.pragma(`stage.cache_size = -${STAGE_CACHE_KIB}`);
    for (const { table } of ENTITIES) {
      const columns = (this.sqlite.pragma(`main.table_info(${quote(table)})`) as { name: string }[])
        .map((c) => quote(c.name))
        .filter((c) => c !== quote("workspaceId"));
      // Untyped columns keep the values as bound; the copy applies the main table's types.
      this.sqlite.exec(`CREATE TABLE stage.${quote(table)} ("_t" INTEGER NOT NULL, ${columns.join(", ")})`);
    }
  }

  /**
   * The stage's id indexes (read by a full import's deletions, src/db/stores/workspace-data.ts),
   * built once the rows are in: one sort instead of a random B-tree insert per row. The pass
   * never stages an id twice per entity (validate.ts); UNIQUE still asserts it.
   */
  private indexStage(): void {
    for (const { table } of ENTITIES) {
      this.sqlite.exec(`CREATE UNIQUE INDEX stage.${quote(`${table}_id`)} ON ${quote(table)} ("id")`);
    }
  }

  closeStage(): void {
    this.existsStatements.clear();
    this.stagedIds.clear();
    this.mainHolds.clear();
    this.lookups.clear();
    this.storedIds.clear();
    this.sqlite.exec(`DETACH DATABASE stage`);
  }

  inStagingPass(pass: () => void): void {
    // One transaction around the pass, for speed: it writes the stage only and reads the
    // main file through one snapshot.
    this.sqlite.exec("BEGIN");
    this.phones = new PhoneReader();
    try {
      pass();
      this.phones.finish();
      this.indexStage();
    } finally {
      this.phones.close();
      this.sqlite.exec("COMMIT");
    }
  }

  workspaceData(): ImportWorkspaceData {
    return importWorkspaceData(this.sqlite, this.workspaceId);
  }

  async commit(options: Parameters<ImportWriter["commit"]>[0]): Promise<boolean> {
    // The copy and the import_log row (the audit's data version) commit together.
    await retryBusy(() => this.sqlite.exec("BEGIN IMMEDIATE"), options.lockWaitMs);
    let committed = false;
    try {
      if (options.beforeCopy && !options.beforeCopy()) return false;
      this.writeStaged();
      this.writeLog(options.log());
      if (options.columns) createDatasetColumnsStore(this.sqlite).record(this.workspaceId, options.columns);
      // What the KPIs need from this import, committed with it (docs/kpis.md, "Snapshots").
      writeKpiSnapshot(this.sqlite, this.workspaceId);
      this.sqlite.exec("COMMIT");
      committed = true;
      return true;
    } finally {
      if (!committed) this.sqlite.exec("ROLLBACK");
    }
  }

  exists(entity: EntityName, id: string): boolean {
    // Asked for every row (its own id, its references): staged ids come from memory, and a
    // table the workspace has no row in (a first import) needs no query at all.
    if (this.stagedIds.get(entity)?.has(id)) return true;
    let holds = this.mainHolds.get(entity);
    if (holds === false) return false;
    const table = quote(entitySpec(entity).table);
    if (holds === undefined) {
      holds =
        this.sqlite
          .prepare(`SELECT 1 FROM main.${table} WHERE "workspaceId" = ? LIMIT 1`)
          .pluck()
          .get(this.workspaceId) !== undefined;
      this.mainHolds.set(entity, holds);
    }
    if (!holds) return false;
    const stored = this.storedIds.get(entity);
    if (stored) return stored.has(id);
    // Many lookups (a re-import): the workspace's ids of the entity read once, in one scan of
    // the same snapshot, instead of an indexed query per row.
    const asked = (this.lookups.get(entity) ?? 0) + 1;
    this.lookups.set(entity, asked);
    if (asked > STORED_IDS_AFTER) {
      const ids = new Set<string>();
      const scan = this.sqlite.prepare(`SELECT "id" FROM main.${table} WHERE "workspaceId" = ?`).pluck();
      for (const stored of scan.iterate(this.workspaceId)) ids.add(stored as string);
      this.storedIds.set(entity, ids);
      return ids.has(id);
    }
    let statement = this.existsStatements.get(entity);
    if (!statement) {
      statement = this.sqlite.prepare(`SELECT 1 FROM main.${table} WHERE "workspaceId" = ? AND "id" = ?`).pluck();
      this.existsStatements.set(entity, statement);
    }
    return statement.get(this.workspaceId, id) !== undefined;
  }

  private ensureWorkspace(): void {
    this.sqlite
      .prepare(`INSERT INTO workspaces (id, name, createdAt) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`)
      .run(this.workspaceId, this.workspaceId, Date.now());
  }

  upserter(table: SourceTable): (values: ParsedRow, extra: string | null) => void {
    const spec = entitySpec(table.entity);
    const columns = table.columns;
    const fields = columns.map((csv) => spec.columns.find((c) => c.csv === csv)!.field);
    const withExtra = table.hasExtra;
    if (withExtra) fields.push("extra");
    // Normalised blocking fields, each from a source column of this file (stored-keys.ts).
    const keys = storedKeysFor(table.entity, columns);
    for (const key of keys) fields.push(key.column);
    const withPhone = PHONE_ENTITIES.has(table.entity) && columns.includes("phone");
    if (withPhone) fields.push("phoneE164", "phoneValid");
    const statement = this.sqlite.prepare(
      `INSERT INTO stage.${quote(spec.table)} ("_t", ${fields.map(quote).join(", ")}) ` +
        `VALUES (?, ${fields.map(() => "?").join(", ")})`,
    );
    // One parameter array per table, refilled per row (run() binds it synchronously).
    const params: (string | number | null)[] = new Array(1 + fields.length);
    params[0] = this.staged.length;
    this.staged.push({ entity: table.entity, fields });
    let ids = this.stagedIds.get(table.entity);
    if (!ids) this.stagedIds.set(table.entity, (ids = new Set()));
    const staged = ids;
    return (values, extra) => {
      staged.add(values.id as string);
      for (let c = 0; c < columns.length; c++) params[c + 1] = toSqlite(values[columns[c]!] ?? null);
      let next = columns.length + 1;
      if (withExtra) params[next++] = extra;
      for (const key of keys) params[next++] = storedKeyValue(key.compute, values[key.csv]);
      if (withPhone) {
        // Read on a second thread while the pass goes on; the row is staged when its facts
        // come back, in order (src/core/dataset/phone-batches.ts).
        const row = params.slice();
        const at = next;
        this.phones.add(text(values.phone), text(values.country), (facts) => {
          row[at] = facts.phoneE164;
          row[at + 1] = toSqlite(facts.phoneValid);
          statement.run(row);
        });
        return;
      }
      statement.run(params);
    };
  }

  /**
   * Copies the staged rows into the workspace, source table by source table in staging order
   * (a row's references come before it); inside commit's write transaction.
   */
  private writeStaged(): void {
    this.ensureWorkspace();
    this.staged.forEach(({ entity, fields }, index) => {
      const table = quote(entitySpec(entity).table);
      const columns = fields.map(quote).join(", ");
      const updates = fields.filter((f) => f !== "id").map((f) => `${quote(f)} = excluded.${quote(f)}`);
      this.sqlite
        .prepare(
          `INSERT INTO main.${table} ("workspaceId", ${columns}) ` +
            `SELECT ?, ${columns} FROM stage.${table} WHERE "_t" = ? ORDER BY rowid ` +
            `ON CONFLICT ("workspaceId", "id") DO ${updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`,
        )
        .run(this.workspaceId, index);
    });
  }

  private writeLog(entry: ImportLogEntry): void {
    this.sqlite
      .prepare(
        `INSERT INTO import_log (workspaceId, source, startedAt, durationMs, rowCounts, skippedRows) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        this.workspaceId,
        entry.source,
        entry.startedAt,
        entry.durationMs,
        JSON.stringify(entry.rowCounts),
        entry.skippedRows,
      );
  }
}
