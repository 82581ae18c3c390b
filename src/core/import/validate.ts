/**
 * The import's single pass: each row is validated (reader problems, the row validator,
 * duplicate ids within an entity, references) and, when valid, written at once. References
 * are checked against the database itself, inside the import's transaction: rows written
 * earlier in the pass are visible there, so one lookup covers "in this import" and "already
 * stored for the workspace". Tables must come in dependency order (ENTITIES order).
 *
 * Memory is O(ids), not O(rows): per entity, the ids seen so far (for duplicate detection,
 * dropped when the entity is done) and the ids of rows that were not written (for messages).
 *
 * With `skipInvalid`, invalid rows are left out (and listed), and so are rows that reference a
 * left-out row, since it is not in the database; every other row is kept.
 *
 * Tables from CRM exports (`clearMissingReferences`) may point at records the export left out
 * (a filtered view, a deleted contact): such a link is cleared and the row kept, with one
 * warning per file, column and referenced entity saying how many links were cleared.
 */
import { entitySpec, type EntityName } from "../dataset/entities.js";
import { hasHidden, stripHidden, tooLong, type ImportLimits } from "./limits.js";
import { rowSchema, type ParsedRow } from "./row-schema.js";
import type { EntityCounts, ImportIssue, SkippedRow, SourceRow, SourceTable } from "./types.js";
import type { ImportWriter } from "./stores.js";

/**
 * Where a row is: `line * TABLE_SLOTS + table index` in one number, so the per-id maps hold
 * numbers rather than objects.
 */
const TABLE_SLOTS = 1024;

export class ImportPass {
  readonly issues: ImportIssue[] = [];
  /** Values the pass changed but kept (hidden control characters removed). */
  readonly warnings: ImportIssue[] = [];
  readonly skipped: SkippedRow[] = [];
  readonly counts: Partial<Record<EntityName, EntityCounts>> = {};
  rowsRead = 0;
  private readonly tables: SourceTable[] = [];
  /** Ids of the entity being imported, first occurrence (valid or not). */
  private seen = new Map<string, number>();
  private seenEntity: EntityName | null = null;
  /** Ids whose row was not written, per entity: first such row. */
  private readonly dropped = new Map<EntityName, Map<string, number>>();

  constructor(
    private readonly store: ImportWriter,
    private readonly skipInvalid: boolean,
    private readonly limits: ImportLimits,
  ) {}

  private place(at: number): { file: string; line: number } {
    return { file: this.tables[at % TABLE_SLOTS]!.file, line: Math.floor(at / TABLE_SLOTS) };
  }

  /**
   * The row's extra columns with hidden characters removed; over-long values are reported.
   * The JSON text is only taken apart when it could hold either (it is rare).
   */
  private checkExtra(
    row: SourceRow,
    report: (row: SourceRow, column: string, message: string) => void,
    warn: (row: SourceRow, column: string, message: string) => void,
  ): string | null {
    const extra = row.extra;
    if (
      extra === null ||
      (extra.length <= this.limits.maxFieldChars && !hasHidden(extra) && !extra.includes("\\u0000"))
    )
      return extra;
    const values = JSON.parse(extra) as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      if (text.length > this.limits.maxFieldChars) report(row, key, tooLong(text.length, this.limits));
      if (typeof value !== "string") continue;
      const { text: clean, removed } = stripHidden(value);
      if (removed === null) continue;
      values[key] = clean;
      warn(row, key, removed);
    }
    return JSON.stringify(values);
  }

  /** Validates and writes every row of `table`; `onRow` is called after each row. */
  importTable(table: SourceTable, onRow?: () => void): void {
    const tableIndex = this.tables.length;
    if (tableIndex >= TABLE_SLOTS) throw new Error(`an import holds at most ${TABLE_SLOTS} tables`);
    this.tables.push(table);
    if (this.seenEntity !== table.entity) {
      this.seen = new Map();
      this.seenEntity = table.entity;
    }
    const spec = entitySpec(table.entity);
    const validateRow = rowSchema(spec, table.columns, this.limits, table.relaxRequired);
    const idIndex = table.columns.indexOf("id");
    const references = spec.columns
      .filter((c) => c.references)
      .map((c) => ({ column: c, index: table.columns.indexOf(c.csv) }))
      .filter((r) => r.index >= 0);
    const upsert = this.store.upserter(table);
    const counts = (this.counts[table.entity] ??= { inserted: 0, updated: 0 });
    let dropped = this.dropped.get(table.entity);
    if (!dropped) this.dropped.set(table.entity, (dropped = new Map()));
    let reasons: string[] = [];
    const report = (row: SourceRow, column: string, message: string) => {
      const label = column ? (table.labels[column] ?? column) : "";
      this.issues.push({ file: table.file, line: row.line, column: label, message });
      reasons.push(label ? `${label}: ${message}` : message);
    };

    const warn = (row: SourceRow, column: string, message: string) =>
      this.warnings.push({ file: table.file, line: row.line, column, message });
    /** Links cleared per column of this table: how many, and the first one. */
    const cleared = new Map<string, { count: number; line: number; target: string; entity: EntityName }>();
    const clearedHere: { column: string; target: string; entity: EntityName }[] = [];

    for (const row of table.rows) {
      this.rowsRead++;
      reasons = [];
      clearedHere.length = 0;
      for (let i = 0; i < row.cells.length; i++) {
        const cell = row.cells[i];
        if (cell === undefined || !hasHidden(cell)) continue;
        const { text, removed } = stripHidden(cell);
        if (removed === null) continue;
        row.cells[i] = text;
        warn(row, table.labels[table.columns[i]!] ?? table.columns[i]!, removed);
      }
      const extra = this.checkExtra(row, report, warn);
      const rawId = idIndex < 0 ? "" : (row.cells[idIndex]?.trim() ?? "");
      const id = rawId === "" ? null : rawId;
      const at = row.line * TABLE_SLOTS + tableIndex;

      // 1. The row on its own: reader problems, then the row validator.
      let parsed: ParsedRow | null = null;
      if (row.problems?.length) {
        for (const p of row.problems) report(row, p.column, p.message);
      } else {
        const result = validateRow(row.cells);
        if (!Array.isArray(result)) parsed = result;
        else for (const problem of result) report(row, problem.column, problem.message);
      }

      // 2. Duplicate ids within the entity (the first occurrence is kept).
      if (id !== null) {
        const earlier = this.seen.get(id);
        if (earlier === undefined) this.seen.set(id, at);
        else {
          const first = this.place(earlier);
          const where = first.file === table.file ? `line ${first.line}` : `${first.file}:${first.line}`;
          report(row, "id", `duplicate id "${id}" (first on ${where})`);
        }
      }

      // 3. References, looked up in the database. Invalid rows are checked too (from their raw
      // cells), so every problem is reported at once.
      const valid = reasons.length === 0 && parsed !== null;
      for (const { column, index } of references) {
        const target = parsed ? parsed[column.csv] : row.cells[index]?.trim();
        if (typeof target !== "string" || target === "") continue;
        const entity = column.references!;
        if (this.store.exists(entity, target)) continue;
        const droppedAt = this.dropped.get(entity)?.get(target);
        if (droppedAt !== undefined) {
          // Strict mode already reports the referenced row's own problem; in skip mode the
          // dependant goes with it.
          if (this.skipInvalid && valid) {
            const label = table.labels[column.csv] ?? column.csv;
            const { file, line } = this.place(droppedAt);
            reasons.push(`${label}: references ${entity} "${target}", which is skipped (${file}:${line})`);
          }
          continue;
        }
        if (table.clearMissingReferences && !column.required) {
          if (parsed) parsed[column.csv] = null;
          clearedHere.push({ column: column.csv, target, entity });
          continue;
        }
        report(row, column.csv, `no ${entity} row has id "${target}" (in this import or stored for this workspace)`);
      }

      // 4. Write it, or leave it out.
      if (reasons.length === 0 && parsed !== null) {
        if (this.store.exists(table.entity, id!)) counts.updated++;
        else counts.inserted++;
        upsert(parsed, extra);
        for (const c of clearedHere) {
          const entry = cleared.get(c.column);
          if (entry) entry.count++;
          else cleared.set(c.column, { count: 1, line: row.line, target: c.target, entity: c.entity });
        }
      } else {
        if (id !== null && !dropped.has(id)) dropped.set(id, at);
        if (this.skipInvalid) {
          this.skipped.push({ entity: table.entity, file: table.file, line: row.line, id, reason: reasons.join("; ") });
        }
      }
      onRow?.();
    }
    for (const [column, { count, line, target, entity }] of cleared) {
      const links = count === 1 ? "1 link" : `${count} links`;
      this.warnings.push({
        file: table.file,
        line,
        column: table.labels[column] ?? column,
        message: `${links} to ${entity} not in the export cleared, the rows kept (first: "${target}")`,
      });
    }
  }
}
