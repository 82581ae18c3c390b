/** The configuration file's `kpis:` section: parsed with the rest of the file, errors at their line. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { AuditConfigError, parseAuditConfig } from "../../../src/core/checks/config.js";

/** The worked example's YAML, as docs/kpis.md shows it. */
function documentedExample(): string {
  const text = fs.readFileSync("docs/kpis.md", "utf8");
  return /```yaml\n([\s\S]*?)```/.exec(text.slice(text.indexOf("### Worked example")))![1]!;
}

function issues(text: string): string[] {
  try {
    parseAuditConfig(text, "c.yml");
  } catch (error) {
    if (error instanceof AuditConfigError) return error.message.split("\n");
    throw error;
  }
  return [];
}

describe("kpis: in the configuration file", () => {
  it("reads docs/kpis.md's worked example", () => {
    expect(parseAuditConfig(documentedExample()).kpis).toEqual({
      seats: 25,
      currency: "EUR",
      costs: { licencePerSeatMonth: 60, adminPerMonth: 2000, implementation: 36000, amortisationMonths: 36 },
      gains: { revenueShare: 0.05, hoursSavedPerUserMonth: 4, hourlyCost: 45 },
    });
  });

  it("is absent when the file has none, and checks settings still parse beside it", () => {
    expect(parseAuditConfig("checks:\n  contact.stale:\n    enabled: false\n").kpis).toBeUndefined();
    const both = parseAuditConfig(
      "kpis:\n  costs:\n    adminPerMonth: 10\nchecks:\n  contact.stale:\n    enabled: false\n",
    );
    expect(both.kpis).toEqual({ costs: { adminPerMonth: 10, amortisationMonths: 36 } });
    expect(both.checks["contact.stale"]).toEqual({ enabled: false });
  });

  it("reports wrong values at their line, with the setting's path", () => {
    expect(issues("kpis:\n  gains:\n    revenueShare: 2\n")).toEqual([
      "c.yml:3:5: kpis.gains.revenueShare: a share between 0 and 1",
    ]);
    expect(issues("kpis:\n  costs:\n    licencePerSeatMonth: 60\n")).toEqual([
      expect.stringMatching(/^c\.yml:\d+:\d+: kpis\.seats: costs\.licencePerSeatMonth needs seats$/),
    ]);
    expect(issues("kpis:\n  gains:\n    hourlyCost: 45\n")).toEqual([
      expect.stringMatching(/kpis\.gains\.hoursSavedPerUserMonth: hoursSavedPerUserMonth and hourlyCost go together$/),
    ]);
    expect(issues("kpis:\n  seats: -3\n")[0]).toMatch(/^c\.yml:2:3: kpis\.seats: /);
    expect(issues("kpis:\n  costs:\n    licence: 60\n")[0]).toMatch(
      /^c\.yml:3:5: kpis\.costs\.licence: unknown setting/,
    );
  });
});
