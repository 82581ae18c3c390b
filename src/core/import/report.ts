/** Human-readable output of an import: one line per problem, capped, with the totals. */
import { recordCount } from "../messages/format.js";
import type { ImportIssue, ImportReport } from "./types.js";

/** `file:line: column: message` (the column part is left out when the problem has none). */
export function formatImportIssue(issue: ImportIssue): string {
  return issue.column
    ? `${issue.file}:${issue.line}: ${issue.column}: ${issue.message}`
    : `${issue.file}:${issue.line}: ${issue.message}`;
}

/**
 * The report as lines for a terminal: counts, then problems and skipped rows up to
 * `maxListed` each (with how many more there are), so a file with 100k bad rows stays readable.
 */
export function formatImportReport(report: ImportReport, maxListed = 50): string[] {
  const lines: string[] = [];
  const verb = report.dryRun ? "would import" : "imported";
  if (report.ok) {
    const counts = Object.entries(report.counts).map(
      ([entity, c]) =>
        `${entity} ${c.inserted} new, ${c.updated} updated${c.deleted === undefined ? "" : `, ${c.deleted} deleted (not in the export)`}`,
    );
    const sample = report.replacedSample;
    if (sample) {
      const records = Object.entries(sample.records).map(([entity, n]) => recordCount(n, entity));
      const runs = `${sample.audits} audit run${sample.audits === 1 ? "" : "s"}`;
      lines.push(
        report.dryRun
          ? `would remove the sample data from workspace ${report.workspaceId} first (${[...records, runs].join(", ")})`
          : `removed the sample data from workspace ${report.workspaceId} first (${[...records, runs].join(", ")}): it now holds only imported data`,
      );
    }
    lines.push(`${verb} ${counts.length ? counts.join("; ") : "nothing"} into workspace ${report.workspaceId}`);
  } else {
    lines.push(
      `import failed: ${report.issues.length} problem${report.issues.length === 1 ? "" : "s"}, nothing was written`,
    );
  }
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push(`${title} (${items.length}):`);
    lines.push(...items.slice(0, maxListed).map((l) => `  ${l}`));
    if (items.length > maxListed) lines.push(`  … and ${items.length - maxListed} more`);
  };
  lines.push(...report.notes);
  if (!report.skipped.length) list("problems", report.issues.map(formatImportIssue));
  list("warnings", report.warnings.map(formatImportIssue));
  list(
    "skipped rows",
    report.skipped.map((s) => `${s.file}:${s.line}: ${s.entity}${s.id ? ` "${s.id}"` : ""}: ${s.reason}`),
  );
  list(
    "files not imported",
    report.ignored.map((f) => `${f.file}: ${f.reason}`),
  );
  for (const u of report.unsupplied ?? []) {
    lines.push(
      `not in this export: ${u.input}, so ${u.checks.join(", ")} will not be measured${u.hint ? `; ${u.hint}` : ""}`,
    );
  }
  lines.push(
    `${report.rowsRead} rows in ${(report.durationMs / 1000).toFixed(1)} s (${Math.round(report.rowsPerSecond)} rows/s)`,
  );
  return lines;
}
