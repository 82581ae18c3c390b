/**
 * The KPI report as text (CLI), JSON (stable: docs/kpis.md, "JSON"), CSV (through the project's
 * one CSV writer, which neutralises formula cells) and a chat message.
 */
import { formatCsv } from "../csv/write.js";
import { formatDateTime } from "../messages/format.js";
import type { Message } from "../messages/model.js";
import type { KpiUnit, KpiValue } from "./define.js";
import type { KpiReport, KpiResult } from "./index.js";

export const KPI_FORMATS = ["text", "json", "csv"] as const;
export type KpiFormat = (typeof KPI_FORMATS)[number];

/** Version of the JSON shape; bumped only when a field changes meaning or goes away. */
export const KPI_JSON_VERSION = 1;

const fixed = (n: number, digits: number) =>
  n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A value in its unit: "42.5%", "31.2 days", "12,400.00", "4.20 / 5", "+35", "6.3 per user". */
export function formatKpiNumber(value: number, unit: KpiUnit, currency: string | null = null): string {
  switch (unit) {
    case "ratio":
      return `${fixed(value * 100, 1)}%`;
    case "days":
      return `${fixed(value, 1)} days`;
    case "amount":
      return currency ? `${fixed(value, 2)} ${currency}` : fixed(value, 2);
    case "csat":
      return `${fixed(value, 2)} / 5`;
    case "nps":
      return `${value > 0 ? "+" : ""}${fixed(value, 1)}`;
    case "per-user":
      return `${fixed(value, 1)} per user`;
  }
}

/** A change in the unit: percentage points for ratios. "" when there is none. */
export function formatKpiChange(change: number | null, unit: KpiUnit): string {
  if (change === null) return "";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const n = Math.abs(change);
  switch (unit) {
    case "ratio":
      return `${sign}${fixed(n * 100, 1)} pp`;
    case "days":
      return `${sign}${fixed(n, 1)} days`;
    case "amount":
      return `${sign}${fixed(n, 2)}`;
    case "csat":
      return `${sign}${fixed(n, 2)}`;
    case "nps":
    case "per-user":
      return `${sign}${fixed(n, 1)}`;
  }
}

/** A value or why there is none: "not measured: …", "not configured: …". */
export function formatKpiValue(value: KpiValue, unit: KpiUnit, currency: string | null = null): string {
  if (value.status === "measured") return formatKpiNumber(value.value, unit, currency);
  return `${value.status === "not-configured" ? "not configured" : "not measured"}: ${value.reason}`;
}

function inputsText(value: KpiValue): string {
  if (value.status !== "measured") return "";
  const parts = Object.entries(value.inputs).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : fixed(v, 2)}`);
  if (value.basis) parts.push(value.basis);
  if (value.note) parts.push(value.note);
  return parts.join(", ");
}

function header(report: KpiReport): string {
  const running = report.complete ? "" : ` (not over yet: as of ${formatDateTime(report.computedAt)})`;
  return `KPIs of ${report.period.label}${running}, compared with ${report.previousPeriod.label}`;
}

/** The report as lines of text: each KPI, its formula and inputs, the previous value and the change. */
export function kpiText(report: KpiReport): string {
  const lines = [`${header(report)} — workspace ${report.workspaceId}`, ""];
  for (const kpi of report.kpis) {
    const change = formatKpiChange(kpi.change, kpi.unit);
    lines.push(`${kpi.title}: ${formatKpiValue(kpi.current, kpi.unit, report.currency)}`);
    lines.push(
      `  ${report.previousPeriod.label}: ${formatKpiValue(kpi.previous, kpi.unit, report.currency)}${change ? `; change ${change}` : ""}`,
    );
    lines.push(`  formula: ${kpi.formula}`);
    const inputs = inputsText(kpi.current);
    if (inputs) lines.push(`  inputs: ${inputs}`);
  }
  return lines.join("\n") + "\n";
}

/** The report as the documented JSON object (docs/kpis.md, "JSON"). */
export function kpiJson(report: KpiReport): string {
  return JSON.stringify({ version: KPI_JSON_VERSION, ...report }, null, 2) + "\n";
}

export const KPI_CSV_HEADER = [
  "kpi",
  "title",
  "unit",
  "period",
  "status",
  "value",
  "reason",
  "previous_period",
  "previous_status",
  "previous_value",
  "change",
  "formula",
  "inputs",
] as const;

const csvValue = (v: KpiValue) => (v.status === "measured" ? v.value : null);
const csvReason = (v: KpiValue) => (v.status === "measured" ? (v.note ?? "") : v.reason);

/** One row per KPI (docs/kpis.md, "CSV"); cells that look like formulas are neutralised. */
export function kpiCsv(report: KpiReport): string {
  return formatCsv([
    [...KPI_CSV_HEADER],
    ...report.kpis.map((k: KpiResult) => [
      k.id,
      k.title,
      k.unit,
      report.period.label,
      k.current.status,
      csvValue(k.current),
      csvReason(k.current),
      report.previousPeriod.label,
      k.previous.status,
      csvValue(k.previous),
      k.change,
      k.formula,
      k.current.status === "measured" ? JSON.stringify(k.current.inputs) : "",
    ]),
  ]);
}

export function formatKpis(report: KpiReport, format: KpiFormat): string {
  return format === "json" ? kpiJson(report) : format === "csv" ? kpiCsv(report) : kpiText(report);
}

/** The report for chat: a table of value, previous and change, and the reasons below it. */
export function kpiMessage(report: KpiReport): Message {
  const short = (v: KpiValue, k: KpiResult) =>
    v.status === "measured"
      ? formatKpiNumber(v.value, k.unit, report.currency)
      : v.status === "not-configured"
        ? "not configured"
        : "not measured";
  const reasons = report.kpis
    .filter((k) => k.current.status !== "measured")
    .map((k) => `*${k.title}*: ${formatKpiValue(k.current, k.unit)}`);
  const measured = report.kpis.filter((k) => k.current.status === "measured").length;
  return {
    text: `${header(report)}: ${measured} of ${report.kpis.length} KPIs measured.`,
    visibility: "private",
    blocks: [
      { type: "heading", text: `KPIs ${report.period.label}` },
      { type: "context", text: header(report) },
      {
        type: "table",
        columns: ["KPI", report.period.label, report.previousPeriod.label, "Change"],
        rows: report.kpis.map((k) => [
          k.title,
          short(k.current, k),
          short(k.previous, k),
          formatKpiChange(k.change, k.unit) || "–",
        ]),
      },
      ...(reasons.length ? [{ type: "text" as const, text: reasons.join("\n") }] : []),
      { type: "context", text: "Formulas and inputs: `crm-audit kpi` or docs/kpis.md." },
    ],
  };
}
