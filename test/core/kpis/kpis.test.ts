/**
 * KPI values checked by hand on a small constructed workspace in a real SQLite file: the
 * snapshots are written as the import writes them (writeSnapshotAt), at chosen instants.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  computeKpis,
  computeKpiTrend,
  parsePeriod,
  type KpiReport,
  type KpiValue,
} from "../../../src/core/kpis/index.js";
import roi from "../../../src/core/kpis/roi.js";
import { kpiConfigSchema } from "../../../src/core/kpis/config.js";
import type { PeriodFacts } from "../../../src/core/stores/kpi-snapshots.js";
import type { Database } from "../../../src/db/database.js";
import { writeSnapshotAt } from "../../../src/db/stores/kpi-snapshots.js";
import { freshDatabase } from "../../helpers/db.js";

const at = (iso: string) => Date.parse(iso);
const WS = "acme";

let db: Database;
beforeEach(() => {
  db = freshDatabase("kpis");
  db.sqlite.prepare(`INSERT INTO workspaces (id, name) VALUES (?, ?)`).run(WS, WS);
  db.sqlite.prepare(`INSERT INTO workspaces (id, name) VALUES (?, ?)`).run("other", "other");
});
afterEach(async () => {
  await db.close();
});

function company(id: string, stage: string | null, ws = WS) {
  db.sqlite
    .prepare(
      `INSERT INTO companies ("workspaceId", id, name, "lifecycleStage", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT ("workspaceId", id) DO UPDATE SET "lifecycleStage" = excluded."lifecycleStage"`,
    )
    .run(ws, id, id, stage, at("2026-01-01"), at("2026-01-01"));
}

function deal(id: string, status: string, createdAt: string, closedAt: string | null, amount: number | null = null) {
  db.sqlite
    .prepare(
      `INSERT INTO deals ("workspaceId", id, name, stage, status, amount, "createdAt", "updatedAt", "closedAt")
       VALUES (?, ?, ?, 's', ?, ?, ?, ?, ?)`,
    )
    .run(WS, id, id, status, amount, at(createdAt), at(createdAt), closedAt === null ? null : at(closedAt));
}

function feedback(id: string, scale: "csat5" | "nps10", score: number, submittedAt: string) {
  db.sqlite
    .prepare(`INSERT INTO customer_feedback ("workspaceId", id, score, scale, "submittedAt") VALUES (?, ?, ?, ?, ?)`)
    .run(WS, id, score, scale, at(submittedAt));
}

function user(id: string, active: boolean) {
  db.sqlite
    .prepare(`INSERT INTO crm_users ("workspaceId", id, name, email, active) VALUES (?, ?, ?, ?, ?)`)
    .run(WS, id, id, `${id}@example.com`, active ? 1 : 0);
}

function activity(id: string, userId: string, occurredAt: string, status: string | null = null) {
  db.sqlite
    .prepare(
      `INSERT INTO activities ("workspaceId", id, type, "userId", "occurredAt", status) VALUES (?, ?, 'call', ?, ?, ?)`,
    )
    .run(WS, id, userId, at(occurredAt), status);
}

let importId = 0;
const snapshot = (iso: string, ws = WS) => writeSnapshotAt(db.sqlite, ws, at(iso), ++importId);

/**
 * October: a snapshot on the 5th with no customer, then co1–co3 become customers and a
 * snapshot on the 31st. November: co2 goes back to "lead", co3 is deleted, co4 becomes a
 * customer; a snapshot on the 20th. So November keeps co1 of co1–co3: 1/3.
 */
function buildHistory() {
  for (const id of ["co1", "co2", "co3", "co4"]) company(id, "lead");
  snapshot("2026-10-05T09:00:00Z");
  for (const id of ["co1", "co2", "co3"]) company(id, "Customer ");
  snapshot("2026-10-31T09:00:00Z");
  company("co2", "lead");
  db.sqlite.prepare(`DELETE FROM companies WHERE "workspaceId" = ? AND id = 'co3'`).run(WS);
  company("co4", "customer");
  snapshot("2026-11-20T09:00:00Z");
  // Another workspace's snapshots never count.
  company("x1", "customer", "other");
  snapshot("2026-11-02T00:00:00Z", "other");
  snapshot("2026-11-03T00:00:00Z", "other");

  // Deals. November: created d1–d4 (d1 won on the 10th after 8 days, d2 lost, d3 and d4 open);
  // d5 created 1 October, won 5 November after 35 days. October: d6 won, d7 lost.
  deal("d1", "won", "2026-11-02", "2026-11-10", 1000);
  deal("d2", "lost", "2026-11-03", "2026-11-15");
  deal("d3", "open", "2026-11-04", null);
  deal("d4", "open", "2026-11-05", null);
  deal("d5", "won", "2026-10-01", "2026-11-05", 3000);
  deal("d6", "won", "2026-09-01", "2026-10-10", 500);
  deal("d7", "lost", "2026-09-02", "2026-10-12");

  // Feedback in November only: CSAT 4, 5, 3; NPS 10, 9, 7, 3.
  feedback("f1", "csat5", 4, "2026-11-03");
  feedback("f2", "csat5", 5, "2026-11-04");
  feedback("f3", "csat5", 3, "2026-11-05");
  feedback("f4", "nps10", 10, "2026-11-06");
  feedback("f5", "nps10", 9, "2026-11-07");
  feedback("f6", "nps10", 7, "2026-11-08");
  feedback("f7", "nps10", 3, "2026-11-09");

  // Users: three active, one not. November: u1 logs 3 activities, u2 one, u3 has only a scheduled one.
  user("u1", true);
  user("u2", true);
  user("u3", true);
  user("u4", false);
  activity("a1", "u1", "2026-11-01T10:00:00Z");
  activity("a2", "u1", "2026-11-11T10:00:00Z");
  activity("a3", "u1", "2026-11-30T23:59:59Z", "completed");
  activity("a4", "u2", "2026-11-12T10:00:00Z");
  activity("a5", "u3", "2026-11-13T10:00:00Z", "scheduled");
  activity("a6", "u1", "2026-12-01T00:00:00Z");
  // u4, deactivated since, logged one too: an activity, but no adopter among the seats.
  activity("a7", "u4", "2026-11-14T10:00:00Z");
}

async function report(period: string, config: unknown = null, systemUsers: string[] = []): Promise<KpiReport> {
  return computeKpis({
    store: db.stores.chat.kpis,
    workspaceId: WS,
    period: parsePeriod(period)!,
    config: config === null ? null : kpiConfigSchema.parse(config),
    systemUsers,
    now: at("2026-12-03T08:00:00Z"),
  });
}

const kpi = (r: KpiReport, id: string) => r.kpis.find((k) => k.id === id)!;
const value = (v: KpiValue) => (v.status === "measured" ? v.value : v.status);

describe("KPIs", () => {
  it("measures retention across two snapshots: customers kept at period end / customers at its start", async () => {
    buildHistory();
    const november = kpi(await report("2026-11"), "customer-retention");
    expect(november.current).toEqual({
      status: "measured",
      value: 1 / 3,
      inputs: { customersAtStart: 3, kept: 1 },
      basis: "import snapshots of 2026-10-31 and 2026-11-20",
    });
    // October: its first snapshot had no customers, which is no ratio at all.
    expect(november.previous).toEqual({
      status: "not-measured",
      reason: "no customers in the import snapshot of 2026-10-05",
    });
    expect(november.change).toBeNull();
  });

  it("never guesses retention from fewer than two snapshots", async () => {
    buildHistory();
    expect(kpi(await report("2026-09"), "customer-retention").current).toMatchObject({
      status: "not-measured",
      reason: expect.stringMatching(/^no import snapshot covers the period/),
    });
    // December: only November's last snapshot reaches it.
    expect(kpi(await report("2026-12"), "customer-retention").current).toMatchObject({
      status: "not-measured",
      reason: expect.stringMatching(/^only one import snapshot covers the period/),
    });
  });

  it("computes the deal KPIs of a period and the change from the previous one", async () => {
    buildHistory();
    const r = await report("2026-11");
    // Created in November: d1–d4, of which d1 is won by the end: 1/4.
    expect(kpi(r, "lead-conversion").current).toMatchObject({
      value: 0.25,
      inputs: { dealsCreated: 4, dealsCreatedWon: 1 },
    });
    // Closed in November: d1, d5 won, d2 lost: 2/3; October: d6 won, d7 lost: 1/2.
    const win = kpi(r, "win-rate");
    expect(value(win.current)).toBeCloseTo(2 / 3, 10);
    expect(value(win.previous)).toBe(0.5);
    expect(win.change).toBeCloseTo(2 / 3 - 0.5, 10);
    // Won in November after 8 and 35 days: 21.5 days; October: d6 after 39 days.
    expect(value(kpi(r, "sales-cycle").current)).toBe(21.5);
    expect(value(kpi(r, "sales-cycle").previous)).toBe(39);
    // Won amounts 1000 and 3000: 2000; October 500.
    expect(kpi(r, "average-deal-size")).toMatchObject({ change: 1500, current: { value: 2000 } });
  });

  it("computes CSAT and NPS from the feedback of the period, and says why when there is none", async () => {
    buildHistory();
    const r = await report("2026-11");
    expect(value(kpi(r, "csat").current)).toBe(4);
    // Promoters 10, 9; detractor 3; passive 7: 100 × (2 − 1) / 4 = 25.
    expect(kpi(r, "nps").current).toMatchObject({ value: 25, inputs: { responses: 4, promoters: 2, detractors: 1 } });
    expect(kpi(r, "csat").previous).toEqual({
      status: "not-measured",
      reason: "no csat5 feedback was submitted in the period",
    });
    db.sqlite.prepare(`DELETE FROM customer_feedback`).run();
    expect(kpi(await report("2026-11"), "nps").current).toEqual({
      status: "not-measured",
      reason: "the data holds no customer feedback (customer_feedback.csv; no survey yet)",
    });
  });

  it("measures adoption against the configured seats, else the active users", async () => {
    buildHistory();
    const r = await report("2026-11");
    // u1 and u2 logged completed activities (u3's is only scheduled, u4 is no longer active, a6
    // is in December): 2 of 3 active users; 5 completed activities in November over 3 seats.
    expect(kpi(r, "crm-adoption").current).toMatchObject({
      value: 2 / 3,
      inputs: { activeUsers: 2, seats: 3 },
      note: "seats = active CRM users (kpis.seats not set)",
    });
    expect(kpi(r, "activities-per-user").current).toMatchObject({ value: 5 / 3, inputs: { activities: 5, seats: 3 } });
    const seats = await report("2026-11", { seats: 10 });
    expect(value(kpi(seats, "crm-adoption").current)).toBe(0.2);
    expect(value(kpi(seats, "activities-per-user").current)).toBe(0.5);
  });

  it("leaves system and integration users out of seats, adopters and activities, as the audit does", async () => {
    buildHistory();
    // Salesforce's built-in integration account logs 50 synced emails in November.
    db.sqlite
      .prepare(
        `INSERT INTO crm_users ("workspaceId", id, name, email, active) VALUES (?, 'sys', 'Integration User', 'int@example.com', 1)`,
      )
      .run(WS);
    for (let i = 0; i < 50; i++) activity(`s${i}`, "sys", "2026-11-20T10:00:00Z");
    const r = await report("2026-11");
    expect(kpi(r, "crm-adoption").current).toMatchObject({ value: 2 / 3, inputs: { activeUsers: 2, seats: 3 } });
    expect(kpi(r, "activities-per-user").current).toMatchObject({ inputs: { activities: 5, seats: 3 } });
    // The configuration's systemUsers (by email or id) are left out the same way.
    const listed = await report("2026-11", null, ["U2@example.com"]);
    expect(kpi(listed, "crm-adoption").current).toMatchObject({ value: 1 / 2, inputs: { activeUsers: 1, seats: 2 } });
    expect(kpi(listed, "activities-per-user").current).toMatchObject({ value: 2, inputs: { activities: 4, seats: 2 } });
  });

  it("says ROI is not configured without cost and gain inputs, and computes it with them", async () => {
    buildHistory();
    expect(kpi(await report("2026-11"), "roi").current).toEqual({
      status: "not-configured",
      reason: 'the configuration file has no kpis.costs and gains (docs/kpis.md, "ROI")',
    });
    expect(kpi(await report("2026-11", { costs: { adminPerMonth: 100 } }), "roi").current).toMatchObject({
      status: "not-configured",
      reason: expect.stringContaining("no kpis.gains"),
    });
    // docs/kpis.md's worked example on November's won revenue (4,000): cost 1,500 + 2,000 +
    // 1,000 = 4,500; gain 5% × 4,000 + 25 × 4 h × 45 = 200 + 4,500 = 4,700; ROI 200 / 4,500.
    const r = await report("2026-11", WORKED_EXAMPLE);
    expect(kpi(r, "roi").current).toMatchObject({
      status: "measured",
      inputs: { cost: 4500, gain: 4700, attributedRevenue: 200, hoursSavedValue: 4500, months: 1 },
    });
    expect(value(kpi(r, "roi").current)).toBeCloseTo(200 / 4500, 12);
  });

  it("reproduces docs/kpis.md's worked ROI example: 200,000 won in a month gives 222.2%", () => {
    const facts = { wonAmountSum: 200_000, wonCurrencies: 1 } as PeriodFacts;
    const usage = { activeUsers: 3, adopters: 3, activities: 0, systemUsers: 0 };
    const result = roi.compute({
      period: parsePeriod("2026-11")!,
      facts,
      usage,
      retention: { status: "not-measured", reason: "" },
      config: kpiConfigSchema.parse(WORKED_EXAMPLE),
    });
    expect(result).toMatchObject({
      status: "measured",
      inputs: {
        licences: 1500,
        admin: 2000,
        implementation: 1000,
        cost: 4500,
        attributedRevenue: 10_000,
        gain: 14_500,
      },
    });
    expect(value(result)).toBeCloseTo(10_000 / 4_500, 12);
    // A quarter is three months of costs and hours saved.
    const quarter = roi.compute({
      period: parsePeriod("2026-Q4")!,
      facts,
      usage,
      retention: { status: "not-measured", reason: "" },
      config: kpiConfigSchema.parse(WORKED_EXAMPLE),
    });
    expect(quarter).toMatchObject({ inputs: { cost: 13_500, gain: 10_000 + 13_500, months: 3 } });
  });

  it("gives a trend per KPI over consecutive periods, oldest first, with gaps where not measured", async () => {
    buildHistory();
    const trend = await computeKpiTrend({
      store: db.stores.chat.kpis,
      workspaceId: WS,
      last: parsePeriod("2026-11")!,
      count: 3,
      config: null,
    });
    expect(trend.map((p) => p.period.label)).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(trend.map((p) => value(p.values["win-rate"]!))).toEqual(["not-measured", 0.5, 2 / 3]);
    expect(trend.map((p) => value(p.values["customer-retention"]!))).toEqual(["not-measured", "not-measured", 1 / 3]);
  });

  it("reports a workspace with no data as not measured throughout, never as zeros", async () => {
    const r = await report("2026-11");
    for (const k of r.kpis) expect(k.current.status, k.id).not.toBe("measured");
    expect(r.complete).toBe(true);
    expect((await report("2026-12")).complete).toBe(false);
  });
});

const WORKED_EXAMPLE = {
  seats: 25,
  costs: { licencePerSeatMonth: 60, adminPerMonth: 2000, implementation: 36000, amortisationMonths: 36 },
  gains: { revenueShare: 0.05, hoursSavedPerUserMonth: 4, hourlyCost: 45 },
};

describe("KPI periods", () => {
  it("reads months, quarters and years in UTC, and refuses anything else", () => {
    expect(parsePeriod("2026-11")).toMatchObject({ label: "2026-11", start: at("2026-11-01"), end: at("2026-12-01") });
    expect(parsePeriod("2026-q3")).toMatchObject({ label: "2026-Q3", start: at("2026-07-01"), end: at("2026-10-01") });
    expect(parsePeriod("2026")).toMatchObject({ kind: "year", months: 12, end: at("2027-01-01") });
    for (const bad of ["2026-13", "2026-Q5", "26-11", "Nov", "", "2026-11-01", "=1+1"])
      expect(parsePeriod(bad)).toBeNull();
  });

  it("goes back one period of the same kind, across years", async () => {
    const { previousPeriod, defaultPeriod } = await import("../../../src/core/kpis/period.js");
    expect(previousPeriod(parsePeriod("2026-01")!).label).toBe("2025-12");
    expect(previousPeriod(parsePeriod("2026-Q1")!).label).toBe("2025-Q4");
    expect(previousPeriod(parsePeriod("2026")!).label).toBe("2025");
    // The last complete month: on 1 January that is December.
    expect(defaultPeriod(at("2027-01-01T00:00:00Z")).label).toBe("2026-12");
    expect(defaultPeriod(at("2026-12-03T08:00:00Z")).label).toBe("2026-11");
  });
});
