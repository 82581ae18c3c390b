import { describe, expect, it } from "vitest";
import { computeScores } from "../../../src/core/audit/scores.js";
import type { AuditRunResult, FindingResult, RunSummary } from "../../../src/core/audit/types.js";
import { findCheck } from "../../../src/core/checks/registry.js";
import type { EntityName } from "../../../src/core/dataset/entities.js";
import { buildPlan, findingOwners, loadPlan } from "../../../src/core/plan/index.js";
import { planJson, planText } from "../../../src/core/plan/format.js";
import type { RecordDetail } from "../../../src/core/stores/record-details.js";
import { metricsWithCounts } from "../../helpers/audit-metrics.js";

const counts: Record<EntityName, number> = {
  users: 5,
  companies: 0,
  contacts: 100,
  deals: 10,
  tasks: 20,
  activities: 0,
  customer_feedback: 0,
};

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** A finding of a real registry check, so its severity, category and effort are the catalogue's. */
function finding(checkId: string, affected: string[], extra: Partial<FindingResult> = {}): FindingResult {
  const meta = findCheck(checkId)!.meta;
  return {
    checkId,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    entity: meta.entity,
    shape: "records",
    count: affected.length,
    affected,
    why: meta.why,
    fix: meta.fix,
    ...extra,
  };
}

/**
 * The constructed audit of docs/plan.md's worked example. Impact = weight × records ×
 * centrality, priority = impact / effort weight:
 *   contact.missing-owner (medium 2, bulk 1): 2 × 20 × 2 = 80 → 80
 *   contact.missing-email-and-phone (high 3, per-record 3): 3 × 10 × 2 = 60 → 20
 *   deal.missing-amount (medium 2, per-record 3): 2 × 5 × 3 = 30 → 10
 *   deal.lost-without-reason (low 1, process 5): 1 × 4 × 3 = 12 → 2.4
 *   contact.contacted-after-withdrawal (critical 5, process 5): 5 × 1 × 2 = 10 → 2
 *   task.overdue (medium 2, per-record 3): 2 × 2 × 1 = 4 → 1.33
 */
function constructedRun(selection: string[] | null = null): AuditRunResult {
  const findings = [
    finding("contact.missing-owner", ids("c", 20)),
    finding("contact.missing-email-and-phone", ids("c", 10)),
    finding("deal.missing-amount", ids("d", 5)),
    finding("deal.lost-without-reason", ids("d", 4)),
    finding("contact.contacted-after-withdrawal", ["c1"]),
    finding("task.overdue", ["t1", "t2"]),
    finding("user.mfa-disabled", []),
    finding("user.inactive", [], { status: "not-measured", reason: "no login dates" }),
  ];
  return {
    id: 7,
    workspaceId: "ws",
    asOf: Date.parse("2026-11-30T12:00:00Z"),
    startedAt: Date.parse("2026-11-30T12:00:05Z"),
    durationMs: 10,
    trigger: "cli",
    requestedBy: null,
    selection,
    scores: computeScores(findings, counts),
    metrics: metricsWithCounts(counts),
    findings,
    changes: null,
  };
}

describe("fix plan", () => {
  it("ranks by impact against effort and groups into now / 30 / 60 / 90 days", () => {
    const run = constructedRun();
    // Σw = 2+3+2+1+5+2+3 = 18; penalty 0.4+0.3+1.0+0.4+0.05+0.2+0 = 2.35 → 100 × (1 − 2.35/18) = 86.9
    expect(run.scores.overall).toBe(86.9);
    const plan = buildPlan(run);
    expect(plan.items.map((i) => [i.checkId, i.impact, Math.round(i.priority * 100) / 100, i.horizon])).toEqual([
      ["contact.missing-owner", 80, 80, "now"],
      ["contact.missing-email-and-phone", 60, 20, "30-days"],
      ["deal.missing-amount", 30, 10, "30-days"],
      ["deal.lost-without-reason", 12, 2.4, "90-days"],
      ["contact.contacted-after-withdrawal", 10, 2, "now"],
      ["task.overdue", 4, 1.33, "60-days"],
    ]);
    expect(plan.horizons).toEqual({
      now: ["contact.missing-owner", "contact.contacted-after-withdrawal"],
      "30-days": ["contact.missing-email-and-phone", "deal.missing-amount"],
      "60-days": ["task.overdue"],
      "90-days": ["deal.lost-without-reason"],
    });
    expect(plan.runId).toBe(7);
    expect(plan.overall).toBe(86.9);
  });

  it("states each item's score gain as the audit's own scoring computes it without that finding", () => {
    const plan = buildPlan(constructedRun());
    const gains = Object.fromEntries(plan.items.map((i) => [i.checkId, [i.scoreGain, i.categoryGain]]));
    // Without contact.missing-owner: penalty 1.95 → 89.2 (+2.3); data quality 1.7/7 → 75.7, 1.3/7 → 81.4 (+5.7).
    expect(gains["contact.missing-owner"]).toEqual([2.3, 5.7]);
    // Without deal.missing-amount: penalty 1.35 → 92.5 (+5.6).
    expect(gains["deal.missing-amount"]![0]).toBe(5.6);
    // Without contact.missing-email-and-phone: 2.05 → 88.6 (+1.7); task.overdue: 2.15 → 88.1 (+1.2).
    expect(gains["contact.missing-email-and-phone"]![0]).toBe(1.7);
    expect(gains["task.overdue"]![0]).toBe(1.2);
    // The critical one alone: 2.30 → 87.2 (+0.3); compliance (1 of 100 contacts) goes from 99 to 100.
    expect(gains["contact.contacted-after-withdrawal"]).toEqual([0.3, 1]);
    expect(plan.scoreIfAllFixed).toBe(100);
  });

  it("counts owners over every affected record, most first, and names no owner for users", async () => {
    const owner = (id: string) => (Number(id.slice(1)) <= 12 ? "Ann" : Number(id.slice(1)) <= 18 ? "Bob" : "");
    const asked: number[] = [];
    const records = {
      async details(_ws: string, _entity: EntityName, batch: readonly string[]) {
        asked.push(batch.length);
        return new Map<string, RecordDetail>(batch.map((id) => [id, { id, name: id, owner: owner(id), values: [] }]));
      },
    };
    const owners = await findingOwners(records, "ws", [
      finding("contact.missing-owner", ids("c", 20)),
      finding("user.dormant", ["u1"]),
    ]);
    expect(owners.get("contact.missing-owner")).toEqual([
      { owner: "Ann", records: 12 },
      { owner: "Bob", records: 6 },
      { owner: "", records: 2 },
    ]);
    expect(owners.has("user.dormant")).toBe(false);
    expect(asked).toEqual([20]);
    const text = planText({ kind: "plan", plan: buildPlan(constructedRun(), { owners }) });
    expect(text).toContain("owners: Ann (12), Bob (6), no owner (2)");
  });

  it("never builds a plan from a partial run, and says so when a later one is left out", async () => {
    const records = { details: async () => new Map<string, RecordDetail>() };
    const summary = (id: number, selection: string[] | null) => ({ id, selection }) as RunSummary;
    const audit = (run: AuditRunResult | null, newest: RunSummary[] = []) => ({
      latest: async () => run,
      history: async () => newest,
    });
    const partial = await loadPlan({ audit: audit(constructedRun(["security"])), records }, "ws");
    expect(partial).toEqual({ kind: "partial-only", runId: 7, selection: ["security"] });
    expect(planText(partial)).toMatch(/only security.*pose as the whole/);
    const none = await loadPlan({ audit: audit(null), records }, "ws");
    expect(JSON.parse(planJson(none))).toMatchObject({ version: 1, plan: null, reason: "no-audit" });
    const full = await loadPlan({ audit: audit(constructedRun(), [summary(7, null)]), records }, "ws");
    expect(full.kind).toBe("plan");
    expect(planText(full)).toContain("From the full audit #7 as of 2026-11-30 12:00 UTC (score 87/100).");
    expect(planText(full)).not.toContain("partial");
    // A partial run after the full audit: the plan is still the full audit's, and says so.
    const later = await loadPlan({ audit: audit(constructedRun(), [summary(9, ["security"])]), records }, "ws");
    expect(planText(later)).toContain("The later partial run #9 (security) is not part of this plan.");
    expect(JSON.parse(planJson(later))).toMatchObject({
      runId: 7,
      laterPartialRun: { runId: 9, selection: ["security"] },
    });
  });

  it("has a stable JSON shape", () => {
    const json = JSON.parse(planJson({ kind: "plan", plan: buildPlan(constructedRun()) }));
    expect(Object.keys(json)).toEqual([
      "version",
      "workspaceId",
      "runId",
      "asOf",
      "startedAt",
      "overall",
      "items",
      "horizons",
      "scoreIfAllFixed",
      "laterPartialRun",
    ]);
    expect(Object.keys(json.items[0])).toEqual([
      "checkId",
      "title",
      "category",
      "severity",
      "effort",
      "entity",
      "records",
      "impact",
      "priority",
      "horizon",
      "scoreGain",
      "categoryGain",
      "owners",
      "fix",
    ]);
  });
});
