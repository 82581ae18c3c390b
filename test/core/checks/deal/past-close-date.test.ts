import check from "../../../../src/core/checks/deal/past-close-date.js";
import { T, testCheck } from "../check-tester.js";
import { at, deal } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["deals"]>) => ({ deals: [deal({ id, ...fields })] });

// T is 2026-05-01T12:00Z: "past" means before 2026-05-01T00:00Z.
testCheck(check, {
  asOf: T,
  valid: [
    { name: "midnight UTC of T's day", tables: one("on-T-day-midnight", { expectedCloseDate: at("2026-05-01") }) },
    {
      name: "earlier on T's day",
      tables: one("on-T-day-morning", { expectedCloseDate: at("2026-05-01T06:00:00Z") }),
    },
    { name: "lost, long past", tables: one("lost-old", { expectedCloseDate: at("2026-01-01"), status: "lost" }) },
    { name: "won, long past", tables: one("won-old", { expectedCloseDate: at("2026-01-01"), status: "won" }) },
    { name: "no close date", tables: one("none", {}) },
  ],
  invalid: [
    {
      name: "the last ms of the day before",
      tables: one("yesterday-last-ms", { expectedCloseDate: at("2026-05-01") - 1 }),
      ids: ["yesterday-last-ms"],
    },
    { name: "last month", tables: one("last-month", { expectedCloseDate: at("2026-04-01") }), ids: ["last-month"] },
    // 2026-05-01T01:00:00+02:00 is 2026-04-30T23:00Z: the day before T's UTC day.
    {
      name: "offset: the previous UTC day",
      tables: one("offset-previous-day", { expectedCloseDate: at("2026-05-01T01:00:00+02:00") }),
      ids: ["offset-previous-day"],
    },
  ],
});
