import { describe, expect, it } from "vitest";
import futureDated from "../../../src/core/checks/activity/future-dated.js";
import countDrop from "../../../src/core/checks/dataset/count-drop.js";
import { activity, at, contact, deal, runCheck, user } from "./run-check.js";

const T = at("2026-05-01T12:00:00Z");
const asOf = T;

describe("activity.future-dated", () => {
  it("reports activities strictly after T", () => {
    const activities = [
      activity({ id: "at-T", occurredAt: T }),
      activity({ id: "after", occurredAt: T + 1 }),
      // 2026-05-01T13:30:00+02:00 is 11:30Z: before T.
      activity({ id: "offset-before", occurredAt: at("2026-05-01T13:30:00+02:00") }),
      // 2026-05-01T08:30:00-04:00 is 12:30Z: after T.
      activity({ id: "offset-after", occurredAt: at("2026-05-01T08:30:00-04:00") }),
    ];
    expect(runCheck(futureDated, { activities }, { asOf }).ids).toEqual(["after", "offset-after"]);
  });
});

describe("dataset.count-drop", () => {
  const n = <T>(count: number, make: (id: string) => T) => Array.from({ length: count }, (_, i) => make(`r${i}`));
  const tables = {
    users: n(8, (id) => user({ id })), // 10 → 8: exactly 20%, not reported
    contacts: n(79, (id) => contact({ id })), // 100 → 79: 21%
    deals: n(50, (id) => deal({ id })), // 40 → 50: growth
  };
  const previous = {
    users: 10,
    companies: 0,
    contacts: 100,
    deals: 40,
    tasks: 5, // 5 → 0: all gone
    activities: 0,
    customer_feedback: 0,
  };
  it("reports entities whose count fell by more than 20% since the previous run", () => {
    expect(runCheck(countDrop, tables, { asOf, previousCounts: previous }).ids).toEqual(["contacts", "tasks"]);
  });
  it("reports nothing on a first run", () => {
    expect(runCheck(countDrop, tables, { asOf, previousCounts: null }).ids).toEqual([]);
  });
  it("takes a configured share", () => {
    expect(runCheck(countDrop, tables, { asOf, previousCounts: previous, thresholds: { share: 0.5 } }).ids).toEqual([
      "tasks",
    ]);
  });
});
