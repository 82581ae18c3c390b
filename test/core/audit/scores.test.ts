import { describe, expect, it } from "vitest";
import { affectedShare, computeScores, orderFindings } from "../../../src/core/audit/scores.js";
import type { FindingResult } from "../../../src/core/audit/types.js";
import type { EntityName } from "../../../src/core/dataset/entities.js";

const counts: Record<EntityName, number> = {
  users: 10,
  companies: 50,
  contacts: 100,
  deals: 20,
  tasks: 40,
  activities: 0,
  customer_feedback: 0,
};

function finding(partial: Partial<FindingResult> & Pick<FindingResult, "checkId" | "affected">): FindingResult {
  const affected = partial.affected;
  return {
    title: "t",
    category: "data-quality",
    severity: "medium",
    entity: "contacts",
    shape: "records",
    count: affected.length,
    why: "",
    fix: "",
    ...partial,
  };
}
const ids = (n: number, prefix = "c") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("scores", () => {
  it("is 100 with no findings and for checks that flag nothing", () => {
    expect(computeScores([], counts)).toEqual({ overall: 100, categories: {} });
    expect(computeScores([finding({ checkId: "a", affected: [] })], counts)).toEqual({
      overall: 100,
      categories: { "data-quality": 100 },
    });
  });

  it("weights each check's affected share by its severity (the docs/audit.md example)", () => {
    const findings = [
      // 25 of 100 contacts, medium (w=2)
      finding({ checkId: "contact.missing-owner", affected: ids(25) }),
      // 10 of 20 deals, high (w=3), process
      finding({
        checkId: "deal.missing-amount",
        affected: ids(10, "d"),
        entity: "deals",
        severity: "high",
        category: "process",
      }),
      // 0 of 40 tasks, low (w=1), process
      finding({ checkId: "task.overdue", affected: [], entity: "tasks", severity: "low", category: "process" }),
      // 2 duplicate groups with 5 members of 100 contacts, critical (w=5)
      finding({
        checkId: "contact.duplicate",
        affected: [
          ["c1", "c2"],
          ["c3", "c4", "c5"],
        ],
        shape: "groups",
        severity: "critical",
      }),
    ];
    const scores = computeScores(findings, counts);
    // data-quality: 100 × (1 − (2·0.25 + 5·0.05) / (2 + 5)) = 89.28…
    expect(scores.categories["data-quality"]).toBe(89.3);
    // process: 100 × (1 − (3·0.5 + 1·0) / 4) = 62.5
    expect(scores.categories.process).toBe(62.5);
    // overall: 100 × (1 − (0.5 + 0.25 + 1.5 + 0) / 11) = 79.54…
    expect(scores.overall).toBe(79.5);
  });

  it("caps the share at 1 and treats dataset-level findings as fully affected", () => {
    expect(
      affectedShare(finding({ checkId: "x", affected: ids(5, "u"), entity: "users" }), { ...counts, users: 2 }),
    ).toBe(1);
    expect(
      affectedShare(finding({ checkId: "dataset.count-drop", affected: ["contacts"], entity: "dataset" }), counts),
    ).toBe(1);
  });
});

describe("scores leave not measured checks out", () => {
  const notMeasured = { status: "not-measured" as const, reason: "HubSpot exports carry no login dates" };

  it("does not count a not measured check in Σ w, nor its category", () => {
    const measuredOnly = [
      finding({ checkId: "contact.missing-owner", severity: "medium", affected: ids(25) }),
      finding({ checkId: "task.overdue", category: "process", entity: "tasks", severity: "low", affected: [] }),
    ];
    const unmeasured = finding({
      checkId: "user.inactive",
      category: "usage",
      entity: "users",
      severity: "medium",
      affected: [],
      ...notMeasured,
    });
    const without = computeScores(measuredOnly, counts);
    const withIt = computeScores([...measuredOnly, unmeasured], counts);
    // Counted as "found nothing", user.inactive would lift the overall score: 100 × (1 − 0.5 / 5) = 90.
    expect(computeScores([...measuredOnly, { ...unmeasured, status: "measured" }], counts).overall).toBe(90);
    expect(withIt.overall).toBe(without.overall);
    expect(withIt.overall).toBe(83.3);
    expect(withIt.categories).toEqual(without.categories);
    expect(withIt.categories.usage).toBeUndefined();
    expect(withIt.notMeasured).toEqual(["usage"]);
  });

  it("scores a category on its measured checks and lists it only when none was measured", () => {
    const scores = computeScores(
      [
        finding({ checkId: "contact.missing-owner", affected: ids(50) }),
        finding({ checkId: "contact.missing-lifecycle-stage", severity: "low", affected: [], ...notMeasured }),
      ],
      counts,
    );
    expect(scores.categories["data-quality"]).toBe(50);
    expect(scores.notMeasured).toBeUndefined();
  });

  it("orders not measured checks after those that found nothing", () => {
    const run = {
      metrics: { counts } as never,
      findings: [
        finding({ checkId: "a.unmeasured", affected: [], severity: "critical", ...notMeasured }),
        finding({ checkId: "b.nothing", affected: [], severity: "low" }),
        finding({ checkId: "c.found", affected: ids(1), severity: "low" }),
      ],
    };
    expect(orderFindings(run).map((f) => f.checkId)).toEqual(["c.found", "b.nothing", "a.unmeasured"]);
  });
});
