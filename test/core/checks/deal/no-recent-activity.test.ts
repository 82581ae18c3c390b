import check from "../../../../src/core/checks/deal/no-recent-activity.js";
import { daysBeforeT, T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["deals"]>) => ({ deals: [deal({ id, ...fields })] });

// The window [T − days, T] is closed: an activity exactly `days` days before T is recent.
testCheck(check, {
  asOf: T,
  valid: [
    { name: "activity exactly 30 days before T", tables: one("exactly-30", { lastActivityAt: daysBeforeT(30) }) },
    { name: "activity at T", tables: one("today", { lastActivityAt: T }) },
    { name: "lost, never any activity", tables: one("lost-never", { status: "lost" }) },
    {
      name: "configured 7 days: exactly 7 days",
      tables: one("exactly-7", { lastActivityAt: daysBeforeT(7) }),
      thresholds: { days: 7 },
    },
  ],
  invalid: [
    { name: "never any activity", tables: one("never", {}), ids: ["never"] },
    {
      name: "activity 30 days and 1 ms before T",
      tables: one("30-and-1ms", { lastActivityAt: daysBeforeT(30) - 1 }),
      ids: ["30-and-1ms"],
    },
    {
      name: "configured 7 days: 7 days and 1 ms",
      tables: one("7-and-1ms", { lastActivityAt: daysBeforeT(7) - 1 }),
      thresholds: { days: 7 },
      ids: ["7-and-1ms"],
    },
  ],
});
