/**
 * Chart specs (src/core/charts) drawn without a browser: a Vega-Lite spec compiled to Vega,
 * rendered to SVG by Vega's headless view, and to PNG by resvg with the fonts of fonts.ts.
 *
 * The palette is Okabe–Ito (safe for the common colour-vision deficiencies), and nothing relies
 * on colour alone: each line also has its own dash pattern and point shape and is labelled at
 * its end, and each bar carries its value, so a black-and-white print stays readable
 * (docs/charts.md).
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { ChartSpec } from "../core/charts/spec.js";
import { CJK_FAMILY, findFonts, LATIN_FAMILY } from "./fonts.js";
import { encodeIndexedPng } from "./png.js";

export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
  [1, 3],
  [10, 2],
  [3, 6],
];
const SHAPES = [
  "circle",
  "square",
  "triangle-up",
  "diamond",
  "cross",
  "triangle-down",
  "triangle-right",
  "triangle-left",
];

export const FONT_STACK = `${LATIN_FAMILY}, ${CJK_FAMILY}, sans-serif`;

export interface ChartSize {
  width: number;
  height: number;
}

const DEFAULT_SIZE: ChartSize = { width: 560, height: 260 };

type Row = { label: string; order: number; series: string; value: number | null; text: string };

function rows(spec: ChartSpec): Row[] {
  return spec.series.flatMap((s) =>
    spec.labels.map((label, order) => {
      const value = s.values[order] ?? null;
      const text = value === null ? "" : `${Math.round(value * 10) / 10}${spec.unit ?? ""}`;
      return { label, order, series: s.name, value, text };
    }),
  );
}

/** The Vega-Lite spec of a chart (exported for tests and for anyone who wants to restyle it). */
export function toVegaLite(spec: ChartSpec, size: ChartSize = DEFAULT_SIZE): vl.TopLevelSpec {
  const data = rows(spec).filter((r) => r.value !== null);
  const x = {
    field: "label",
    type: "ordinal" as const,
    sort: spec.labels,
    title: null,
    axis: { labelAngle: spec.labels.length > 6 ? -40 : 0, labelLimit: 120 },
  };
  const yScale = spec.domain ? { domain: spec.domain } : { zero: true };
  const y = { field: "value", type: "quantitative" as const, title: spec.valueLabel, scale: yScale };
  const names = spec.series.map((s) => s.name);
  const base = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: spec.title, anchor: "start" as const },
    width: size.width,
    height: size.height,
    background: "white",
    data: { values: data },
    config: { font: FONT_STACK, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 } },
  };
  if (spec.kind === "bar") {
    return {
      ...base,
      layer: [
        {
          mark: { type: "bar", color: PALETTE[0], stroke: "#000", strokeWidth: 0.5, width: { band: 0.7 } },
          // Bars count things: no "1.5 records" ticks.
          encoding: { x, y: { ...y, axis: { tickMinStep: 1 } } },
        },
        {
          mark: { type: "text", dy: -6, fontSize: 11, color: "#000" },
          encoding: { x, y, text: { field: "text", type: "nominal" } },
        },
      ],
    } as vl.TopLevelSpec;
  }
  const colour = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: names, range: PALETTE.slice(0, Math.max(1, names.length)) },
    legend: names.length > 1 ? { title: null, orient: "bottom" as const, symbolType: "stroke" } : null,
  };
  const dash = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: names, range: names.map((_, i) => DASHES[i % DASHES.length]) },
    legend: null,
  };
  const shape = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: names, range: names.map((_, i) => SHAPES[i % SHAPES.length]) },
    legend: null,
  };
  const lastPoints = spec.series.flatMap((s) => {
    for (let i = s.values.length - 1; i >= 0; i--) {
      const v = s.values[i];
      if (v !== null && v !== undefined) return [{ label: spec.labels[i]!, series: s.name, value: v, text: s.name }];
    }
    return [];
  });
  return {
    ...base,
    layer: [
      { mark: { type: "line", strokeWidth: 2 }, encoding: { x, y, color: colour, strokeDash: dash } },
      {
        mark: { type: "point", filled: true, size: 45 },
        encoding: { x, y, color: colour, shape, tooltip: { field: "text", type: "nominal" } },
      },
      // Direct labels at each line's last point: the series is named without the legend's colours.
      ...(names.length > 1
        ? [
            {
              data: { values: lastPoints },
              mark: { type: "text" as const, align: "left" as const, dx: 6, fontSize: 10, color: "#000" },
              encoding: { x, y, text: { field: "text", type: "nominal" as const } },
            },
          ]
        : []),
    ],
  } as vl.TopLevelSpec;
}

/** The chart as a standalone SVG document (text as text: fonts are resolved by the reader). */
export async function renderSvg(spec: ChartSpec, size?: ChartSize): Promise<string> {
  // Vega-Lite warns about merged legends of the colour, dash and shape channels: they are meant to merge.
  const compiled = vl.compile(toVegaLite(spec, size), { logger: vega.logger(vega.Error) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    // [1, 0] is the solid line of the dash scale; as an attribute it trips PDF writers (zero-length gaps).
    return (await view.toSVG()).replace(/ stroke-dasharray="1,0"/g, "");
  } finally {
    view.finalize();
  }
}

function resvg(svg: string, scale: number): Resvg {
  const fonts = findFonts();
  return new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: fonts.files,
      defaultFontFamily: LATIN_FAMILY,
      sansSerifFamily: LATIN_FAMILY,
    },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
  });
}

/** An SVG drawn to PNG with the project's fonts; `scale` 2 gives crisp images on high-DPI screens. */
export function svgToPng(svg: string, scale = 2): Buffer {
  return resvg(svg, scale).render().asPng();
}

/**
 * The small form of a chart for surfaces that carry images inline (Teams cards): a smaller
 * drawing, no title (the card shows it as text), indexed colours (png.ts).
 */
export async function renderCompactPng(
  spec: ChartSpec,
  size: ChartSize = { width: 380, height: 170 },
): Promise<Buffer> {
  const svg = await renderSvg({ ...spec, title: "" }, size);
  const image = resvg(svg, 1).render();
  return encodeIndexedPng(image.pixels, image.width, image.height);
}

export async function renderPng(spec: ChartSpec, options: { size?: ChartSize; scale?: number } = {}): Promise<Buffer> {
  return svgToPng(await renderSvg(spec, options.size), options.scale);
}
