/**
 * Messages that carry a chart or a report. The chart block holds the spec (surfaces that show
 * images draw it) and the numbers (the fallback); a report message carries the report as a file
 * the platform renders to PDF (docs/charts.md, docs/report.md).
 */
import type { ChartSpec } from "../charts/spec.js";
import { chartSummaryLines, chartTable } from "../charts/text.js";
import type { ReportModel } from "../report/model.js";
import { scoreLine } from "../report/text.js";
import type { Block, Message, Visibility } from "./model.js";

export function chartMessage(spec: ChartSpec, visibility: Visibility): Message {
  const first = spec.series[0]?.values ?? [];
  // A point without a value (a KPI not measured that month) is left out of the block's own
  // fallback rather than shown as 0; the table below then says "—" for it.
  const measured = spec.labels.flatMap((label, i) => {
    const v = first[i];
    return v === null || v === undefined ? [] : [{ label, value: v }];
  });
  const blocks: Block[] = [
    {
      type: "chart",
      chart: {
        kind: spec.kind,
        title: spec.title,
        labels: measured.map((p) => p.label),
        values: measured.map((p) => p.value),
        spec,
      },
    },
  ];
  // Several series, or gaps: the chart block's own fallback shows the first series' values; the
  // table shows them all.
  if (spec.series.length > 1 || measured.length < spec.labels.length) {
    const { columns, rows } = chartTable(spec);
    blocks.push({ type: "table", columns: ["", ...columns.slice(1)], rows, caption: "The numbers" });
  }
  blocks.push({ type: "context", text: spec.altText });
  return {
    text: [spec.title, ...chartSummaryLines(spec)].join("\n"),
    visibility,
    blocks,
  };
}

export function reportMessage(report: ReportModel, visibility: Visibility): Message {
  const run = report.record.runId;
  const day = new Date(report.record.asOf).toISOString().slice(0, 10);
  const masked = report.audience === "channel";
  return {
    text: `${report.title}, run #${run}: ${scoreLine(report)}`,
    visibility,
    blocks: [
      { type: "heading", text: `${report.title}: run #${run}, data as of ${day}` },
      { type: "text", text: scoreLine(report) },
      {
        type: "context",
        text:
          `The report is attached as a PDF: score and trend, category scores, ${report.findings.length} findings with examples, ` +
          `KPIs, fix plan, survey results and the audit record.` +
          (masked ? " Emails and phone numbers are masked; `crm-audit report` writes the full copy." : ""),
      },
    ],
    file: {
      kind: "report",
      format: "pdf",
      filename: `crm-audit-report-${report.workspaceId}-run-${run}.pdf`,
      title: `${report.title} (run #${run}, ${day})`,
      report,
    },
  };
}
