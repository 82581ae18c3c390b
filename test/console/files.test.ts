import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { saveMessageFiles } from "../../src/console/files.js";
import { renderMessage } from "../../src/console/render.js";
import { scoreTrendChart } from "../../src/core/charts/build.js";
import { chartMessage } from "../../src/core/messages/charts.js";
import { decodePng } from "../helpers/png.js";
import { tempDir } from "../helpers/tmp.js";

describe("charts in the console", () => {
  it("writes the chart as a PNG, prints its path and the series as a one-line sparkline", async () => {
    const dir = tempDir("console-chart");
    const spec = scoreTrendChart([
      { runId: 1, asOf: Date.UTC(2026, 0, 1), overall: 50, categories: {} },
      { runId: 2, asOf: Date.UTC(2026, 1, 1), overall: 75, categories: {} },
      { runId: 3, asOf: Date.UTC(2026, 2, 1), overall: 100, categories: {} },
    ]);
    const message = await saveMessageFiles(chartMessage(spec, "private"), dir);
    const text = renderMessage(message).text;
    expect(text).toContain("Overall: ▅▆█ 50 → 100");
    const path = /Chart image: (\S+\.png)/.exec(text)?.[1];
    expect(path).toBeDefined();
    expect(path!.startsWith(dir)).toBe(true);
    expect(decodePng(fs.readFileSync(path!)).width).toBeGreaterThan(500);
  });

  it("leaves a message without charts or files alone", async () => {
    const message = { text: "hi", visibility: "private" as const, blocks: [{ type: "text" as const, text: "hi" }] };
    expect(await saveMessageFiles(message, tempDir("console-none"))).toBe(message);
  });
});
