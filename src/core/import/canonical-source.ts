/**
 * The canonical bundle (docs/import.md): a folder of optional `<entity>.csv` or `<entity>.json`
 * files, one `.json` file holding every entity, or a single `<entity>.csv` file.
 */
import fs from "node:fs";
import path from "node:path";
import { ENTITIES, entitySpec, type EntityName } from "../dataset/entities.js";
import { fileProblem, readCsvFile } from "./csv-reader.js";
import { readJsonFile, type JsonRecord } from "./json-reader.js";
import { canonicalFileRule, tableFromCsv } from "./source-table.js";
import { guessPreset, presetHint } from "./presets/detect.js";
import type { IgnoredFile, ImportEncoding, ImportIssue, SourceResult, SourceRow, SourceTable } from "./types.js";

const ENTITY_NAMES = new Set<string>(ENTITIES.map((e) => e.name));

function jsonCell(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(";");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** JSON records of one entity → a SourceTable; keys are canonical column names. */
export function tableFromJson(
  entity: EntityName,
  file: string,
  records: JsonRecord[],
): { table: SourceTable | null; issues: ImportIssue[] } {
  const spec = entitySpec(entity);
  const keys = new Set<string>();
  for (const r of records)
    if (r.value && typeof r.value === "object" && !Array.isArray(r.value))
      Object.keys(r.value).forEach((k) => keys.add(k));
  const issues: ImportIssue[] = [];
  for (const column of spec.columns) {
    if (column.required && !keys.has(column.csv) && records.length > 0) {
      issues.push({
        file,
        line: 1,
        column: column.csv,
        message: `required field is missing from every ${entity} record`,
      });
    }
  }
  if (issues.length) return { table: null, issues };
  const columns = spec.columns.filter((c) => keys.has(c.csv)).map((c) => c.csv);
  const known = new Set(spec.columns.map((c) => c.csv));
  const extraKeys = [...keys].filter((k) => !known.has(k));
  const rows: SourceRow[] = records.map(({ line, value }) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return {
        line,
        cells: columns.map(() => undefined),
        extra: null,
        problems: [{ column: "", message: "expected an object" }],
      };
    }
    const object = value as Record<string, unknown>;
    const extra: Record<string, unknown> = {};
    for (const k of extraKeys)
      if (object[k] !== undefined && object[k] !== null && object[k] !== "") extra[k] = object[k];
    return {
      line,
      cells: columns.map((c) => jsonCell(object[c])),
      extra: Object.keys(extra).length ? JSON.stringify(extra) : null,
    };
  });
  return {
    table: {
      entity,
      file,
      columns,
      labels: Object.fromEntries(columns.map((c) => [c, c])),
      hasExtra: extraKeys.length > 0,
      rows,
    },
    issues,
  };
}

function entityOfFileName(name: string): EntityName | null {
  const base = name.toLowerCase().replace(/\.(csv|json)$/, "");
  return ENTITY_NAMES.has(base) ? (base as EntityName) : null;
}

async function readOne(
  filePath: string,
  file: string,
  entity: EntityName | null,
  delimiter: string,
  encoding: ImportEncoding | undefined,
): Promise<SourceResult> {
  const issues: ImportIssue[] = [];
  const tables: SourceTable[] = [];
  if (filePath.toLowerCase().endsWith(".json")) {
    const { arrays, issues: readIssues } = readJsonFile(filePath, file, encoding);
    if (!arrays) return { tables, issues: readIssues };
    for (const [key, records] of arrays) {
      const target = entity ?? (ENTITY_NAMES.has(key) ? (key as EntityName) : null);
      if (!target) {
        issues.push({
          file,
          line: records[0]?.line ?? 1,
          column: key,
          message: `unknown entity (expected one of: ${[...ENTITY_NAMES].join(", ")})`,
        });
        continue;
      }
      const result = tableFromJson(target, file, records);
      issues.push(...result.issues);
      if (result.table) tables.push(result.table);
    }
    return { tables, issues };
  }
  const { csv, issues: readIssues } = await readCsvFile(filePath, file, delimiter, encoding);
  if (!csv) return { tables, issues: readIssues };
  const guess = guessPreset(csv.header);
  if (!entity || guess) {
    // A CRM's export given without --preset: say which preset reads it.
    const message = guess
      ? presetHint(guess)
      : `expected a folder, a .json bundle, or a file named like ${ENTITIES.map((e) => e.file).join(", ")}`;
    return { tables, issues: [{ file, line: csv.headerLine, column: "", message }] };
  }
  const result = tableFromCsv(file, csv, canonicalFileRule(entity));
  return { tables: result.table ? [result.table] : [], issues: result.issues, columnIssues: result.columnIssues };
}

/** The CSV files of a folder that look like a CRM's export, with the preset that reads them. */
async function exportsInFolder(dir: string, encoding: ImportEncoding | undefined): Promise<ImportIssue[]> {
  const hints: ImportIssue[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.toLowerCase().endsWith(".csv")) continue;
    const { csv } = await readCsvFile(path.join(dir, name), name, ",", encoding);
    const guess = csv && guessPreset(csv.header);
    if (guess) hints.push({ file: name, line: csv.headerLine, column: "", message: presetHint(guess) });
  }
  return hints;
}

export async function readCanonicalSource(
  source: string,
  delimiter = ",",
  encoding?: ImportEncoding,
): Promise<SourceResult> {
  const stat = fs.statSync(source);
  if (!stat.isDirectory()) {
    const name = path.basename(source);
    const entity = entityOfFileName(name);
    // A single JSON file named after no entity is a whole bundle {"contacts": [...], ...}.
    if (!entity && !name.toLowerCase().endsWith(".json")) {
      if (name.toLowerCase().endsWith(".csv")) return readOne(source, name, null, delimiter, encoding);
      return {
        tables: [],
        issues: [
          {
            file: name,
            line: 1,
            column: "",
            message: `expected a folder, a .json bundle, or a file named like ${ENTITIES.map((e) => e.file).join(", ")}`,
          },
        ],
      };
    }
    return readOne(source, name, entity, delimiter, encoding);
  }
  const tables: SourceTable[] = [];
  const issues: ImportIssue[] = [];
  const columnIssues: ImportIssue[] = [];
  const byEntity = new Map<EntityName, string[]>();
  const ignored: IgnoredFile[] = [];
  for (const name of fs.readdirSync(source).sort()) {
    const entity = entityOfFileName(name);
    if (!entity) {
      ignored.push({ file: name, reason: "not named like a bundle file (users.csv, contacts.json, …)" });
      continue;
    }
    let isFile: boolean;
    try {
      isFile = fs.statSync(path.join(source, name)).isFile();
    } catch (error) {
      issues.push({ file: name, line: 1, column: "", message: `the file ${fileProblem(error)}` });
      continue;
    }
    if (isFile) byEntity.set(entity, [...(byEntity.get(entity) ?? []), name]);
  }
  for (const spec of ENTITIES) {
    const names = byEntity.get(spec.name) ?? [];
    if (names.length > 1) {
      issues.push({
        file: names[1]!,
        line: 1,
        column: "",
        message: `${spec.name} is given twice (${names.join(" and ")}): keep one file`,
      });
      continue;
    }
    if (names.length === 0) continue;
    const result = await readOne(path.join(source, names[0]!), names[0]!, spec.name, delimiter, encoding);
    tables.push(...result.tables);
    issues.push(...result.issues);
    columnIssues.push(...(result.columnIssues ?? []));
  }
  if (byEntity.size === 0 && issues.length === 0) {
    const hints = await exportsInFolder(source, encoding);
    // The hinted files are named in the problems already.
    if (hints.length)
      return { tables, issues: hints, ignored: ignored.filter((f) => !hints.some((h) => h.file === f.file)) };
    issues.push({
      file: path.basename(source),
      line: 1,
      column: "",
      message: `no bundle files found (expected any of ${ENTITIES.map((e) => e.file).join(", ")}, or .json)`,
    });
  }
  return { tables, issues, columnIssues, ignored };
}
