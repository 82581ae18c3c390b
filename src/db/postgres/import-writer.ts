/**
 * The bulk write path of an import on PostgreSQL (ImportWriter, src/core/import/stores.ts).
 * Validated rows are buffered and streamed in batches into per-connection temporary staging
 * tables (text columns) with `COPY … FROM STDIN` (copy-text.ts spells the values), which lock
 * nothing shared; the COPY of a batch runs on the connection's thread while the validation pass
 * goes on (SyncPg.copyFromAhead). `commit` then copies each staged source table into the workspace with
 * one set-based `INSERT … ON CONFLICT ("workspaceId", "id") DO UPDATE`, casting to the real
 * column types, and writes the import log and supplied columns, all in one transaction: an
 * import lands whole or not at all (docs/storage.md). Upsert semantics match the SQLite
 * writer: columns a file lacks are left untouched on update.
 *
 * `exists` answers from memory: the workspace's stored ids of an entity are read once (one
 * cursor) the first time it is asked, plus the ids staged so far, so validation costs no round
 * trip per row.
 */
import { ENTITIES, entitySpec, type EntityName } from "../../core/dataset/entities.js";
import { parsePhone } from "../../core/dataset/phone.js";
import { storedKeysFor, storedKeyValue } from "../../core/duplicates/stored-keys.js";
import type { DbValue, ParsedRow } from "../../core/import/row-schema.js";
import type { SourceTable } from "../../core/import/types.js";
import type { ImportLogEntry, ImportWriter } from "../../core/import/stores.js";
import type { AbsentCounts, ImportWorkspaceData } from "../../core/stores/workspace-data.js";
import { postgresDriver, type SqlDriver } from "../sql.js";
import { writeKpiSnapshot } from "../stores/kpi-snapshots.js";
import { createDatasetColumnsStore } from "../stores/dataset-columns.js";
import { clearWorkspaceData, holdsOnlySample, workspaceData } from "../stores/workspace-data.js";
import { copyTextRow } from "./copy-text.js";
import type { SyncPg } from "./sync-client.js";

const quote = (name: string) => `"${name}"`;
const stageOf = (table: string) => quote(`stage_${table}`);

const PHONE_ENTITIES: ReadonlySet<EntityName> = new Set(["contacts", "companies"]);

/** Characters per batch streamed into a staging table (one COPY each). */
const BATCH_CHARS = 1 << 20;

const toText = (v: DbValue): string | null =>
  v === null ? null : typeof v === "boolean" ? (v ? "1" : "0") : String(v);

function derivedPhone(phone: DbValue, country: DbValue): { phoneE164: string | null; phoneValid: boolean | null } {
  if (typeof phone !== "string" || phone.trim() === "") return { phoneE164: null, phoneValid: null };
  const parsed = parsePhone(phone, typeof country === "string" ? country : null);
  return { phoneE164: parsed.e164, phoneValid: parsed.valid };
}

/** A staged text value in the column's own type. */
function cast(expr: string, dataType: string): string {
  if (dataType.startsWith("timestamp")) return `to_timestamp((${expr})::double precision / 1000)`;
  if (dataType === "text" || dataType === "character varying") return expr;
  return `(${expr})::${dataType}`;
}

interface Staged {
  entity: EntityName;
  fields: string[];
  /** Rows not yet sent, each a line of COPY text. */
  lines: string[];
  chars: number;
}

export class PostgresImportWriter implements ImportWriter {
  private pgConnection: SyncPg | null = null;
  private dbDriver: SqlDriver | null = null;
  private readonly staged: Staged[] = [];
  private readonly ids = new Map<EntityName, Set<string>>();
  private columnTypes = new Map<string, Map<string, string>>();
  private seq = 0;

  constructor(
    private readonly connect: () => SyncPg,
    private readonly workspaceId: string,
  ) {}

  /** The writer's own connection, opened by openStage and closed by closeStage. */
  private get pg(): SyncPg {
    this.pgConnection ??= this.connect();
    return this.pgConnection;
  }

  private get db(): SqlDriver {
    this.dbDriver ??= postgresDriver(this.pg);
    return this.dbDriver;
  }

  openStage(): void {
    const rows = this.pg.query<{ table: string; column: string; type: string }>(
      `SELECT table_name AS "table", column_name AS "column", data_type AS "type" FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
      [ENTITIES.map((e) => e.table)],
    );
    this.columnTypes = new Map();
    for (const r of rows) {
      let table = this.columnTypes.get(r.table);
      if (!table) this.columnTypes.set(r.table, (table = new Map()));
      table.set(r.column, r.type);
    }
    for (const { table } of ENTITIES) {
      const columns = [...this.columnTypes.get(table)!.keys()].filter((c) => c !== "workspaceId");
      this.pg.exec(
        `CREATE TEMP TABLE IF NOT EXISTS ${stageOf(table)} ("_t" integer NOT NULL, "_seq" text NOT NULL, ` +
          `${columns.map((c) => `${quote(c)} text`).join(", ")})`,
      );
      this.pg.exec(`TRUNCATE ${stageOf(table)}`);
    }
    this.pg.exec(`CREATE TEMP TABLE IF NOT EXISTS "stage__keep" ("entity" text NOT NULL, "id" text NOT NULL)`);
  }

  closeStage(): void {
    this.ids.clear();
    this.staged.length = 0;
    // Temporary tables go with the session.
    this.pgConnection?.close();
    this.pgConnection = null;
    this.dbDriver = null;
  }

  inStagingPass(pass: () => void): void {
    // Reads of stored ids see one snapshot; the staged rows are this connection's own.
    this.pg.transaction(() => {
      pass();
      for (let i = 0; i < this.staged.length; i++) this.flush(i);
    }, "REPEATABLE READ");
  }

  workspaceData(): ImportWorkspaceData {
    const { db, workspaceId } = this;
    return {
      holdsOnlySample: () => holdsOnlySample(db, workspaceId),
      summary: () => workspaceData(db, workspaceId),
      clear: () => clearWorkspaceData(db, workspaceId),
      countAbsent: (entities, keep) => this.countAbsent(entities, keep),
      deleteAbsent: (entities, keep) => this.deleteAbsent(entities, keep),
    };
  }

  async commit(options: Parameters<ImportWriter["commit"]>[0]): Promise<boolean> {
    return this.pg.transaction(() => {
      // Row locks held by another writer are waited for, up to the caller's limit.
      if (options.lockWaitMs !== undefined) {
        this.pg.exec(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(options.lockWaitMs))}`);
      }
      if (options.beforeCopy && !options.beforeCopy()) {
        // Nothing may be written: end the transaction without the deletes beforeCopy may have made.
        throw new NothingWritten();
      }
      this.writeStaged();
      this.writeLog(options.log());
      if (options.columns) createDatasetColumnsStore(this.db).record(this.workspaceId, options.columns);
      // What the KPIs need from this import, committed with it (docs/kpis.md, "Snapshots").
      writeKpiSnapshot(this.db, this.workspaceId);
      return true;
    });
  }

  exists(entity: EntityName, id: string): boolean {
    let ids = this.ids.get(entity);
    if (!ids) {
      ids = new Set();
      const table = quote(entitySpec(entity).table);
      for (const [stored] of this.pg.queryArrays(`SELECT "id" FROM ${table} WHERE "workspaceId" = $1`, [
        this.workspaceId,
      ]) as [string][])
        ids.add(stored);
      this.ids.set(entity, ids);
    }
    return ids.has(id);
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
    const index = this.staged.length;
    const staged: Staged = { entity: table.entity, fields, lines: [], chars: 0 };
    this.staged.push(staged);
    // exists() must see staged ids before the stored ones are loaded, too.
    this.exists(table.entity, "");
    const ids = this.ids.get(table.entity)!;
    const row: (string | null)[] = [String(index), "", ...fields.map(() => null)];
    return (values, extra) => {
      row[1] = String(this.seq++);
      for (let c = 0; c < columns.length; c++) row[c + 2] = toText(values[columns[c]!] ?? null);
      let next = columns.length + 2;
      if (withExtra) row[next++] = extra;
      for (const key of keys) row[next++] = storedKeyValue(key.compute, values[key.csv]);
      if (withPhone) {
        const phone = derivedPhone(values.phone ?? null, values.country ?? null);
        row[next++] = phone.phoneE164;
        row[next++] = toText(phone.phoneValid);
      }
      const line = copyTextRow(row);
      staged.lines.push(line);
      staged.chars += line.length;
      const id = values.id;
      if (typeof id === "string") ids.add(id);
      if (staged.chars >= BATCH_CHARS) this.flush(index);
    };
  }

  /** Streams the buffered rows of staged table `index` into its staging table. */
  private flush(index: number): void {
    const staged = this.staged[index]!;
    if (staged.lines.length === 0) return;
    const table = entitySpec(staged.entity).table;
    const columns = ["_t", "_seq", ...staged.fields];
    this.pg.copyFromAhead(
      `COPY ${stageOf(table)} (${columns.map(quote).join(", ")}) FROM STDIN`,
      staged.lines.join(""),
    );
    staged.lines = [];
    staged.chars = 0;
  }

  /** Each staged source table into the workspace, in staging order (a row's references come first). */
  private writeStaged(): void {
    this.pg.run(
      `INSERT INTO "workspaces" ("id", "name", "createdAt") VALUES ($1, $1, now()) ON CONFLICT ("id") DO NOTHING`,
      [this.workspaceId],
    );
    this.staged.forEach(({ entity, fields }, index) => {
      const table = entitySpec(entity).table;
      const types = this.columnTypes.get(table)!;
      const columns = fields.map(quote).join(", ");
      const values = fields.map((f) => cast(`s.${quote(f)}`, types.get(f) ?? "text")).join(", ");
      const updates = fields.filter((f) => f !== "id").map((f) => `${quote(f)} = excluded.${quote(f)}`);
      this.pg.run(
        `INSERT INTO ${quote(table)} ("workspaceId", ${columns}) ` +
          `SELECT $1, ${values} FROM ${stageOf(table)} s WHERE s."_t" = $2 ORDER BY s."_seq"::bigint ` +
          `ON CONFLICT ("workspaceId", "id") DO ${updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`,
        [this.workspaceId, index],
      );
    });
  }

  private writeLog(entry: ImportLogEntry): void {
    this.pg.run(
      `INSERT INTO "import_log" ("workspaceId", "source", "startedAt", "durationMs", "rowCounts", "skippedRows")
       VALUES ($1, $2, to_timestamp($3::double precision / 1000), $4, $5, $6)`,
      [
        this.workspaceId,
        entry.source,
        entry.startedAt,
        entry.durationMs,
        JSON.stringify(entry.rowCounts),
        entry.skippedRows,
      ],
    );
  }

  private keep(keep: readonly { entity: EntityName; id: string }[]): void {
    this.pg.exec(`TRUNCATE "stage__keep"`);
    if (keep.length === 0) return;
    this.pg.run(`INSERT INTO "stage__keep" ("entity", "id") SELECT * FROM unnest($1::text[], $2::text[])`, [
      keep.map((k) => k.entity),
      keep.map((k) => k.id),
    ]);
  }

  private absentWhere(entity: EntityName): string {
    const table = entitySpec(entity).table;
    return (
      `FROM ${quote(table)} m WHERE m."workspaceId" = $1 ` +
      `AND NOT EXISTS (SELECT 1 FROM ${stageOf(table)} s WHERE s."id" = m."id") ` +
      `AND NOT EXISTS (SELECT 1 FROM "stage__keep" k WHERE k."entity" = $2 AND k."id" = m."id")`
    );
  }

  private countAbsent(
    entities: readonly EntityName[],
    keep: readonly { entity: EntityName; id: string }[],
  ): AbsentCounts {
    this.keep(keep);
    const counts: AbsentCounts = {};
    for (const entity of entities) {
      const table = quote(entitySpec(entity).table);
      const [stored] = this.pg.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE "workspaceId" = $1`, [
        this.workspaceId,
      ]);
      const [absent] = this.pg.query<{ n: number }>(`SELECT count(*) AS n ${this.absentWhere(entity)}`, [
        this.workspaceId,
        entity,
      ]);
      counts[entity] = { stored: stored!.n, absent: absent!.n };
    }
    return counts;
  }

  private deleteAbsent(
    entities: readonly EntityName[],
    keep: readonly { entity: EntityName; id: string }[],
  ): Partial<Record<EntityName, number>> {
    this.keep(keep);
    const deleted: Partial<Record<EntityName, number>> = {};
    for (const entity of entities) {
      const table = quote(entitySpec(entity).table);
      deleted[entity] = this.pg.run(
        `DELETE FROM ${table} d USING (SELECT m."id" ${this.absentWhere(entity)}) gone ` +
          `WHERE d."workspaceId" = $1 AND d."id" = gone."id"`,
        [this.workspaceId, entity],
      );
    }
    return deleted;
  }
}

/** Thrown inside commit's transaction to roll it back when beforeCopy refused. */
class NothingWritten extends Error {}

export function postgresImportWriter(connect: () => SyncPg, workspaceId: string): ImportWriter {
  const writer = new PostgresImportWriter(connect, workspaceId);
  const commit = writer.commit.bind(writer);
  writer.commit = async (options) => {
    try {
      return await commit(options);
    } catch (error) {
      if (error instanceof NothingWritten) return false;
      throw error;
    }
  };
  return writer;
}
