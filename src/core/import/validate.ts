/**
 * Validates every row of every table before anything is written: zod row schemas (types,
 * required values, enums), duplicate ids within an entity, and references to ids that are
 * neither in the import nor already stored for the workspace. Every problem is reported.
 *
 * With `skipInvalid`, invalid rows are dropped (and listed), and so are rows that reference a
 * dropped row, entity by entity in dependency order; every other row is kept.
 */
import { ENTITIES, entitySpec, type EntityName } from "../dataset/entities.js";
import { rowSchema, type ParsedRow } from "./row-schema.js";
import type { ImportIssue, SkippedRow, SourceRow, SourceTable } from "./types.js";

export interface ValidRow {
  line: number;
  id: string;
  values: ParsedRow;
  extra: string | null;
}

export interface ValidatedTable {
  table: SourceTable;
  rows: ValidRow[];
}

export interface ValidationResult {
  tables: ValidatedTable[];
  issues: ImportIssue[];
  skipped: SkippedRow[];
}

export interface ValidationInput {
  tables: SourceTable[];
  /** Ids already stored for the workspace, per entity (only read for referenced entities). */
  storedIds: (entity: EntityName) => ReadonlySet<string>;
  skipInvalid: boolean;
  /** Called after each row is checked. */
  onRow?: () => void;
}

interface Candidate {
  table: SourceTable;
  row: SourceRow;
  id: string | null;
  parsed: ParsedRow | null;
  reasons: string[];
}

function reportProblem(issues: ImportIssue[], candidate: Candidate, column: string, message: string): void {
  const { table, row } = candidate;
  const label = column ? (table.labels[column] ?? column) : "";
  issues.push({ file: table.file, line: row.line, column: label, message });
  candidate.reasons.push(label ? `${label}: ${message}` : message);
}

export function validateTables(input: ValidationInput): ValidationResult {
  const issues: ImportIssue[] = [];
  const skipped: SkippedRow[] = [];
  const byEntity = new Map<EntityName, Candidate[]>();

  // 1. Each row on its own: reader problems, then the zod schema.
  for (const table of input.tables) {
    const schema = rowSchema(entitySpec(table.entity), table.columns, table.relaxRequired);
    const list = byEntity.get(table.entity) ?? [];
    byEntity.set(table.entity, list);
    const idIndex = table.columns.indexOf("id");
    // zod does not keep its input: one object per table, refilled for each row.
    const fields: Record<string, string | undefined> = {};
    for (const row of table.rows) {
      const id = idIndex < 0 ? "" : (row.cells[idIndex]?.trim() ?? "");
      const candidate: Candidate = { table, row, id: id === "" ? null : id, parsed: null, reasons: [] };
      if (row.problems?.length) {
        for (const p of row.problems) reportProblem(issues, candidate, p.column, p.message);
      } else {
        for (let i = 0; i < table.columns.length; i++) fields[table.columns[i]!] = row.cells[i];
        const result = schema.safeParse(fields);
        if (result.success) candidate.parsed = result.data;
        else
          for (const issue of result.error.issues)
            reportProblem(issues, candidate, String(issue.path[0] ?? ""), issue.message);
      }
      list.push(candidate);
      input.onRow?.();
    }
  }

  // 2. Duplicate ids within an entity (the first occurrence is kept).
  for (const [, candidates] of byEntity) {
    const first = new Map<string, Candidate>();
    for (const c of candidates) {
      if (c.id === null) continue;
      const earlier = first.get(c.id);
      if (!earlier) {
        first.set(c.id, c);
        continue;
      }
      const where =
        earlier.table.file === c.table.file ? `line ${earlier.row.line}` : `${earlier.table.file}:${earlier.row.line}`;
      const message = `duplicate id "${c.id}" (first on ${where})`;
      const label = c.table.labels.id ?? "id";
      issues.push({ file: c.table.file, line: c.row.line, column: label, message });
      c.reasons.push(`${label}: ${message}`);
    }
  }

  // 3. References, in dependency order so a skipped row's dependants are skipped too.
  const acceptedIds = new Map<EntityName, Set<string>>();
  const droppedIds = new Map<EntityName, Map<string, Candidate>>();
  const output = new Map<SourceTable, ValidRow[]>(input.tables.map((t) => [t, []]));
  for (const spec of ENTITIES) {
    const candidates = byEntity.get(spec.name) ?? [];
    const accepted = new Set<string>();
    const dropped = new Map<string, Candidate>();
    const references = spec.columns.filter((c) => c.references);
    for (const c of candidates) {
      // Invalid rows are checked too (from their raw cells), so every problem is reported at once.
      const valid = c.reasons.length === 0 && c.parsed !== null;
      for (const column of references) {
        const i = c.table.columns.indexOf(column.csv);
        if (i < 0) continue;
        const target = c.parsed ? c.parsed[column.csv] : c.row.cells[i]?.trim();
        if (typeof target !== "string" || target === "") continue;
        const entity = column.references!;
        if (acceptedIds.get(entity)?.has(target) || input.storedIds(entity).has(target)) continue;
        const label = c.table.labels[column.csv] ?? column.csv;
        const droppedRow = droppedIds.get(entity)?.get(target);
        if (droppedRow) {
          // Strict mode already reports the referenced row's own problem; in skip mode the
          // dependant goes with it.
          if (input.skipInvalid && valid) {
            c.reasons.push(
              `${label}: references ${entity} "${target}", which is skipped (${droppedRow.table.file}:${droppedRow.row.line})`,
            );
          }
          continue;
        }
        const message = `no ${entity} row has id "${target}" (in this import or stored for this workspace)`;
        issues.push({ file: c.table.file, line: c.row.line, column: label, message });
        c.reasons.push(`${label}: ${message}`);
      }
      if (c.reasons.length === 0 && c.parsed) {
        accepted.add(c.id!);
        output.get(c.table)!.push({ line: c.row.line, id: c.id!, values: c.parsed, extra: c.row.extra });
      } else {
        if (c.id !== null && !accepted.has(c.id) && !dropped.has(c.id)) dropped.set(c.id, c);
        if (input.skipInvalid) {
          skipped.push({
            entity: spec.name,
            file: c.table.file,
            line: c.row.line,
            id: c.id,
            reason: c.reasons.join("; "),
          });
        }
      }
    }
    acceptedIds.set(spec.name, accepted);
    droppedIds.set(spec.name, dropped);
  }
  return { tables: input.tables.map((table) => ({ table, rows: output.get(table)! })), issues, skipped };
}
