import { describe, expect, it } from "vitest";
import {
  categoryTrendChart,
  distributionChart,
  findingsByCategoryChart,
  kpiTrendChart,
  scoreTrendChart,
} from "../../../src/core/charts/build.js";
import { chartMessage } from "../../../src/core/messages/charts.js";
import { withInlineCharts } from "../../../src/render/attachments.js";
import { CARD_CHAR_BUDGET, cardSize, renderMessageCard } from "../../../src/teams/render/index.js";
import { decodePng, inkPixels } from "../../helpers/png.js";
import { cardProblems } from "../validate-card.js";

const CATEGORIES = ["data-quality", "process", "compliance", "usage", "security", "system"] as const;
const points = Array.from({ length: 12 }, (_, i) => ({
  runId: i + 1,
  asOf: Date.UTC(2026, i, 1),
  overall: 60 + i * 2.5,
  categories: Object.fromEntries(CATEGORIES.map((c, k) => [c, 40 + ((i * (k + 3)) % 60)])),
}));

type CardElement = { type: string; url?: string; altText?: string; facts?: unknown[] };

function images(card: { body: CardElement[] }): CardElement[] {
  return card.body.filter((e) => e.type === "Image");
}

describe("chart images in Teams cards", () => {
  for (const [name, spec] of [
    ["score trend", scoreTrendChart(points)],
    ["six category lines over twelve runs", categoryTrendChart(points)],
    [
      "findings by category",
      findingsByCategoryChart({
        findings: CATEGORIES.map((category, i) => ({ category, count: (i + 1) * 137 })) as never,
      }),
    ],
  ] as const) {
    it(`carries the ${name} as a PNG data URL within the card budget, valid for the Adaptive Cards parser`, async () => {
      const message = await withInlineCharts(chartMessage(spec, "channel"));
      const card = renderMessageCard(message) as unknown as { body: CardElement[] };
      expect(cardProblems(card)).toEqual([]);
      expect(cardSize(card as never)).toBeLessThanOrEqual(CARD_CHAR_BUDGET);
      const [image] = images(card);
      expect(image?.url).toMatch(/^data:image\/png;base64,/);
      expect(image?.altText).toBe(spec.altText);
      const png = decodePng(Buffer.from(image!.url!.split(",")[1]!, "base64"));
      expect(png.width).toBeGreaterThan(300);
      expect(inkPixels(png)).toBeGreaterThan(500);
      // The numbers stay beside the image for clients that block images.
      expect(card.body.some((e) => e.type === "FactSet")).toBe(true);
    });
  }

  it("carries a KPI trend as an image, and a survey's nine distributions within the budget with every number", async () => {
    const kpi = kpiTrendChart({
      id: "win-rate",
      name: "Win rate",
      unit: "%",
      points: Array.from({ length: 12 }, (_, i) => ({
        period: `2026-${String(i + 1).padStart(2, "0")}`,
        value: i === 3 ? null : 20 + i * 3,
      })),
    });
    const kpiCard = renderMessageCard(await withInlineCharts(chartMessage(kpi, "channel"))) as unknown as {
      body: CardElement[];
    };
    expect(cardProblems(kpiCard)).toEqual([]);
    expect(images(kpiCard)[0]?.url).toMatch(/^data:image\/png;base64,/);

    const labels = ["1 · Very poor", "2 · Poor", "3 · Fair", "4 · Good", "5 · Very good"];
    const specs = Array.from({ length: 9 }, (_, q) =>
      distributionChart({
        id: `1-q${q}`,
        question: `Question ${q + 1}`,
        counts: labels.map((answer, i) => ({ answer, count: (q + i) % 4 })),
      }),
    );
    const parts = specs.map((s) => chartMessage(s, "channel"));
    const message = await withInlineCharts({
      text: parts.map((p) => p.text).join("\n\n"),
      visibility: "channel",
      blocks: parts.flatMap((p) => p.blocks),
    });
    const card = renderMessageCard(message) as unknown as { body: CardElement[] };
    expect(cardProblems(card)).toEqual([]);
    expect(cardSize(card as never)).toBeLessThanOrEqual(CARD_CHAR_BUDGET);
    // Images (and FactSet rows) may give way to the budget; each chart's alt text, which lists
    // every count, stays in the card.
    const json = JSON.stringify(card);
    for (const spec of specs) expect(json).toContain(JSON.stringify(spec.altText).slice(1, -1));
  });
});
