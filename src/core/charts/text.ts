/**
 * The text fallback of a chart: the same numbers as the image, as a table, a few lines of text
 * or a one-line sparkline. Surfaces that cannot show images, screen readers and the report's
 * Markdown use these.
 */
import type { ChartSpec } from "./spec.js";

/** "92", "12.5%", "—" for a missing value. */
export function chartValue(value: number | null, unit = ""): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const rounded = Math.round(value * 10) / 10;
  return `${rounded.toLocaleString("en")}${unit}`;
}

/** The chart as table columns and rows: one row per label, one column per series. */
export function chartTable(spec: ChartSpec): { columns: string[]; rows: string[][] } {
  return {
    columns: ["", ...spec.series.map((s) => s.name)],
    rows: spec.labels.map((label, i) => [label, ...spec.series.map((s) => chartValue(s.values[i] ?? null, spec.unit))]),
  };
}

const TICKS = "▁▂▃▄▅▆▇█";

/**
 * "▁▃▅█" for [1, 3, 5, 9]: one character per value, scaled between the series' lowest and
 * highest value (the chart's domain when it has one); a missing value is a space.
 */
export function sparkline(values: readonly (number | null)[], domain?: readonly [number, number]): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return "";
  const low = domain ? domain[0] : Math.min(...present);
  const high = domain ? domain[1] : Math.max(...present);
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return " ";
      if (high === low) return TICKS[3];
      const index = Math.round(((Math.min(high, Math.max(low, v)) - low) / (high - low)) * (TICKS.length - 1));
      return TICKS[index];
    })
    .join("");
}

/** One line per series: "Overall: ▃▅▇ 80 → 92" for a line chart, "Process: 12" per bar. */
export function chartSummaryLines(spec: ChartSpec): string[] {
  if (spec.kind === "bar") {
    const series = spec.series[0];
    if (!series) return [];
    return spec.labels.map((label, i) => `${label}: ${chartValue(series.values[i] ?? null, spec.unit)}`);
  }
  return spec.series.map((s) => {
    const present = s.values.filter((v): v is number => v !== null);
    const first = present[0];
    const last = present[present.length - 1];
    const range =
      first === undefined || last === undefined
        ? "no values"
        : present.length === 1
          ? chartValue(last, spec.unit)
          : `${chartValue(first, spec.unit)} → ${chartValue(last, spec.unit)}`;
    return `${s.name}: ${sparkline(s.values, spec.domain)} ${range}`.replace(/ {2,}/g, " ");
  });
}

/** The whole fallback as plain text: the title, then every value by label. */
export function chartText(spec: ChartSpec): string {
  const { columns, rows } = chartTable(spec);
  const lines = [spec.title];
  if (rows.length === 0) lines.push("(no data)");
  for (const row of rows) {
    lines.push(
      columns.length === 2
        ? `${row[0]}: ${row[1]}`
        : `${row[0]}: ${columns
            .slice(1)
            .map((c, i) => `${c} ${row[i + 1]}`)
            .join(", ")}`,
    );
  }
  return lines.join("\n");
}
