/**
 * Charts as plain data: what a chart shows (kind, labels, series of numbers), its title and alt
 * text. The core builds these (build.ts) and never draws; src/render/ turns them into SVG, PNG
 * or PDF, and every surface that cannot show an image uses the text fallback (text.ts), which
 * carries the same numbers. docs/charts.md describes the charts and the palette.
 */

export interface ChartSeries {
  /** Shown in the legend and as the direct label at the end of a line. */
  name: string;
  /** One value per label; null where the series has no value (a category not measured in a run). */
  values: (number | null)[];
}

export interface ChartSpec {
  /** Which chart this is, e.g. "score", "category-scores", "findings", "kpi:win-rate", "survey:q1". */
  id: string;
  /** "line": values over time (labels are runs or periods); "bar": one bar per label (first series). */
  kind: "line" | "bar";
  title: string;
  /** The x axis: run labels, periods or categories, in the order drawn. */
  labels: string[];
  series: ChartSeries[];
  /** Axis title of the values, e.g. "score (0–100)", "records", "answers". */
  valueLabel: string;
  /** Fixed value range (scores are 0–100); otherwise from the data, starting at 0 for bars. */
  domain?: [number, number];
  /** Appended to numbers in labels and the text fallback, e.g. "%". */
  unit?: string;
  /** One or two sentences for screen readers: what the chart shows and its key numbers. */
  altText: string;
}
