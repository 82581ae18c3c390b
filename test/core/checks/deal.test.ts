import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../../src/core/checks/types.js";
import closedBeforeCreated from "../../../src/core/checks/deal/closed-before-created.js";
import lostWithoutReason from "../../../src/core/checks/deal/lost-without-reason.js";
import missingAmount from "../../../src/core/checks/deal/missing-amount.js";
import missingCloseDate from "../../../src/core/checks/deal/missing-close-date.js";
import missingOwner from "../../../src/core/checks/deal/missing-owner.js";
import noRecentActivity from "../../../src/core/checks/deal/no-recent-activity.js";
import pastCloseDate from "../../../src/core/checks/deal/past-close-date.js";
import stuckInStage from "../../../src/core/checks/deal/stuck-in-stage.js";
import { at, deal, runCheck } from "./run-check.js";

const T = at("2026-05-01T12:00:00Z");
const asOf = T;

describe("deal.past-close-date", () => {
  it("reports open deals whose close date is before the start of T's UTC day", () => {
    const deals = [
      deal({ id: "on-T-day-midnight", expectedCloseDate: at("2026-05-01") }),
      deal({ id: "on-T-day-morning", expectedCloseDate: at("2026-05-01T06:00:00Z") }),
      deal({ id: "yesterday-last-ms", expectedCloseDate: at("2026-05-01") - 1 }),
      deal({ id: "last-month", expectedCloseDate: at("2026-04-01") }),
      // 2026-05-01T01:00:00+02:00 is 2026-04-30T23:00Z: the day before T's UTC day.
      deal({ id: "offset-previous-day", expectedCloseDate: at("2026-05-01T01:00:00+02:00") }),
      deal({ id: "lost-old", expectedCloseDate: at("2026-01-01"), status: "lost" }),
      deal({ id: "won-old", expectedCloseDate: at("2026-01-01"), status: "won" }),
      deal({ id: "none" }),
    ];
    expect(runCheck(pastCloseDate, { deals }, { asOf }).ids).toEqual([
      "last-month",
      "offset-previous-day",
      "yesterday-last-ms",
    ]);
  });
});

describe("deal.missing-close-date / missing-amount / missing-owner", () => {
  const deals = [
    deal({ id: "complete", expectedCloseDate: T, amount: 1000, ownerId: "u1" }),
    deal({ id: "empty" }),
    deal({ id: "zero-amount", amount: 0, ownerId: " " }),
    deal({ id: "won-empty", status: "won" }),
    deal({ id: "lost-empty", status: "lost" }),
  ];
  it("reports open deals only", () => {
    expect(runCheck(missingCloseDate, { deals }, { asOf }).ids).toEqual(["empty", "zero-amount"]);
    expect(runCheck(missingAmount, { deals }, { asOf }).ids).toEqual(["empty"]);
    expect(runCheck(missingOwner, { deals }, { asOf }).ids).toEqual(["empty", "zero-amount"]);
  });
  it("reads a field left out of a row (undefined) as blank", () => {
    const partial = [
      deal({ id: "no-fields", amount: undefined as unknown as null, expectedCloseDate: undefined as unknown as null }),
    ];
    expect(runCheck(missingAmount, { deals: partial }, { asOf }).ids).toEqual(["no-fields"]);
    expect(runCheck(missingCloseDate, { deals: partial }, { asOf }).ids).toEqual(["no-fields"]);
  });
});

describe("deal.stuck-in-stage", () => {
  it("reports open deals that entered their stage strictly more than 60 days before T", () => {
    const deals = [
      deal({ id: "exactly-60", stageEnteredAt: T - 60 * DAY_MS }),
      deal({ id: "60-and-1ms", stageEnteredAt: T - 60 * DAY_MS - 1 }),
      deal({ id: "won-old", stageEnteredAt: T - 500 * DAY_MS, status: "won" }),
      deal({ id: "unknown", stageEnteredAt: null }),
    ];
    expect(runCheck(stuckInStage, { deals }, { asOf }).ids).toEqual(["60-and-1ms"]);
    expect(runCheck(stuckInStage, { deals }, { asOf, thresholds: { days: 90 } }).ids).toEqual([]);
  });
});

describe("deal.no-recent-activity", () => {
  it("reports open deals with no linked activity in [T - 30 days, T]", () => {
    const deals = [
      deal({ id: "never" }),
      deal({ id: "exactly-30", lastActivityAt: T - 30 * DAY_MS }),
      deal({ id: "30-and-1ms", lastActivityAt: T - 30 * DAY_MS - 1 }),
      deal({ id: "today", lastActivityAt: T }),
      deal({ id: "lost-never", status: "lost" }),
    ];
    expect(runCheck(noRecentActivity, { deals }, { asOf }).ids).toEqual(["30-and-1ms", "never"]);
  });
});

describe("deal.lost-without-reason", () => {
  it("reports lost deals without a reason", () => {
    const deals = [
      deal({ id: "lost-none", status: "lost" }),
      deal({ id: "lost-blank", status: "lost", lostReason: "  " }),
      deal({ id: "lost-price", status: "lost", lostReason: "price" }),
      deal({ id: "won-none", status: "won" }),
      deal({ id: "open-none" }),
    ];
    expect(runCheck(lostWithoutReason, { deals }, { asOf }).ids).toEqual(["lost-blank", "lost-none"]);
  });
});

describe("deal.closed-before-created", () => {
  it("reports any deal with closed_at strictly before created_at", () => {
    const created = at("2026-02-01T00:00:00Z");
    const deals = [
      deal({ id: "before", createdAt: created, closedAt: created - 1, status: "won" }),
      deal({ id: "same", createdAt: created, closedAt: created, status: "lost" }),
      deal({ id: "after", createdAt: created, closedAt: created + DAY_MS, status: "won" }),
      deal({ id: "open-before", createdAt: created, closedAt: created - DAY_MS }),
      deal({ id: "not-closed", createdAt: created }),
    ];
    expect(runCheck(closedBeforeCreated, { deals }, { asOf }).ids).toEqual(["before", "open-before"]);
  });
});
