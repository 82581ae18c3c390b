import { describe, expect, it } from "vitest";
import {
  distributionChart,
  findingsByCategoryChart,
  scoreTrendChart,
  categoryTrendChart,
} from "../../src/core/charts/build.js";
import type { ChartSpec } from "../../src/core/charts/spec.js";
import { renderPng, renderSvg, svgToPng } from "../../src/render/chart.js";
import { findFonts } from "../../src/render/fonts.js";
import { decodePng, inkPixels } from "../helpers/png.js";

/** The marks of one kind Vega drew: `<path>` elements inside its `mark-<kind>` group. */
function marks(svg: string, kind: "rect" | "symbol" | "line"): number {
  const groups = [...svg.matchAll(new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>(.*?)</g>`, "gs"))];
  return groups.reduce((n, g) => n + (g[1]!.match(/<path/g) ?? []).length, 0);
}

const points = [
  { runId: 1, asOf: Date.UTC(2026, 0, 5), overall: 71.2, categories: { "data-quality": 80, process: 60 } },
  { runId: 2, asOf: Date.UTC(2026, 1, 5), overall: 75, categories: { "data-quality": 82, process: 64 } },
  { runId: 4, asOf: Date.UTC(2026, 2, 5), overall: 81.6, categories: { "data-quality": 90 } },
  { runId: 7, asOf: Date.UTC(2026, 3, 5), overall: 88, categories: { "data-quality": 93, process: 80 } },
];

describe("chart rendering", () => {
  it("draws one point per full audit and a PNG of the requested size that is not blank", async () => {
    const spec = scoreTrendChart(points);
    const svg = await renderSvg(spec, { width: 400, height: 200 });
    expect(marks(svg, "symbol")).toBe(4);
    expect(svg).toContain("CRM health score over time");
    const png = decodePng(await renderPng(spec, { size: { width: 400, height: 200 }, scale: 1 }));
    expect(png.width).toBeGreaterThan(400);
    expect(png.height).toBeGreaterThan(200);
    // A blank or all-black image is a broken render.
    const ink = inkPixels(png);
    expect(ink).toBeGreaterThan(500);
    expect(ink).toBeLessThan(png.width * png.height * 0.5);
  });

  it("draws one bar per category with findings and labels each bar with its value", async () => {
    const spec = findingsByCategoryChart({
      findings: [
        { category: "data-quality", count: 120, status: "measured" },
        { category: "data-quality", count: 30 },
        { category: "process", count: 7 },
        { category: "security", count: 0, status: "not-measured" },
      ] as never,
    });
    expect(spec.labels).toEqual(["Data quality", "Process"]);
    const svg = await renderSvg(spec);
    expect(marks(svg, "rect")).toBe(2);
    expect(svg).toContain(">150<");
    expect(svg).toContain(">7<");
  });

  it("gives every category line its own colour, dash and shape, and leaves a gap for a run without a score", async () => {
    const spec = categoryTrendChart(points);
    expect(spec.series.map((s) => s.name)).toEqual(["Data quality", "Process"]);
    expect(spec.series[1]!.values).toEqual([60, 64, null, 80]);
    const svg = await renderSvg(spec);
    // 4 + 3 points: the run where Process was not measured has no point.
    expect(marks(svg, "symbol")).toBe(7);
    expect(svg).toContain('stroke="#0072B2"');
    expect(svg).toContain('stroke="#E69F00"');
    expect(svg).toMatch(/stroke-dasharray="6,3"/);
  });

  it("draws CJK names with real glyphs, not the missing-glyph box", async () => {
    const fonts = findFonts();
    expect(fonts.cjk, "install fonts-noto-cjk (docs/charts.md)").not.toBeNull();
    const text = (t: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="30" font-size="28" font-family="DejaVu Sans, Noto Sans CJK SC">${t}</text></svg>`;
    const pixels = (t: string) => Buffer.from(decodePng(svgToPng(text(t), 1)).pixels);
    const missing = pixels("\uE000\uE000"); // private use: no font has it, so it is the box
    const tokyo = pixels("東京");
    const kyoto = pixels("京東");
    // Two different names give two different images, and neither is the box.
    expect(tokyo.equals(kyoto)).toBe(false);
    expect(tokyo.equals(missing)).toBe(false);
    expect(inkPixels(decodePng(svgToPng(text("東京"), 1)))).toBeGreaterThan(100);
    // Cyrillic and Greek come from DejaVu.
    expect(pixels("Мос").equals(pixels("Αθή"))).toBe(false);
  });

  it("renders a survey distribution with CJK answers to a PNG", async () => {
    const spec: ChartSpec = distributionChart({
      id: "q1",
      question: "How useful is the CRM?",
      counts: [
        { answer: "とても", count: 5 },
        { answer: "Очень", count: 3 },
        { answer: "Πολύ", count: 0 },
      ],
    });
    const svg = await renderSvg(spec);
    expect(marks(svg, "rect")).toBe(3);
    expect(svg).toContain("とても");
    const png = decodePng(await renderPng(spec, { scale: 1 }));
    expect(inkPixels(png)).toBeGreaterThan(500);
  });
});
