import { describe, expect, it } from "vitest";
import { distributionChart, kpiTrendChart } from "../../../src/core/charts/build.js";
import { chartSummaryLines, chartTable, chartText, sparkline } from "../../../src/core/charts/text.js";

describe("chart text fallbacks", () => {
  it("scales a sparkline to the domain, leaves gaps for missing values and draws a flat series in the middle", () => {
    expect(sparkline([0, 50, 100], [0, 100])).toBe("▁▅█");
    expect(sparkline([3, null, 9])).toBe("▁ █");
    expect(sparkline([4, 4, 4])).toBe("▄▄▄");
    expect(sparkline([])).toBe("");
  });

  it("carries the same numbers as the chart: every label and value, units and 'not measured' gaps", () => {
    const spec = kpiTrendChart({
      id: "win-rate",
      name: "Win rate",
      unit: "%",
      points: [
        { period: "2026-Q1", value: 31.25 },
        { period: "2026-Q2", value: null },
        { period: "2026-Q3", value: 40 },
      ],
    });
    expect(chartTable(spec).rows).toEqual([
      ["2026-Q1", "31.3%"],
      ["2026-Q2", "—"],
      ["2026-Q3", "40%"],
    ]);
    expect(chartText(spec)).toBe("Win rate by period\n2026-Q1: 31.3%\n2026-Q2: —\n2026-Q3: 40%");
    expect(spec.altText).toContain("1 periods not measured");
    expect(chartSummaryLines(spec)).toEqual(["Win rate: ▁ █ 31.3% → 40%"]);
  });

  it("lists a distribution's answers with their counts, also when nobody answered", () => {
    const spec = distributionChart({
      id: "q",
      question: "Useful?",
      counts: [
        { answer: "Yes", count: 3 },
        { answer: "No", count: 1 },
      ],
    });
    expect(chartSummaryLines(spec)).toEqual(["Yes: 3", "No: 1"]);
    expect(spec.altText).toBe('4 answers to "Useful?": Yes 3, No 1.');
    expect(distributionChart({ id: "q", question: "Useful?", counts: [] }).altText).toBe(
      'No answers yet to "Useful?".',
    );
  });
});
