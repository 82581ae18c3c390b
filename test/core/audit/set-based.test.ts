/**
 * The two forms of the set-based checks agree id for id: each check's SQL
 * (src/db/sqlite/check-sql.ts) and its JavaScript visitor run over the same data (a generated
 * sample and hand-made edge rows: whitespace blanks, boundaries at exactly the threshold,
 * withdrawals without a date), at several as-of instants and settings.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectOutcomes, type CheckOutcomes } from "../../../src/core/audit/collect.js";
import type { EffectiveCheck } from "../../../src/core/audit/runner.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { DAY_MS, VISIT_ORDER } from "../../../src/core/checks/types.js";
import { createMetricsCollector, OPTIONAL_FIELDS } from "../../../src/core/audit/metrics.js";
import { importBundle } from "../../../src/core/import/index.js";
import { loadGroundTruth, writeSampleBundle } from "../../../src/core/sample/index.js";
import type { Database } from "../../../src/db/database.js";
import { SQLITE_CHECK_SQL } from "../../../src/db/sqlite/check-sql.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";
import { insertRows, T, days } from "./helpers.js";

const SET_BASED = CHECKS.filter((c) => c.setBased);
let db: Database;
let sampleAsOf: number;

beforeAll(async () => {
  const bundle = path.join(tempDir("set-based"), "bundle");
  const summary = await writeSampleBundle(bundle, { contacts: 800, seed: 5 });
  sampleAsOf = Date.parse(loadGroundTruth(summary.groundTruthPath).asOf);
  db = freshDatabase("set-based");
  expect((await importBundle(db.stores, "sample", bundle)).issues).toEqual([]);

  const ws = "\u00a0\t ";
  insertRows(db.sqlite, "edge", "users", [
    { id: "u1", active: 1 },
    { id: "u2", active: 0 },
    { id: "u3", active: 1, name: "Integration", email: "api@example.com" },
  ]);
  insertRows(db.sqlite, "edge", "contacts", [
    { id: "c1", email: ws, phone: null, ownerId: " u2 ", companyId: ws, lifecycleStage: " ", country: " de " },
    {
      id: "c2",
      email: "a@b.c",
      ownerId: "u1",
      companyId: "k1",
      lifecycleStage: "lead",
      country: "de",
      consent: "granted",
    },
    { id: "c3", updatedAt: T - days(365), consent: "withdrawn", consentAt: null, country: "us" },
    {
      id: "c4",
      updatedAt: T - days(365) - 1,
      lastActivityAt: T - days(365),
      consent: "withdrawn",
      consentAt: T - days(2),
    },
    { id: "c5", updatedAt: T - days(3 * 365) - 1, lastActivityAt: null, ownerId: "nobody", country: "GB" },
    { id: "c6", updatedAt: T - days(400), country: "\u00a0" },
  ]);
  insertRows(db.sqlite, "edge", "deals", [
    { id: "d1", status: "open", ownerId: ws, companyId: null, amount: null, expectedCloseDate: null },
    { id: "d2", status: "open", ownerId: "u2", companyId: "k1", amount: 5, expectedCloseDate: T - (T % DAY_MS) - 1 },
    { id: "d3", status: "open", ownerId: "u1", companyId: "k1", amount: 5, expectedCloseDate: T - (T % DAY_MS) },
    { id: "d4", status: "lost", lostReason: "\u3000", closedAt: T - days(200), createdAt: T - days(100) },
    { id: "d5", status: "won", closedAt: T - days(1), createdAt: T - days(100), lastActivityAt: T - days(31) },
    { id: "d6", status: "open", stageEnteredAt: T - days(60), lastActivityAt: T - days(30) },
    { id: "d7", status: "open", stageEnteredAt: T - days(60) - 1, lastActivityAt: T - days(30) - 1 },
  ]);
  insertRows(db.sqlite, "edge", "tasks", [
    { id: "t1", status: "open", assigneeId: ws, dueAt: null },
    { id: "t2", status: "open", assigneeId: "u2", dueAt: T - 1 },
    { id: "t3", status: "open", assigneeId: "u1", dueAt: T },
    { id: "t4", status: "open", assigneeId: "u3", dueAt: T + 1 },
    { id: "t5", status: "done", assigneeId: null, dueAt: null },
  ]);
  insertRows(db.sqlite, "edge", "activities", [
    { id: "a1", contactId: "c3", occurredAt: T - days(365) },
    { id: "a2", contactId: "c4", occurredAt: T - days(2) },
    { id: "a3", contactId: "c4", occurredAt: T + 5, status: "completed" },
    { id: "a4", dealId: "d7", occurredAt: T + days(1), status: "scheduled" },
    { id: "a5", dealId: "d6", occurredAt: T - days(30), status: null },
    { id: "a6", contactId: "c6", occurredAt: T - days(300) },
  ]);
});
afterAll(async () => db?.close());

function outcomes(workspaceId: string, asOf: number, settings: Record<string, unknown>, visitorsOnly: boolean) {
  const checks: EffectiveCheck[] = SET_BASED.map((check) => ({
    check,
    severity: check.meta.severity,
    thresholds: settings[check.meta.id] ?? {},
  }));
  const reader = db.stores.auditStorage.local;
  return reader.inReadSnapshot(() => {
    const scope = {
      workspaceId,
      asOf,
      counts: reader.countRecords(workspaceId),
      previousCounts: null,
      dataVersion: reader.dataVersion(workspaceId),
    };
    return collectOutcomes(reader, scope, checks, { visitorsOnly });
  });
}

const sortedIds = (all: CheckOutcomes) =>
  Object.fromEntries(Object.entries(all).map(([id, o]) => [id, [...o.ids].sort()]));

const CUSTOM = {
  "contact.stale": { days: 30 },
  "contact.retention-exceeded": { years: 1 },
  "contact.missing-consent": { countries: ["us", "De"] },
  "deal.no-recent-activity": { days: 7 },
  "deal.stuck-in-stage": { days: 10 },
};

describe("set-based checks: SQL and visitors", () => {
  it("has SQL for exactly the checks that declare a set-based form", () => {
    expect(Object.keys(SQLITE_CHECK_SQL).sort()).toEqual(SET_BASED.map((c) => c.meta.id).sort());
  });

  it.each([
    ["sample at its as-of, defaults", "sample", () => sampleAsOf, {}],
    ["sample 200 days earlier, custom settings", "sample", () => sampleAsOf - days(200), CUSTOM],
    ["sample a year later, defaults", "sample", () => sampleAsOf + days(365), {}],
    ["edge rows at T, defaults", "edge", () => T, {}],
    ["edge rows at T, custom settings", "edge", () => T, CUSTOM],
    ["edge rows a day after T", "edge", () => T + DAY_MS, {}],
  ] as const)("flag the same ids: %s", (_label, workspaceId, asOf, settings) => {
    const bySql = outcomes(workspaceId, asOf(), settings, false);
    const byVisitors = outcomes(workspaceId, asOf(), settings, true);
    expect(Object.keys(bySql).sort()).toEqual(SET_BASED.map((c) => c.meta.id).sort());
    expect(sortedIds(bySql)).toEqual(sortedIds(byVisitors));
    // Not vacuous: most checks flag something on this data.
    const flagging = Object.values(bySql).filter((o) => o.ids.length > 0).length;
    expect(flagging).toBeGreaterThan(SET_BASED.length / 2);
  });
});

describe("fill rates by one aggregate query", () => {
  it.each(["sample", "edge"])("equal counting the blanks of every streamed row (%s)", (workspaceId) => {
    const reader = db.stores.auditStorage.local;
    const asOf = workspaceId === "sample" ? sampleAsOf : T;
    const streamed = createMetricsCollector(asOf);
    const queried = createMetricsCollector(asOf);
    for (const entity of VISIT_ORDER) {
      for (const row of reader.readRows(workspaceId, entity, asOf)) streamed.countFill(entity, row);
      const { filled, total } = reader.fillCounts(workspaceId, entity, OPTIONAL_FIELDS[entity]);
      queried.setFill(entity, filled, total);
    }
    const counts = reader.countRecords(workspaceId);
    expect(queried.result(counts, null).fillRates).toEqual(streamed.result(counts, null).fillRates);
    expect(Object.values(streamed.result(counts, null).fillRates.contacts!).some((r) => r > 0 && r < 1)).toBe(true);
  });
});
