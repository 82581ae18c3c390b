/**
 * Reads a folder (or one file) of CRM export CSVs for a preset: each export file is
 * recognised by its name (or, for a single file with another name, by its header) and
 * converted by one or more FileRules into canonical tables.
 */
import fs from "node:fs";
import path from "node:path";
import { CsvSyntaxError, readCsvFile, type CsvFile } from "../csv-reader.js";
import { tableFromCsv, type FileRule } from "../source-table.js";
import type { ImportEncoding, ImportIssue, SourceResult, SourceTable } from "../types.js";

export interface ExportFile {
  /** What the file holds, for messages ("HubSpot contacts export"). */
  label: string;
  /** Matches the file's base name. */
  name: RegExp;
  /** Header columns that identify this export when the name does not. */
  signature: readonly string[];
  rules: readonly FileRule[];
  /** Reads a lookup file (e.g. Salesforce profiles) that later files' rules use. */
  collect?: (csv: CsvFile) => void;
}

export interface Preset {
  title: string;
  files: readonly ExportFile[];
  /** Tables built after all files are read (e.g. users derived from owner names). */
  derivedTables?: () => SourceTable[];
}

export async function readPresetSource(
  source: string,
  preset: Preset,
  encoding?: ImportEncoding,
): Promise<SourceResult> {
  const issues: ImportIssue[] = [];
  const tables: SourceTable[] = [];
  const isDir = fs.statSync(source).isDirectory();
  const names = isDir
    ? fs
        .readdirSync(source)
        .filter((n) => n.toLowerCase().endsWith(".csv"))
        .sort()
    : [path.basename(source)];
  const dir = isDir ? source : path.dirname(source);

  const chosen = new Map<ExportFile, string>();
  for (const name of names) {
    let match = preset.files.find((f) => f.name.test(name));
    if (!match && !isDir) {
      const { csv } = await readCsvFile(path.join(dir, name), name, ",", encoding);
      const header = new Set(csv?.header.map((h) => h.toLowerCase()));
      match = preset.files.find((f) => f.signature.every((s) => header.has(s.toLowerCase())));
    }
    if (!match) continue;
    const earlier = chosen.get(match);
    if (earlier) {
      issues.push({
        file: name,
        line: 1,
        column: "",
        message: `looks like a second ${match.label} (the first is ${earlier}): keep one`,
      });
      continue;
    }
    chosen.set(match, name);
  }
  if (chosen.size === 0 && issues.length === 0) {
    const expected = preset.files.map((f) => f.label).join(", ");
    issues.push({
      file: path.basename(source),
      line: 1,
      column: "",
      message: `no ${preset.title} export files found (expected: ${expected})`,
    });
  }
  for (const exportFile of preset.files) {
    const name = chosen.get(exportFile);
    if (name === undefined) continue;
    const { csv, issues: readIssues } = await readCsvFile(path.join(dir, name), name, ",", encoding);
    issues.push(...readIssues);
    if (!csv) continue;
    try {
      exportFile.collect?.(csv);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      issues.push(error.issue);
      continue;
    }
    for (const rule of exportFile.rules) {
      const result = tableFromCsv(name, csv, rule);
      issues.push(...result.issues);
      if (result.table) tables.push(result.table);
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
    tables.unshift(...preset.derivedTables());
  }
  return { tables, issues };
}
