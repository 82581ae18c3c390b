import { describe, expect, it } from "vitest";
import { createMetricsCollector } from "../../../src/core/audit/metrics.js";
import type { AuditRows, CheckVisitors } from "../../../src/core/checks/types.js";
import type { EntityName } from "../../../src/core/dataset/entities.js";
import { days, T } from "./helpers.js";

const zero: Record<EntityName, number> = {
  users: 0,
  companies: 0,
  contacts: 0,
  deals: 0,
  tasks: 0,
  activities: 0,
  customer_feedback: 0,
};

function feed<E extends EntityName>(visitors: CheckVisitors, entity: E, rows: Partial<AuditRows[E]>[]) {
  const visit = visitors[entity] as (row: AuditRows[E]) => void;
  for (const row of rows) visit(row as AuditRows[E]);
}

const user = (id: string, active: boolean, lastLoginAt: number | null) =>
  ({
    id,
    name: "n",
    email: "e",
    role: null,
    active,
    lastLoginAt,
    mfaEnabled: null,
    lastActivityAt: null,
  }) as AuditRows["users"];
const deal = (id: string, status: string, companyId: string | null, createdAt: number, closedAt: number | null) =>
  ({ id, status, companyId, createdAt, closedAt }) as AuditRows["deals"];

describe("metrics", () => {
  it("adoption: active users who logged in at or after T−30d, over active users", () => {
    const m = createMetricsCollector(T);
    feed(m.visitors, "users", [
      user("u1", true, T - days(30)), // exactly 30 days: adopted
      user("u2", true, T - days(30) - 1),
      user("u3", true, null),
      user("u4", false, T), // inactive seat: not counted at all
    ]);
    expect(m.result({ ...zero, users: 4 }, null).adoptionRate).toBeCloseTo(1 / 3);
    expect(createMetricsCollector(T).result(zero, null).adoptionRate).toBeNull();
  });

  it("retention, conversion and win rate over the 365 days before T", () => {
    const m = createMetricsCollector(T);
    const start = T - days(365);
    feed(m.visitors, "deals", [
      // Customers at period start: A, B, C (won at or before the start).
      deal("d1", "won", "A", start - days(100), start),
      deal("d2", "won", "B", start - days(200), start - days(50)),
      deal("d3", "won", "C", start - days(200), start - days(10)),
      // A and B buy again in the period; C does not; D is a new customer (not in the cohort).
      deal("d4", "won", "A", start + days(10), start + days(20)),
      deal("d5", "won", "B", start + days(5), T),
      deal("d6", "won", "D", start + days(5), start + days(40)),
      deal("d7", "lost", "C", start + days(1), start + days(90)),
      deal("d8", "open", "C", start + days(2), null),
      deal("d9", "won", "C", T - days(1), T + days(1)), // closes after T: neither won in period nor converted
    ]);
    const result = m.result({ ...zero, deals: 9 }, null);
    expect(result.retentionRate).toBeCloseTo(2 / 3);
    // created in (T−365d, T]: d4, d5, d6, d7, d8, d9 → won by T: d4, d5, d6
    expect(result.conversionRate).toBeCloseTo(3 / 6);
    // closed in the period: won d4, d5, d6; lost d7
    expect(result.winRate).toBeCloseTo(3 / 4);
  });

  it("CSAT mean and NPS from feedback submitted in the period", () => {
    const m = createMetricsCollector(T);
    const fb = (id: string, scale: string, score: number, submittedAt = T - days(1)) =>
      ({
        id,
        scale,
        score,
        submittedAt,
        contactId: null,
        companyId: null,
        comment: null,
      }) as AuditRows["customer_feedback"];
    feed(m.visitors, "customer_feedback", [
      fb("f1", "csat5", 5),
      fb("f2", "csat5", 2),
      fb("f3", "csat5", 1, T - days(400)), // before the period
      fb("f4", "nps10", 10),
      fb("f5", "nps10", 9),
      fb("f6", "nps10", 7),
      fb("f7", "nps10", 6),
      fb("f8", "nps10", 0, T + 1), // after T
    ]);
    const result = m.result({ ...zero, customer_feedback: 8 }, null);
    expect(result.csatMean).toBe(3.5);
    expect(result.nps).toBe(25); // 2 promoters, 1 detractor of 4 → 50% − 25%
  });

  it("fill rates flag optional fields filled under 5%, and count changes compare with the previous run", () => {
    const m = createMetricsCollector(T);
    const contacts = Array.from({ length: 100 }, (_, i) => ({
      id: `c${i}`,
      email: `p${i}@example.com`,
      jobTitle: i < 4 ? "CEO" : null, // 4% → unused
      phone: i < 5 ? "+44 20 7946 0000" : "", // 5% → used; "" counts as blank
    }));
    for (const row of contacts) m.countFill("contacts", row);
    const result = m.result({ ...zero, contacts: 100, users: 3 }, { ...zero, contacts: 125, users: 0 });
    expect(result.fillRates.contacts).toMatchObject({ email: 1, jobTitle: 0.04, phone: 0.05 });
    expect(result.unusedFields).toContain("contacts.jobTitle");
    expect(result.unusedFields).not.toContain("contacts.phone");
    expect(result.unusedFields).not.toContain("contacts.email");
    expect(result.unusedFields.some((f) => f.startsWith("users."))).toBe(false); // no users seen: no verdict
    expect(result.countChanges).toEqual({ contacts: -0.2 });
  });
});
