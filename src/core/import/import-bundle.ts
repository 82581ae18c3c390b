/**
 * importBundle: read the headers of the source (canonical bundle, a preset's export files, or a
 * mapping file's files), then stream every file through one validate-and-stage pass, and copy
 * the staged rows into the workspace in one transaction, only when nothing was wrong (or bad
 * rows are skipped): all or nothing.
 */
import fs from "node:fs";
import type { Database } from "../../db/database.js";
import { ENTITIES } from "../dataset/entities.js";
import { CsvSyntaxError, fileProblem } from "./csv-reader.js";
import { readCanonicalSource } from "./canonical-source.js";
import { readMappedSource } from "./mapping-file.js";
import { readHubspotSource } from "./presets/hubspot.js";
import { readSalesforceSource } from "./presets/salesforce.js";
import type { ImportIssue, ImportOptions, ImportReport, SourceResult } from "./types.js";
import { retryBusy } from "../../db/busy.js";
import { acquireImportLock } from "./lock.js";
import { importLimits } from "./limits.js";
import { ImportPass } from "./validate.js";
import { applyImportPlan, checkFullImport, planImport } from "./full-import.js";
import { WorkspaceStore } from "./write.js";

const PROGRESS_STEP = 1000;

function readSource(source: string, options: ImportOptions): Promise<SourceResult> {
  const { encoding } = options;
  if (options.mappingFile) return readMappedSource(source, options.mappingFile, encoding);
  switch (options.preset ?? "canonical") {
    case "canonical":
      return readCanonicalSource(source, ",", encoding);
    case "hubspot":
      return readHubspotSource(source, encoding);
    case "salesforce":
      return readSalesforceSource(source, encoding);
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
  const limits = importLimits(options);
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
    warnings: [],
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
  try {
    fs.statSync(source);
  } catch (error) {
    report.issues.push({ file: source, line: 1, column: "", message: fileProblem(error, "no such file or folder") });
    return finish();
  }
  const { tables, issues } = await readSource(source, options);
  if (issues.length) {
    // File-level problems (unreadable file, CSV syntax, missing column) cannot be skipped row by row.
    report.issues = issues;
    return finish();
  }
  // Dependency order (stable: tables of one entity keep their order), so a row's references
  // are written before it.
  const order = new Map(ENTITIES.map((e, i) => [e.name, i]));
  const ordered = [...tables].sort((a, b) => order.get(a.entity)! - order.get(b.entity)!);

  let total = 0;
  let done = 0;
  if (options.onProgress) {
    for (const t of ordered) {
      if (t.countRows) total += t.countRows();
      else if (Array.isArray(t.rows)) total += t.rows.length;
      else for (const row of t.rows) if (row) total++;
    }
  }
  const tick = () => {
    done++;
    if (done % PROGRESS_STEP === 0) options.onProgress?.(Math.min(done, total), total);
  };

  // Validate and stage with no lock on the main file (the stage is a private temporary
  // database), then copy into the workspace in one short write transaction: all or nothing,
  // and other processes (the bot) wait a moment, not the whole pass. See docs/import.md.
  const sqlite = db.sqlite;
  const store = new WorkspaceStore(sqlite, workspaceId);
  const pass = new ImportPass(store, skipInvalid, limits);
  const fileProblems: ImportIssue[] = [];
  // Before the progress starts: a second import of the workspace says it waits, then waits.
  const release = dryRun
    ? null
    : await acquireImportLock(sqlite, workspaceId, {
        onWait: options.onWait,
        busyWaitMs: options.lockWaitMs,
      });
  options.onProgress?.(0, total);
  let staged = false;
  try {
    store.openStage();
    staged = true;
    // One transaction around the pass, for speed: it writes the stage only and reads the
    // main file through one snapshot.
    sqlite.exec("BEGIN");
    try {
      for (const table of ordered) {
        try {
          pass.importTable(table, tick);
        } catch (error) {
          // A file broken part-way: nothing is written, whatever the mode.
          if (!(error instanceof CsvSyntaxError)) throw error;
          fileProblems.push(error.issue);
        }
      }
    } finally {
      sqlite.exec("COMMIT");
    }
    report.rowsRead = pass.rowsRead;
    const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
    report.warnings = pass.warnings.sort(byPlace);
    if (fileProblems.length) {
      report.issues = fileProblems;
      return finish();
    }
    report.issues = pass.issues.sort(byPlace);
    report.skipped = pass.skipped.sort(byPlace);
    if (pass.issues.length && !skipInvalid) return finish();
    report.counts = pass.counts;
    // Full exports delete what they lack, and real data replaces the sample (full-import.ts).
    const plan = planImport(sqlite, workspaceId, ordered, report.skipped, options);
    const refuse = (issues: ImportIssue[]) => issues.length > 0 && Boolean((report.issues = issues));
    if (dryRun) {
      if (refuse(checkFullImport(sqlite, workspaceId, plan, report, options))) return finish();
    } else {
      // The copy and the import_log row (the audit's data version) commit together.
      await retryBusy(() => sqlite.exec("BEGIN IMMEDIATE"), options.lockWaitMs);
      let committed = false;
      try {
        if (refuse(checkFullImport(sqlite, workspaceId, plan, report, options))) return finish();
        const sample = applyImportPlan(sqlite, workspaceId, plan, report);
        if (sample) report.replacedSample = sample;
        store.writeStaged();
        store.writeLog({
          source: options.sourceLabel ?? source,
          startedAt,
          durationMs: Math.round(performance.now() - t0),
          rowCounts: report.counts,
          skippedRows: report.skipped.length,
        });
        sqlite.exec("COMMIT");
        committed = true;
      } finally {
        if (!committed) sqlite.exec("ROLLBACK");
      }
    }
  } finally {
    if (staged) store.closeStage();
    await release?.();
  }
  options.onProgress?.(total, total);
  report.ok = true;
  return finish();
}
