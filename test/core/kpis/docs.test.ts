/** docs/kpis.md's table lists exactly the registered KPIs, each as its file defines it. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { KPIS } from "../../../src/core/kpis/registry.js";

function documentedRows(): string[][] {
  const text = fs.readFileSync("docs/kpis.md", "utf8");
  const lines = text.slice(text.indexOf("## The KPIs")).split("\n");
  const first = lines.findIndex((l) => l.startsWith("| id |"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe("KPIs in the docs", () => {
  it("lists every KPI once, in registry order, with its title, unit, formula and inputs", () => {
    const rows = documentedRows();
    expect(rows.map((r) => r[0])).toEqual(KPIS.map((k) => `\`${k.id}\``));
    for (const [i, kpi] of KPIS.entries()) {
      const [, title, unit, formula, inputs] = rows[i]!;
      expect([title, unit, formula, inputs], kpi.id).toEqual([kpi.title, kpi.unit, kpi.formula, kpi.inputs.join(", ")]);
    }
  });

  it("has unique ids", () => {
    expect(new Set(KPIS.map((k) => k.id)).size).toBe(KPIS.length);
  });
});
