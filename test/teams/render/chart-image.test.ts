import { describe, expect, it } from "vitest";
import { categoryTrendChart, findingsByCategoryChart, scoreTrendChart } from "../../../src/core/charts/build.js";
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
});
