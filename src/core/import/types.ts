/**
 * Shapes shared by the importer's stages: sources (canonical CSV/JSON, presets, mapping files)
 * turn files into `SourceTable`s of canonical columns; validation turns those into rows ready to
 * write; the orchestrator reports an `ImportReport`.
 */
import type { EntityName } from "../dataset/entities.js";
import type { DateWindow } from "./limits.js";

export type ImportPreset = "canonical" | "hubspot" | "salesforce";

/** Text encodings the importer reads (TextDecoder labels); UTF-8 unless the file has a UTF-16 BOM. */
export const IMPORT_ENCODINGS = ["utf-8", "latin1", "windows-1252", "utf-16le"] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export interface ImportOptions {
  preset?: ImportPreset;
  /** A YAML or JSON mapping file for exports no preset covers (see docs/import.md). */
  mappingFile?: string;
  /** Validate and report what would be inserted/updated, write nothing. */
  dryRun?: boolean;
  /** Skip invalid rows (and rows that reference them) instead of failing the whole import. */
  skipInvalid?: boolean;
  /** Encoding of the input files (default UTF-8; a UTF-16 or UTF-8 byte-order mark wins). */
  encoding?: ImportEncoding;
  /** Longest text a field may hold, in characters (default 10,000). */
  maxFieldChars?: number;
  /** Dates outside this window are errors (default 1900-01-01..2200-01-01). */
  dateWindow?: DateWindow;
  /**
   * The workspace's time zone, an IANA name (default "UTC"): dates without a time are its
   * calendar days, date-times without an offset its wall-clock times (docs/import.md).
   */
  timeZone?: string;
  /** Called while importing; `total` is an upper bound of the rows (line breaks of the files). */
  onProgress?: (done: number, total: number) => void;
  /**
   * How long the final copy waits for SQLite's write lock when another writer (not an import of
   * this workspace: those wait for the import lock) holds it, in ms (default 60 s).
   */
  lockWaitMs?: number;
  /** Called once when another import of the workspace runs, with a line saying so (then it waits). */
  onWait?: (message: string) => void;
  /**
   * The export holds every record of the objects it has: stored records of those entities that
   * it lacks are deleted (docs/import.md, "Full exports").
   */
  full?: boolean;
  /** A full import may delete more than `maxDropShare` of an entity's records. */
  allowDrop?: boolean;
  /** Share of an entity's stored records a full import may delete (default 0.2). */
  maxDropShare?: number;
  /** What import_log records as the source (default: the path); the seeded sample's starts "sample:". */
  sourceLabel?: string;
}

/** One problem, printed as `file:line: column: message` by `formatImportIssue`. */
export interface ImportIssue {
  /** File as the user knows it: relative to the imported folder, or the file's base name. */
  file: string;
  /** 1-based physical line where the record starts (1 = header for file-level problems). */
  line: number;
  /** Column name as it appears in the user's file; "" when the problem is not about one column. */
  column: string;
  message: string;
}

export interface SkippedRow {
  entity: EntityName;
  file: string;
  line: number;
  /** The row's id, when it had one. */
  id: string | null;
  reason: string;
}

export interface IgnoredFile {
  file: string;
  reason: string;
}

export interface EntityCounts {
  inserted: number;
  updated: number;
  /** Stored records a full import deleted because the export lacks them (full imports only). */
  deleted?: number;
}

export interface ImportReport {
  /** True when the data was written (or, for a dry run, would be). */
  ok: boolean;
  dryRun: boolean;
  workspaceId: string;
  source: string;
  preset: ImportPreset | "mapping";
  /** Per entity present in the import; in a dry run, what would be inserted/updated. */
  counts: Partial<Record<EntityName, EntityCounts>>;
  /** Data rows read from all files (before skipping). */
  rowsRead: number;
  /** Every problem found (not capped; `formatImportReport` caps what it prints). */
  issues: ImportIssue[];
  /** Values that were imported changed (hidden control characters removed), one per cell. */
  warnings: ImportIssue[];
  /** Rows left out in --skip-invalid mode, with the reason. */
  skipped: SkippedRow[];
  /** What the source did beyond copying rows ("linked 12 contacts to companies by name"). */
  notes: string[];
  /** Files of the imported folder that were not read, with the reason. */
  ignored: IgnoredFile[];
  /** The seeded sample this import replaced (docs/import.md, "The sample"), when it did. */
  replacedSample?: { records: Partial<Record<EntityName, number>>; imports: number; audits: number };
  /** Rows read per second over the whole import (read, validate, write). */
  rowsPerSecond: number;
  durationMs: number;
  /**
   * Inputs checks need that this import did not supply (so those checks are not measured), with
   * what to add to the export when the import knows (a dry run says it too); absent when the
   * import failed.
   */
  unsupplied?: UnsuppliedInput[];
}

export interface UnsuppliedInput {
  /** "users.last_login_at", "contacts.consent (granted)", or a table ("activities"). */
  input: string;
  /** The check ids that will not be measured without it. */
  checks: string[];
  hint: string | null;
}

/**
 * One file's rows expressed in canonical columns. `cells[i]` is the value of `columns[i]`
 * (undefined when the source had no value at all, e.g. a JSON key that is absent).
 */
export interface SourceTable {
  entity: EntityName;
  /** For issues: the user's file name. */
  file: string;
  /** Canonical CSV column names this table provides. */
  columns: string[];
  /** Canonical column → column name in the user's file (issues name what the user sees). */
  labels: Record<string, string>;
  /** Whether the rows carry `extra` values (columns beyond the canonical ones). */
  hasExtra: boolean;
  /**
   * The rows, in file order. CSV tables stream them from the file on each iteration (it may
   * throw CsvSyntaxError part-way); JSON tables hold them in an array.
   */
  rows: Iterable<SourceRow>;
  /** An upper bound of the rows (for progress), when cheaper than iterating them. */
  countRows?: () => number;
  /**
   * Required canonical columns this table may leave blank. Only for tables the importer
   * derives itself (users created from owner names, whose email an export does not give).
   */
  relaxRequired?: readonly string[];
  /**
   * Aspects of a column the source can or cannot express, keyed "column:aspect" (canonical
   * names): a HubSpot export without "Legal basis for processing contact's data" fills
   * `consent` with withdrawals only, so "consent:granted" is not supplied. See ColumnRule.aspects.
   */
  aspects?: Readonly<Record<string, { supplied: boolean; hint: string }>>;
  /**
   * A reference to a record that is not in the import nor stored clears that link (with a
   * warning) instead of failing the row: CRM exports are often filtered views whose rows point
   * at records left out of the export. Required references still fail.
   */
  clearMissingReferences?: boolean;
}

export interface SourceRow {
  line: number;
  cells: (string | undefined)[];
  /** JSON object text of the extra columns, or null. */
  extra: string | null;
  /** Problems the reader already found (e.g. a wrong number of fields): the row is invalid. */
  problems?: { column: string; message: string }[];
}

/** What a source read: its tables, or the problems that stop the import before any row is read. */
export interface SourceResult {
  tables: SourceTable[];
  /** Problems that stop the import at once (unreadable file, bad CSV syntax, a bad mapping file). */
  issues: ImportIssue[];
  /**
   * Columns missing from a header: the import fails, but the rows are still read and checked,
   * so their problems are reported in the same run.
   */
  columnIssues?: ImportIssue[];
  /** Warnings known before the rows are read. */
  warnings?: ImportIssue[];
  ignored?: IgnoredFile[];
  /** Warnings and notes only known once every row was read (called after the pass). */
  finish?: () => { warnings: ImportIssue[]; notes: string[] };
}
