/**
 * importBundle: read the headers of the source (canonical bundle, a preset's export files, or a
 * mapping file's files), then stream every file through one validate-and-stage pass, and copy
 * the staged rows into the workspace in one transaction, only when nothing was wrong (or bad
 * rows are skipped): all or nothing.
 */
import fs from "node:fs";
import { ENTITIES } from "../dataset/entities.js";
import { CsvSyntaxError, fileProblem } from "./csv-reader.js";
import { readSource } from "./read-source.js";
import type { ImportIssue, ImportOptions, ImportReport } from "./types.js";
import { acquireImportLock } from "./lock.js";
import { importLimits } from "./limits.js";
import { ImportPass } from "./validate.js";
import type { ImportStores } from "./stores.js";
import { sourceName, SuppliedTracker, unsuppliedInputs } from "./supplied.js";
import { applyImportPlan, checkFullImport, planImport } from "./full-import.js";

const PROGRESS_STEP = 1000;

export async function importBundle(
  stores: ImportStores,
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
    notes: [],
    ignored: [],
    rowsPerSecond: 0,
    durationMs: 0,
  };
  const finish = (): ImportReport => {
    report.durationMs = Math.round(performance.now() - t0);
    report.rowsPerSecond = report.durationMs > 0 ? (report.rowsRead * 1000) / report.durationMs : 0;
    return report;
  };

  try {
    fs.statSync(source);
  } catch (error) {
    report.issues.push({ file: source, line: 1, column: "", message: fileProblem(error, "no such file or folder") });
    return finish();
  }
  const {
    tables,
    issues,
    columnIssues = [],
    warnings = [],
    ignored = [],
    finish: sourceDone,
  } = await readSource(source, options);
  report.ignored = ignored;
  if (issues.length) {
    // File-level problems (unreadable file, CSV syntax, a bad mapping file) cannot be skipped row by row.
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
  const writer = stores.importWriter(workspaceId);
  const pass = new ImportPass(writer, skipInvalid, limits);
  const fileProblems: ImportIssue[] = [];
  const supplied = new SuppliedTracker();
  // Before the progress starts: a second import of the workspace says it waits, then waits.
  const release = dryRun
    ? null
    : await acquireImportLock(stores.importLocks, workspaceId, {
        onWait: options.onWait,
        busyWaitMs: options.lockWaitMs,
      });
  options.onProgress?.(0, total);
  let staged = false;
  try {
    writer.openStage();
    staged = true;
    writer.inStagingPass(() => {
      for (const table of ordered) {
        try {
          pass.importTable(supplied.wrap(table), tick);
        } catch (error) {
          // A file broken part-way: nothing is written, whatever the mode.
          if (!(error instanceof CsvSyntaxError)) throw error;
          fileProblems.push(error.issue);
        }
      }
    });
    report.rowsRead = pass.rowsRead;
    const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
    const done = sourceDone?.() ?? { warnings: [], notes: [] };
    report.warnings = [...warnings, ...done.warnings, ...pass.warnings].sort(byPlace);
    report.notes = done.notes;
    if (fileProblems.length) {
      report.issues = fileProblems;
      return finish();
    }
    // A column missing from a header fails the import in every mode, reported with the rows' problems.
    report.issues = [...columnIssues, ...pass.issues].sort(byPlace);
    if (columnIssues.length) return finish();
    report.skipped = pass.skipped.sort(byPlace);
    if (pass.issues.length && !skipInvalid) return finish();
    report.counts = pass.counts;
    const columns = supplied.columns(sourceName(report.preset));
    report.unsupplied = unsuppliedInputs(columns);
    // Full exports delete what they lack, and real data replaces the sample (full-import.ts).
    const data = writer.workspaceData();
    const plan = planImport(data, ordered, report.skipped, options);
    const refuse = (issues: ImportIssue[]) => issues.length > 0 && Boolean((report.issues = issues));
    if (dryRun) {
      if (refuse(checkFullImport(data, plan, report, options))) return finish();
    } else {
      const committed = await writer.commit({
        beforeCopy: () => {
          if (refuse(checkFullImport(data, plan, report, options))) return false;
          const sample = applyImportPlan(data, plan, report);
          if (sample) report.replacedSample = sample;
          return true;
        },
        log: () => ({
          source: options.sourceLabel ?? source,
          startedAt,
          durationMs: Math.round(performance.now() - t0),
          rowCounts: report.counts,
          skippedRows: report.skipped.length,
        }),
        lockWaitMs: options.lockWaitMs,
        // What the source supplied, for the audit's "not measured" (docs/audit.md).
        columns,
      });
      if (!committed) return finish();
    }
  } finally {
    if (staged) writer.closeStage();
    await release?.();
  }
  options.onProgress?.(total, total);
  report.ok = true;
  return finish();
}
