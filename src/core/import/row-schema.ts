/**
 * Row validators derived from ENTITIES (the one description of the canonical columns), so a
 * column added to the contract is validated without touching the importer. Every source
 * (canonical CSV/JSON, presets, mapping files) hands rows of canonical *strings* to these
 * validators; they produce the values stored in the database.
 */
import { PLAIN_NUMBER } from "../csv/write.js";
import type { ColumnSpec, ColumnType, EntityName, EntitySpec } from "../dataset/entities.js";
import { tooLong, type ImportLimits } from "./limits.js";
import { countryCode } from "./presets/countries.js";
import { parseTimestamp } from "./timestamp.js";

/** A validated cell as written to SQLite (booleans become 1/0 at write time). */
export type DbValue = string | number | boolean | null;
export type ParsedRow = Record<string, DbValue>;

const INTEGER = /^[+-]?\d+$/;

/** A conversion's outcome: the value, or the problem (no closures: this runs per cell). */
class Invalid {
  constructor(readonly message: string) {}
}

/** Converts one non-blank canonical string to its stored value, or says why it cannot. */
type Converter = (value: string) => DbValue | Invalid;

/**
 * Distinct values a country column remembers its code for: a file has a few dozen countries,
 * and a hostile one with a million distinct values must not grow memory.
 */
const COUNTRY_MEMO = 4096;

/** The converter for one column, built once per validator. */
function converter(column: ColumnSpec, limits: ImportLimits): Converter {
  const type: ColumnType = column.type;
  if (typeof type === "object") {
    // Case-insensitive: "Open" from a spreadsheet means "open"; the stored value is canonical.
    const values = new Set<string>(type.enum);
    const invalid = (value: string) => new Invalid(`"${value}" is not one of: ${type.enum.join(", ")}`);
    return (value) => {
      const lower = value.toLowerCase();
      return values.has(lower) ? lower : invalid(value);
    };
  }
  switch (type) {
    case "string":
    case "tags":
      return (value) => value;
    case "country": {
      const codes = new Map<string, DbValue>();
      return (value) => {
        let code = codes.get(value);
        if (code === undefined) {
          code = countryCode(value);
          if (codes.size < COUNTRY_MEMO) codes.set(value, code);
        }
        return code;
      };
    }
    case "timestamp":
      return (value) => {
        const ms = parseTimestamp(value, column.dateOnly ?? "start", limits.timeZone);
        if (ms === null)
          return new Invalid(
            `"${value}" is not an ISO 8601 date or date-time (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)`,
          );
        if (ms < limits.earliest || ms > limits.latest)
          return new Invalid(`"${value}" is outside the accepted dates ${limits.window} (--date-window)`);
        return ms;
      };
    case "boolean":
      return (value) => {
        const lower = value.toLowerCase();
        if (lower === "true") return true;
        if (lower === "false") return false;
        return new Invalid(`"${value}" is not a boolean (true or false)`);
      };
    case "number":
      return (value) => {
        if (!PLAIN_NUMBER.test(value)) return new Invalid(`"${value}" is not a number`);
        // `1e309` is number syntax but Infinity: SQLite would store it as Inf.
        const n = Number(value);
        return Number.isFinite(n) ? n : new Invalid(`"${value}" is too large to store as a number`);
      };
    case "integer":
      return (value) => {
        if (!INTEGER.test(value)) return new Invalid(`"${value}" is not a whole number`);
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : new Invalid(`"${value}" is too large to store as a whole number`);
      };
  }
}

const SCORE_RANGES: Record<string, [number, number]> = { csat5: [1, 5], nps10: [0, 10] };

/**
 * Rules that involve more than one column and so cannot live in a ColumnSpec. Only the
 * contract's own (docs/import.md: csat5 = 1..5, nps10 = 0..10).
 */
const CROSS_COLUMN_RULES: Partial<
  Record<EntityName, (row: ParsedRow, problem: (column: string, message: string) => void) => void>
> = {
  customer_feedback(row, problem) {
    const range = typeof row.scale === "string" ? SCORE_RANGES[row.scale] : undefined;
    if (!range || typeof row.score !== "number") return;
    if (row.score < range[0] || row.score > range[1]) {
      problem("score", `${row.score} is outside ${range[0]}..${range[1]} for scale ${String(row.scale)}`);
    }
  },
};

/** A row's problems, each at its column (canonical CSV name). */
export interface RowProblem {
  column: string;
  message: string;
}

/**
 * Validates one row of canonical strings, given in the order of the columns the validator was
 * made for: the stored values, or what is wrong with them.
 */
export type RowValidator = (cells: readonly (string | undefined)[]) => ParsedRow | RowProblem[];

const cache = new Map<string, RowValidator>();

/**
 * The validator for rows that carry exactly `columns` (canonical CSV names) of `entity`,
 * compiled once per file layout. Columns absent from a file are left out: the header check
 * reports missing required ones once, and the writer does not touch absent columns on update.
 *
 * A plain function over the column specs rather than a per-row zod parse: the cells are
 * already strings (every reader hands strings), so all that is left is converting each and
 * reporting each bad value at its column; zod's object pass and issue objects around that
 * cost about a tenth of an import's main-thread time (docs/performance.md, "Import").
 */
export function rowSchema(
  entity: EntitySpec,
  columns: readonly string[],
  limits: ImportLimits,
  relaxRequired: readonly string[] = [],
): RowValidator {
  const key = `${entity.name}|${columns.join(",")}|${relaxRequired.join(",")}|${limits.maxFieldChars}|${limits.window}|${limits.timeZone}`;
  let validator = cache.get(key);
  if (!validator) {
    const specs: { name: string; convert: Converter; required: boolean; blank: DbValue }[] = columns.map((name) => {
      const column = entity.columns.find((c) => c.csv === name);
      if (!column) throw new Error(`${entity.name} has no column ${name}`);
      const relaxed = relaxRequired.includes(name);
      // A relaxed required column is NOT NULL in the database: blank is stored as "".
      const blank = column.required && relaxed ? "" : (column.default ?? null);
      return { name, convert: converter(column, limits), required: Boolean(column.required) && !relaxed, blank };
    });
    const rule = CROSS_COLUMN_RULES[entity.name];
    validator = (cells) => {
      const row: ParsedRow = {};
      let problems: RowProblem[] | null = null;
      for (let c = 0; c < specs.length; c++) {
        const { name, convert, required, blank } = specs[c]!;
        const value = cells[c]?.trim() ?? "";
        let converted: DbValue | Invalid =
          value === ""
            ? blank
            : value.length > limits.maxFieldChars
              ? new Invalid(tooLong(value.length, limits))
              : convert(value);
        if (value === "" && required) converted = new Invalid("is required");
        if (converted instanceof Invalid) {
          (problems ??= []).push({ column: name, message: converted.message });
          converted = null;
        }
        row[name] = converted;
      }
      if (problems) return problems;
      if (rule) {
        const crossed: RowProblem[] = [];
        rule(row, (column, message) => crossed.push({ column, message }));
        if (crossed.length) return crossed;
      }
      return row;
    };
    cache.set(key, validator);
  }
  return validator;
}
