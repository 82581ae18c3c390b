/** Results arithmetic checked by hand: the weighted fitness score, NPS, the minimum group, themes. */
import { describe, expect, it } from "vitest";
import { npsOf } from "../../../src/core/surveys/questions/scale.js";
import { fitnessOf } from "../../../src/core/surveys/results.js";
import { builtInTemplates } from "../../../src/core/surveys/templates.js";
import { topThemes } from "../../../src/core/surveys/themes.js";

const fitness = builtInTemplates().find((t) => t.definition.id === "crm-fitness")!.definition;

// Three stakeholders; B skips "service", so it has two raters and is withheld.
const A = {
  customer_data: 5,
  sales: 4,
  marketing: 3,
  service: 2,
  analytics: 4,
  usability: 4,
  integration: 2,
  extensibility: 3,
  support: 5,
  cost: 1,
};
const B = {
  customer_data: 4,
  sales: 4,
  marketing: 1,
  analytics: 5,
  usability: 5,
  integration: 3,
  extensibility: 3,
  support: 4,
  cost: 2,
};
const C = {
  customer_data: 3,
  sales: 2,
  marketing: 2,
  service: 4,
  analytics: 3,
  usability: 3,
  integration: 1,
  extensibility: 3,
  support: 3,
  cost: 3,
};

describe("fitness score", () => {
  it("weighs item scores within groups and groups overall, leaving out items with too few raters", () => {
    const result = fitnessOf(fitness, [A, B, C], {}, 3)!;
    const functions = result.groups.find((g) => g.id === "functions")!;
    // Item score = (average − 1) / 4 × 100: customer data (5+4+3)/3 = 4 → 75; sales 10/3 → 58.33; marketing 2 → 25; analytics 4 → 75.
    expect(functions.items.map((i) => [i.id, i.raters, i.score === null ? null : Number(i.score.toFixed(2))])).toEqual([
      ["customer_data", 3, 75],
      ["sales", 3, 58.33],
      ["marketing", 3, 25],
      ["service", 2, null],
      ["analytics", 3, 75],
    ]);
    expect(functions.items.find((i) => i.id === "service")!.withheld).toBe(true);
    // (25·75 + 25·58.333 + 15·25 + 20·75) / 85 = 5208.333 / 85 = 61.2745
    expect(functions.score).toBeCloseTo(61.2745, 3);
    // (30·75 + 25·25 + 15·50 + 15·75 + 15·25) / 100 = 51.25
    expect(result.groups.find((g) => g.id === "criteria")!.score).toBeCloseTo(51.25, 10);
    // (60·61.2745 + 40·51.25) / 100 = 57.2647
    expect(result.overall).toBeCloseTo(57.2647, 3);
  });

  it("takes the workspace's weights over the template's", () => {
    const result = fitnessOf(fitness, [A, B, C], { "group:criteria": 60 }, 3)!;
    // (60·61.2745 + 60·51.25) / 120
    expect(result.overall).toBeCloseTo((61.27451 + 51.25) / 2, 3);
    const heavy = fitnessOf(
      fitness,
      [A, B, C],
      { marketing: 85, customer_data: 0.0001, sales: 0.0001, analytics: 0.0001 },
      3,
    )!;
    expect(heavy.groups[0]!.score).toBeCloseTo(25, 2);
  });

  it("is not measured when no item has enough raters", () => {
    const result = fitnessOf(fitness, [A, B], {}, 3)!;
    expect(result.overall).toBeNull();
    expect(result.groups.every((g) => g.score === null)).toBe(true);
  });
});

describe("NPS and themes", () => {
  it("is % promoters − % detractors, rounded once", () => {
    expect(npsOf([10, 9, 8, 7, 6, 0])).toEqual({ score: 0, promoters: 2, passives: 2, detractors: 2 });
    expect(npsOf([10, 10, 10, 9])).toEqual({ score: 100, promoters: 4, passives: 0, detractors: 0 });
    expect(npsOf([1, 2, 9])).toEqual({ score: -33, promoters: 1, passives: 0, detractors: 2 });
    expect(npsOf([])).toBeNull();
  });

  it("counts a word once per answer and skips stop words", () => {
    const themes = topThemes(["Reports reports reports", "The reports are slow", "Slow login", "login is slow"]);
    expect(themes).toEqual([
      { term: "slow", count: 3 },
      { term: "login", count: 2 },
      { term: "reports", count: 2 },
    ]);
  });
});
