/** A report as Markdown: text tables, each chart as its numbers (docs/report.md). */
import { chartText } from "../core/charts/text.js";
import type { ReportModel, ReportTable } from "../core/report/model.js";
import {
  ABSENT,
  categoryTable,
  chartDataTable,
  configTable,
  findingsTable,
  kpiTable,
  notMeasuredTable,
  planTable,
  recordFields,
  scoreLine,
} from "../core/report/text.js";
import { formatDateTime } from "../core/messages/format.js";

/** A table cell: pipes and line breaks would end the cell or the row. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(t: ReportTable, level = "###"): string[] {
  const lines = [`${level} ${t.title}`, ""];
  if (t.rows.length === 0) return [...lines, "None.", ""];
  lines.push(`| ${t.columns.map(cell).join(" | ")} |`, `| ${t.columns.map(() => "---").join(" | ")} |`);
  for (const row of t.rows) lines.push(`| ${t.columns.map((_, i) => cell(row[i] ?? "")).join(" | ")} |`);
  if (t.note) lines.push("", t.note);
  return [...lines, ""];
}

export function renderReportMarkdown(report: ReportModel): string {
  const out: string[] = [
    `# ${report.title}`,
    "",
    `Workspace ${report.workspaceId}, data as of ${formatDateTime(report.record.asOf)}.`,
    "",
  ];
  out.push("## Score", "", `**${scoreLine(report)}**`, "");
  out.push(...table(categoryTable(report)));
  out.push(
    ...table({ ...chartDataTable(report.charts.scoreTrend), title: `${report.charts.scoreTrend.title} (chart data)` }),
  );
  if (report.charts.categoryTrend.series.length) {
    out.push(
      ...table({
        ...chartDataTable(report.charts.categoryTrend),
        title: `${report.charts.categoryTrend.title} (chart data)`,
      }),
    );
  }
  out.push("## Findings", "");
  out.push(chartText(report.charts.findings).split("\n").join("  \n"), "");
  out.push(...table(findingsTable(report)));
  const notMeasured = notMeasuredTable(report);
  if (notMeasured) out.push(...table(notMeasured));
  out.push("## KPIs", "");
  const kpis = kpiTable(report);
  if (kpis) out.push(...table(kpis));
  else out.push(ABSENT.kpis, "");
  out.push("## Fix plan", "");
  const plan = planTable(report);
  if (plan) out.push(...table(plan));
  else out.push(ABSENT.plan, "");
  out.push("## Survey results", "");
  if (report.surveys?.tables.length) for (const t of report.surveys.tables) out.push(...table(t));
  else out.push(ABSENT.surveys, "");
  for (const t of report.extra ?? []) out.push(...table(t, "##"));
  out.push("## Audit record", "");
  out.push(
    ...table({ title: "Run", columns: ["Field", "Value"], rows: recordFields(report).map((f) => [f.label, f.value]) }),
  );
  const config = configTable(report);
  if (config) out.push(...table(config));
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}
