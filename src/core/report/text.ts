/**
 * The wording of a report, shared by its HTML, PDF and Markdown forms so the three say the same:
 * the audit record as label/value pairs, the tables of scores, findings, KPIs and the plan, and
 * what an absent section says.
 */
import { chartTable } from "../charts/text.js";
import type { ChartSpec } from "../charts/spec.js";
import { formatDateTime, formatDelta } from "../messages/format.js";
import { NOT_COMPUTED, type ReportModel, type ReportTable } from "./model.js";

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const NOT_KEPT = "not kept with this run";

export function recordFields(report: ReportModel): { label: string; value: string }[] {
  const r = report.record;
  const counts = Object.entries(r.recordCounts)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => `${n.toLocaleString("en")} ${entity.replace("_", " ")}`)
    .join(", ");
  return [
    { label: "Workspace", value: report.workspaceId },
    {
      label: "Audit run",
      value: `#${r.runId}${r.selection ? ` (partial: ${r.selection.join(", ")})` : " (full audit)"}`,
    },
    { label: "Data as of", value: formatDateTime(r.asOf) },
    { label: "Ran at", value: formatDateTime(r.startedAt) },
    { label: "Duration", value: duration(r.durationMs) },
    { label: "Asked by", value: r.requestedBy ? `${r.requestedBy} (${r.trigger})` : r.trigger },
    { label: "Records audited", value: counts || "none" },
    {
      label: "Data version",
      // 0 is the version of a workspace no import has written to (docs/audit.md).
      value: r.dataVersion === null ? NOT_KEPT : r.dataVersion === 0 ? "0 (no import yet)" : String(r.dataVersion),
    },
    {
      label: "Configuration",
      value: r.checkConfig === null ? NOT_KEPT : `${r.checkConfig.length} checks (table below)`,
    },
    {
      label: "Check versions",
      value:
        r.checksRelease === null
          ? `${NOT_KEPT}; the checks are those of docs/checks.md in the bot that wrote this report`
          : `checks of release ${r.checksRelease}`,
    },
    { label: "Report written", value: formatDateTime(report.generatedAt) },
    {
      label: "Personal data",
      value: report.audience === "channel" ? "emails and phone numbers masked" : "shown in full (private copy)",
    },
  ];
}

export function scoreLine(report: ReportModel): string {
  if (report.score.nothingMeasured) return "CRM health score: not measured (no check could be measured)";
  const delta = formatDelta(report.score.delta);
  return `CRM health score: ${Math.round(report.score.overall)}/100${delta ? ` (${delta} since the previous full audit)` : ""}`;
}

export function categoryTable(report: ReportModel): ReportTable {
  return {
    title: "Category scores",
    columns: ["Category", "Score", "Change"],
    rows: report.score.categories.map((c) => [
      c.label,
      c.score === null ? "not measured" : `${Math.round(c.score)}/100`,
      formatDelta(c.delta) || "—",
    ]),
  };
}

export function findingsTable(report: ReportModel): ReportTable {
  return {
    title: "Findings",
    columns: ["Severity", "Check", "Records", "Change", "Examples", "Fix"],
    rows: report.findings.map((f) => [
      f.severity,
      `${f.title} (${f.checkId})`,
      f.count.toLocaleString("en"),
      f.change === null ? "—" : formatDelta(f.change),
      f.samples.join("; ") || "—",
      f.fix,
    ]),
  };
}

export function notMeasuredTable(report: ReportModel): ReportTable | null {
  if (!report.notMeasured.length) return null;
  return {
    title: "Not measured",
    columns: ["Check", "Why"],
    rows: report.notMeasured.map((n) => [`${n.title} (${n.checkId})`, n.reason]),
    note: "These checks are left out of the scores: the data could not tell.",
  };
}

export function configTable(report: ReportModel): ReportTable | null {
  const config = report.record.checkConfig;
  if (!config) return null;
  return {
    title: "Check configuration",
    columns: ["Check", "Severity", "Thresholds"],
    rows: config.map((c) => [c.checkId, c.severity, c.thresholds]),
  };
}

export function kpiTable(report: ReportModel): ReportTable | null {
  if (!report.kpis) return null;
  return {
    title: `KPIs (${report.kpis.period})`,
    columns: ["KPI", "Value", "Previous", "Change", "Formula"],
    rows: report.kpis.rows.map((k) => [k.name, k.value, k.previous ?? "—", k.change ?? "—", k.formula]),
  };
}

export function planTable(report: ReportModel): ReportTable | null {
  if (!report.plan) return null;
  return {
    title: "Fix plan",
    columns: ["When", "Check", "Impact", "Effort", "Owners", "Expected gain"],
    rows: report.plan.items.map((p) => [
      p.horizon,
      `${p.title} (${p.checkId})`,
      p.impact,
      p.effort,
      p.owners.join(", ") || "—",
      p.expectedGain,
    ]),
    ...(report.plan.note ? { note: report.plan.note } : {}),
  };
}

/** A chart's numbers as a table (the text fallback beside or instead of the image). */
export function chartDataTable(spec: ChartSpec): ReportTable {
  const { columns, rows } = chartTable(spec);
  return {
    title: spec.title,
    columns: [spec.id.startsWith("kpi:") ? "Period" : spec.kind === "bar" ? "" : "Run", ...columns.slice(1)],
    rows,
  };
}

/** The sections in report order, each either tables or the sentence saying it is absent. */
export const ABSENT = {
  kpis: `${NOT_COMPUTED} KPIs come from imported data per period (docs/report.md).`,
  plan: `${NOT_COMPUTED} The prioritised fix plan is computed from the findings (docs/report.md).`,
  surveys: "No survey yet.",
} as const;
