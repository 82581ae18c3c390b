import check from "../../../../src/core/checks/deal/stuck-in-stage.js";
import { daysBeforeT, T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["deals"]>) => ({ deals: [deal({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "entered exactly 60 days before T", tables: one("exactly-60", { stageEnteredAt: daysBeforeT(60) }) },
    { name: "won, long ago", tables: one("won-old", { stageEnteredAt: daysBeforeT(500), status: "won" }) },
    { name: "stage_entered_at unknown: not judged", tables: one("unknown", { stageEnteredAt: null }) },
    {
      name: "configured 90 days: 60 days and 1 ms",
      tables: one("60-and-1ms", { stageEnteredAt: daysBeforeT(60) - 1 }),
      thresholds: { days: 90 },
    },
    {
      name: "configured 90 days: exactly 90 days",
      tables: one("exactly-90", { stageEnteredAt: daysBeforeT(90) }),
      thresholds: { days: 90 },
    },
  ],
  invalid: [
    {
      name: "entered 60 days and 1 ms before T",
      tables: one("60-and-1ms", { stageEnteredAt: daysBeforeT(60) - 1 }),
      ids: ["60-and-1ms"],
    },
    {
      name: "configured 90 days: 90 days and 1 ms",
      tables: one("90-and-1ms", { stageEnteredAt: daysBeforeT(90) - 1 }),
      thresholds: { days: 90 },
      ids: ["90-and-1ms"],
    },
  ],
});
