/**
 * Turns the records of one source file into a SourceTable of canonical columns, following a
 * list of column rules. The canonical format, the presets and user mapping files are all
 * such rule lists, so header checks, extra-column capture and line tracking exist once.
 */
import { entitySpec, type EntityName } from "../dataset/entities.js";
import { fieldCountProblem, type CsvFile } from "./csv-reader.js";
import type { ImportIssue, SourceRow, SourceTable } from "./types.js";

/** What a rule sees of the source row it is converting. */
export interface RowContext {
  /** A source column's value ("" when the column is absent), by name, case-insensitive. */
  get(column: string): string;
  file: string;
  line: number;
}

export interface ColumnRule {
  /** Canonical CSV column this rule fills. */
  target: string;
  /** Source columns to take the value from: the first one present in the header is used. */
  from?: readonly string[];
  /** Converts the source value (or computes the value) to the canonical string format. */
  value?: (cell: string, row: RowContext) => string;
  /** A fixed value for every row (mapping files' `constants`, preset defaults). */
  constant?: string;
  /** Other source columns `value` reads: they are consumed, not kept as extra. */
  reads?: readonly string[];
  /** Report the source column missing from the header even when the target is optional. */
  mustExist?: boolean;
  /**
   * Aspects of the target only some source columns supply, e.g. for consent
   * `{ granted: { from: ["Legal basis for processing contact's data"], hint } }`: without one
   * of `from` in the header the aspect counts as not supplied (`from: []`: never), and the
   * checks that need it are not measured (SourceTable.aspects).
   */
  aspects?: Readonly<Record<string, { from: readonly string[]; hint: string }>>;
  /** Columns of `from` the rule reads that stay in `extra` as well (a name it links by). */
  keep?: readonly string[];
}

export interface FileRule {
  entity: EntityName;
  columns: readonly ColumnRule[];
  /** Rows the rule applies to (e.g. only Salesforce tasks that are logged calls). */
  filter?: (row: RowContext) => boolean;
  /** Canonical required columns a derived table may leave blank. */
  relaxRequired?: readonly string[];
  /** A secondary table of a file: when its required columns are missing it yields nothing. */
  optional?: boolean;
}

/** One object per file, moved from row to row (rules run synchronously and keep nothing). */
class SourceRowContext implements RowContext {
  cells: string[] = [];
  line = 0;
  constructor(
    readonly file: string,
    private readonly index: ReadonlyMap<string, number>,
  ) {}
  get(column: string): string {
    const i = this.index.get(column.toLowerCase());
    return i === undefined ? "" : (this.cells[i] ?? "");
  }
}

interface Bound {
  rule: ColumnRule;
  index: number; // source column index, -1 for constants
  label: string;
}

export interface TableResult {
  table: SourceTable | null;
  issues: ImportIssue[];
  /**
   * Columns missing from the header. The table is still built without them (so its rows can be
   * checked and their problems reported in the same run), but the import must fail.
   */
  columnIssues: ImportIssue[];
}

export function tableFromCsv(file: string, csv: CsvFile, fileRule: FileRule): TableResult {
  const spec = entitySpec(fileRule.entity);
  const index = new Map<string, number>();
  csv.header.forEach((name, i) => {
    if (name !== "" && !index.has(name.toLowerCase())) index.set(name.toLowerCase(), i);
  });
  const issues: ImportIssue[] = [];
  const bound: Bound[] = [];
  const consumed = new Set<number>();
  for (const rule of fileRule.columns) {
    if (rule.constant !== undefined) {
      bound.push({ rule, index: -1, label: rule.target });
      continue;
    }
    const from = rule.from ?? [rule.target];
    const name = from.find((n) => index.has(n.toLowerCase()));
    for (const n of [...from, ...(rule.reads ?? [])]) {
      if (rule.keep?.includes(n)) continue;
      const i = index.get(n.toLowerCase());
      if (i !== undefined) consumed.add(i);
    }
    if (name !== undefined) {
      bound.push({ rule, index: index.get(name.toLowerCase())!, label: csv.header[index.get(name.toLowerCase())!]! });
      continue;
    }
    const column = spec.columns.find((c) => c.csv === rule.target);
    if (column?.required && !fileRule.relaxRequired?.includes(rule.target)) {
      issues.push({
        file,
        line: csv.headerLine,
        column: from[0]!,
        message: "required column is missing from the header",
      });
    } else if (rule.mustExist) {
      issues.push({
        file,
        line: csv.headerLine,
        column: from[0]!,
        message: "column named in the mapping file is missing from the header",
      });
    }
  }
  // A table without a missing column is still built (rows are checked only for the columns
  // they have), so the rows' problems are reported with the header's.
  if (issues.length && fileRule.optional) return { table: null, issues: [], columnIssues: [] };

  const extraColumns = csv.header.map((name, i) => i).filter((i) => !consumed.has(i) && csv.header[i] !== "");
  // Canonical files mostly map column i to column i unchanged: then the parsed cells are the values.
  const identity =
    bound.length === csv.header.length &&
    bound.every((b, i) => b.index === i && !b.rule.value && b.rule.constant === undefined);
  const aspects: Record<string, { supplied: boolean; hint: string }> = {};
  for (const { rule } of bound) {
    for (const [aspect, { from, hint }] of Object.entries(rule.aspects ?? {})) {
      aspects[`${rule.target}:${aspect}`] = { supplied: from.some((n) => index.has(n.toLowerCase())), hint };
    }
  }
  const context = new SourceRowContext(file, index);
  // Rows are converted while the records stream by: nothing of the file is kept.
  function* convertRows(): Generator<SourceRow> {
    for (const record of csv.records) {
      const cells = record.cells;
      context.cells = cells;
      context.line = record.line;
      if (fileRule.filter && !fileRule.filter(context)) continue;
      const problem = fieldCountProblem(record, csv.header);
      let values: (string | undefined)[];
      if (identity && !problem) values = cells;
      else {
        values = new Array<string | undefined>(bound.length);
        for (let b = 0; b < bound.length; b++) {
          const { rule, index: i } = bound[b]!;
          const cell = i < 0 ? undefined : (cells[i] ?? "");
          values[b] = cell === undefined ? rule.constant : rule.value ? rule.value(cell, context) : cell;
        }
      }
      let extra: string | null = null;
      if (extraColumns.length) {
        let kept: Record<string, string> | null = null;
        for (const i of extraColumns) {
          const cell = cells[i];
          if (cell !== undefined && cell.trim() !== "") (kept ??= {})[csv.header[i]!] = cell;
        }
        if (kept) extra = JSON.stringify(kept);
      }
      // One shape for every row (no spread of an optional key): the pass reads millions.
      yield {
        line: record.line,
        cells: values,
        extra,
        problems: problem ? [{ column: "", message: problem }] : undefined,
      };
    }
  }
  return {
    table: {
      entity: fileRule.entity,
      file,
      columns: bound.map((b) => b.rule.target),
      labels: Object.fromEntries(bound.map((b) => [b.rule.target, b.label])),
      hasExtra: extraColumns.length > 0,
      rows: { [Symbol.iterator]: convertRows },
      countRows: csv.countLines,
      ...(fileRule.relaxRequired ? { relaxRequired: fileRule.relaxRequired } : {}),
      ...(Object.keys(aspects).length ? { aspects } : {}),
    },
    issues: [],
    columnIssues: issues,
  };
}

/** The canonical format as a rule list: every canonical column under its own name. */
export function canonicalFileRule(entity: EntityName): FileRule {
  return { entity, columns: entitySpec(entity).columns.map((c) => ({ target: c.csv })) };
}
