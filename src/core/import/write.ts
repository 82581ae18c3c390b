/**
 * The bulk write path: prepared statements on the raw better-sqlite3 handle, run inside the
 * import's one transaction (Prisma's row-by-row writes are ~25x slower, see TOOLCHAIN.md).
 * `INSERT … ON CONFLICT(workspaceId, id) DO UPDATE` upserts by external id, so re-importing is
 * idempotent; columns a file does not have are left untouched on update.
 *
 * Contacts and companies also get `phoneE164` and `phoneValid`, derived from `phone` (and
 * `country`) here, once, so audits do not parse a million numbers again on every run.
 */
import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "../../db/database.js";
import { entitySpec, type EntityName } from "../dataset/entities.js";
import { parsePhone } from "../dataset/phone.js";
import type { DbValue, ParsedRow } from "./row-schema.js";
import type { EntityCounts, SourceTable } from "./types.js";

const quote = (name: string) => `"${name}"`;

/** Entities whose phone number is parsed at import (the columns exist on these tables only). */
const PHONE_ENTITIES: ReadonlySet<EntityName> = new Set(["contacts", "companies"]);

const toSqlite = (v: DbValue): string | number | null => (typeof v === "boolean" ? (v ? 1 : 0) : v);

/** The stored phone facts for a row's phone and country: both null when there is no number. */
export function derivedPhone(
  phone: DbValue,
  country: DbValue,
): { phoneE164: string | null; phoneValid: boolean | null } {
  if (typeof phone !== "string" || phone.trim() === "") return { phoneE164: null, phoneValid: null };
  const parsed = parsePhone(phone, typeof country === "string" ? country : null);
  return { phoneE164: parsed.e164, phoneValid: parsed.valid };
}

export interface ImportLogEntry {
  source: string;
  startedAt: number;
  durationMs: number;
  rowCounts: Partial<Record<EntityName, EntityCounts>>;
  skippedRows: number;
}

/** Lookups and writes against one workspace; the caller owns the transaction around them. */
export class WorkspaceStore {
  private readonly existsStatements = new Map<EntityName, Statement>();

  constructor(
    private readonly sqlite: SqliteDatabase,
    private readonly workspaceId: string,
  ) {}

  /** Whether the workspace holds a row with this id (rows written earlier in the transaction count). */
  exists(entity: EntityName, id: string): boolean {
    let statement = this.existsStatements.get(entity);
    if (!statement) {
      statement = this.sqlite
        .prepare(`SELECT 1 FROM ${quote(entitySpec(entity).table)} WHERE "workspaceId" = ? AND "id" = ?`)
        .pluck();
      this.existsStatements.set(entity, statement);
    }
    return statement.get(this.workspaceId, id) !== undefined;
  }

  ensureWorkspace(): void {
    this.sqlite
      .prepare(`INSERT INTO workspaces (id, name, createdAt) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`)
      .run(this.workspaceId, this.workspaceId, Date.now());
  }

  /** A function that upserts one validated row of `table`. */
  upserter(table: SourceTable): (values: ParsedRow, extra: string | null) => void {
    const spec = entitySpec(table.entity);
    const columns = table.columns;
    const fields = columns.map((csv) => spec.columns.find((c) => c.csv === csv)!.field);
    const withExtra = table.hasExtra;
    if (withExtra) fields.push("extra");
    const withPhone = PHONE_ENTITIES.has(table.entity) && columns.includes("phone");
    if (withPhone) fields.push("phoneE164", "phoneValid");
    const updates = fields.filter((f) => f !== "id").map((f) => `${quote(f)} = excluded.${quote(f)}`);
    const statement = this.sqlite.prepare(
      `INSERT INTO ${quote(spec.table)} ("workspaceId", ${fields.map(quote).join(", ")}) ` +
        `VALUES (?, ${fields.map(() => "?").join(", ")}) ` +
        `ON CONFLICT ("workspaceId", "id") DO ${updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`,
    );
    // One parameter array per table, refilled per row (run() binds it synchronously).
    const params: (string | number | null)[] = new Array(1 + fields.length);
    params[0] = this.workspaceId;
    return (values, extra) => {
      for (let c = 0; c < columns.length; c++) params[c + 1] = toSqlite(values[columns[c]!] ?? null);
      let next = columns.length + 1;
      if (withExtra) params[next++] = extra;
      if (withPhone) {
        const phone = derivedPhone(values.phone ?? null, values.country ?? null);
        params[next++] = phone.phoneE164;
        params[next++] = toSqlite(phone.phoneValid);
      }
      statement.run(params);
    };
  }

  writeLog(entry: ImportLogEntry): void {
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
