/**
 * Reads a folder (or one file) of CRM export CSVs for a preset. Each file is recognised by its
 * header (saved views are named after the view, Salesforce's Data Loader writes `extract.csv`),
 * by the key prefix of its first Salesforce id, or else by its name; every other file of the
 * folder is listed as ignored with the reason. Recognised files are converted by one or more
 * FileRules into canonical tables.
 */
import fs from "node:fs";
import path from "node:path";
import { CsvSyntaxError, readCsvFile, type CsvFile } from "../csv-reader.js";
import { tableFromCsv, type FileRule } from "../source-table.js";
import type { IgnoredFile, ImportEncoding, ImportIssue, SourceResult, SourceTable } from "../types.js";

export interface ExportFile {
  /** What the file holds, for messages ("HubSpot contacts export"). */
  label: string;
  /** Matches the file's base name. */
  name: RegExp;
  /** Header columns that identify this export. */
  signature: readonly string[];
  /** The key prefix of the records' `Id` (Salesforce: 001 Account, 003 Contact…). */
  idPrefix?: string;
  rules: readonly FileRule[];
  /** Reads a lookup file (e.g. Salesforce profiles, HubSpot company names) that later files' rules use. */
  collect?: (csv: CsvFile, file: string) => void;
}

export interface Preset {
  title: string;
  files: readonly ExportFile[];
  /** Tables built after all files are read (e.g. users derived from owner names). */
  derivedTables?: () => SourceTable[];
  /** Warnings and notes once every row was read (stages taken as open, companies linked by name). */
  finish?: () => { warnings: ImportIssue[]; notes: string[] };
  /** Warnings known from the headers alone (which column holds the lost reason). */
  headerWarnings?: () => ImportIssue[];
}

export interface PresetReadOptions {
  encoding?: ImportEncoding;
  /** Files of the folder another source reads (a mapping file's files): neither read nor ignored. */
  exclude?: ReadonlySet<string>;
}

const lower = (s: string) => s.toLowerCase();

function firstId(csv: CsvFile): string {
  const id = csv.header.findIndex((h) => lower(h) === "id");
  if (id < 0) return "";
  for (const record of csv.records) return record.cells[id]?.trim() ?? "";
  return "";
}

/** The export `csv` holds: by header, then by Salesforce id prefix, then by name. */
function recognise(preset: Preset, name: string, csv: CsvFile): ExportFile | undefined {
  const header = new Set(csv.header.map(lower));
  // The most specific signature wins (a contacts export has a "Company Name" column too), then the name.
  const byHeader = preset.files
    .filter((f) => f.signature.every((s) => header.has(lower(s))))
    .sort((a, b) => b.signature.length - a.signature.length || Number(b.name.test(name)) - Number(a.name.test(name)));
  if (byHeader.length) return byHeader[0];
  if (preset.files.some((f) => f.idPrefix)) {
    let id = "";
    try {
      id = firstId(csv);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
    }
    const byId = id && preset.files.find((f) => f.idPrefix && id.startsWith(f.idPrefix));
    if (byId) return byId;
  }
  return preset.files.find((f) => f.name.test(name));
}

export async function readPresetSource(
  source: string,
  preset: Preset,
  options: PresetReadOptions = {},
): Promise<SourceResult> {
  const { encoding } = options;
  const issues: ImportIssue[] = [];
  const columnIssues: ImportIssue[] = [];
  const ignored: IgnoredFile[] = [];
  const tables: SourceTable[] = [];
  const isDir = fs.statSync(source).isDirectory();
  const dir = isDir ? source : path.dirname(source);
  const names = isDir ? fs.readdirSync(source).sort() : [path.basename(source)];
  const expected = preset.files.map((f) => f.label).join(", ");

  const chosen = new Map<ExportFile, { name: string; csv: CsvFile }>();
  for (const name of names) {
    if (options.exclude?.has(name)) continue;
    const filePath = path.join(dir, name);
    let isFile = false;
    try {
      isFile = fs.statSync(filePath).isFile();
    } catch {
      // A broken link or an unreadable entry: reported below like any other unreadable file.
      isFile = true;
    }
    if (!isFile) {
      ignored.push({ file: name, reason: "a folder (files in subfolders are not read)" });
      continue;
    }
    if (!lower(name).endsWith(".csv")) {
      ignored.push({ file: name, reason: "not a CSV file" });
      continue;
    }
    const { csv, issues: readIssues } = await readCsvFile(filePath, name, ",", encoding);
    if (!csv) {
      // Unreadable (another encoding, not text…): the user most likely meant it to be imported.
      issues.push(...readIssues);
      continue;
    }
    const match = recognise(preset, name, csv);
    if (!match) {
      ignored.push({ file: name, reason: `its header is none of a ${preset.title} export's (${expected})` });
      continue;
    }
    const earlier = chosen.get(match);
    if (earlier) {
      issues.push({
        file: name,
        line: 1,
        column: "",
        message: `looks like a second ${match.label} (the first is ${earlier.name}): keep one`,
      });
      continue;
    }
    chosen.set(match, { name, csv });
  }
  if (chosen.size === 0 && issues.length === 0 && !options.exclude?.size) {
    issues.push({
      file: path.basename(source),
      line: 1,
      column: "",
      message: `no ${preset.title} export files found (expected: ${expected})`,
    });
  }
  for (const exportFile of preset.files) {
    const entry = chosen.get(exportFile);
    if (entry === undefined) continue;
    const { name, csv } = entry;
    try {
      exportFile.collect?.(csv, name);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      issues.push(error.issue);
      continue;
    }
    for (const rule of exportFile.rules) {
      const result = tableFromCsv(name, csv, rule);
      issues.push(...result.issues);
      columnIssues.push(...result.columnIssues);
      if (result.table) tables.push({ ...result.table, clearMissingReferences: true });
    }
  }
  if (preset.derivedTables && issues.length === 0) {
    // Derived tables (users named as owners) come first, so they must be known before the
    // import streams the files: one extra read of each file, keeping only what the rules
    // register (one entry per distinct owner).
    for (const table of tables) {
      try {
        for (const row of table.rows) void row;
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        // Several tables can come from one file: report its problem once.
        if (!issues.some((i) => i.file === error.issue.file && i.line === error.issue.line)) issues.push(error.issue);
      }
    }
    tables.unshift(...preset.derivedTables().map((t) => ({ ...t, clearMissingReferences: true })));
  }
  return {
    tables,
    issues,
    columnIssues,
    ignored,
    warnings: preset.headerWarnings?.() ?? [],
    ...(preset.finish ? { finish: preset.finish } : {}),
  };
}
