/**
 * importBundle: read (canonical bundle, a preset's export files, or a mapping file's files),
 * validate everything, then write everything in one transaction, or nothing.
 */
import fs from "node:fs";
import type { Database } from "../../db/database.js";
import type { EntityName } from "../dataset/entities.js";
import { readCanonicalSource } from "./canonical-source.js";
import { readMappedSource } from "./mapping-file.js";
import { readHubspotSource } from "./presets/hubspot.js";
import { readSalesforceSource } from "./presets/salesforce.js";
import type { ImportOptions, ImportReport, SourceResult } from "./types.js";
import { validateTables } from "./validate.js";
import { countChanges, readStoredIds, writeImport } from "./write.js";

const PROGRESS_STEP = 1000;

function readSource(source: string, options: ImportOptions): Promise<SourceResult> {
  if (options.mappingFile) return readMappedSource(source, options.mappingFile);
  switch (options.preset ?? "canonical") {
    case "canonical":
      return readCanonicalSource(source);
    case "hubspot":
      return readHubspotSource(source);
    case "salesforce":
      return readSalesforceSource(source);
    default:
      throw new Error(`unknown import preset "${String(options.preset)}" (canonical, hubspot or salesforce)`);
  }
}

export async function importBundle(
  db: Database,
  workspaceId: string,
  source: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (!workspaceId) throw new Error("importBundle: workspaceId must not be empty");
  const startedAt = Date.now();
  const t0 = performance.now();
  const dryRun = options.dryRun ?? false;
  const skipInvalid = options.skipInvalid ?? false;
  const report: ImportReport = {
    ok: false,
    dryRun,
    workspaceId,
    source,
    preset: options.mappingFile ? "mapping" : (options.preset ?? "canonical"),
    counts: {},
    rowsRead: 0,
    issues: [],
    skipped: [],
    rowsPerSecond: 0,
    durationMs: 0,
  };
  const finish = (): ImportReport => {
    report.durationMs = Math.round(performance.now() - t0);
    report.rowsPerSecond = report.durationMs > 0 ? (report.rowsRead * 1000) / report.durationMs : 0;
    return report;
  };

  if (options.mappingFile && options.preset && options.preset !== "canonical") {
    report.issues.push({
      file: options.mappingFile,
      line: 1,
      column: "",
      message: `a mapping file replaces the ${options.preset} preset: give one or the other`,
    });
    return finish();
  }
  if (!fs.existsSync(source)) {
    report.issues.push({ file: source, line: 1, column: "", message: "no such file or folder" });
    return finish();
  }
  const { tables, issues } = await readSource(source, options);
  report.rowsRead = tables.reduce((n, t) => n + t.rows.length, 0);
  if (issues.length) {
    // File-level problems (unreadable file, CSV syntax, missing column) cannot be skipped row by row.
    report.issues = issues;
    return finish();
  }

  const stored = new Map<EntityName, Set<string>>();
  const storedIds = (entity: EntityName) => {
    let ids = stored.get(entity);
    if (!ids) stored.set(entity, (ids = readStoredIds(db.sqlite, workspaceId, entity)));
    return ids;
  };
  const total = report.rowsRead * (dryRun ? 1 : 2);
  let done = 0;
  const tick = () => {
    done++;
    if (done % PROGRESS_STEP === 0) options.onProgress?.(done, total);
  };
  options.onProgress?.(0, total);

  const validation = validateTables({ tables, storedIds, skipInvalid, onRow: tick });
  const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) =>
    a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
  report.issues = validation.issues.sort(byPlace);
  report.skipped = validation.skipped.sort(byPlace);
  if (validation.issues.length && !skipInvalid) return finish();

  report.counts = countChanges(validation.tables, storedIds);
  if (!dryRun) {
    writeImport(
      db.sqlite,
      workspaceId,
      validation.tables,
      () => ({
        source,
        startedAt,
        durationMs: Math.round(performance.now() - t0),
        rowCounts: report.counts,
        skippedRows: report.skipped.length,
      }),
      tick,
    );
  }
  options.onProgress?.(total, total);
  report.ok = true;
  return finish();
}
