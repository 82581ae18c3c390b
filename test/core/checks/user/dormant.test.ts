import check from "../../../../src/core/checks/user/dormant.js";
import { daysBeforeT, T, testCheck } from "../check-tester.js";
import { user } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["users"]>) => ({ users: [user({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "exactly 30 days", tables: one("exactly-30", { lastLoginAt: daysBeforeT(30) }) },
    { name: "31 days", tables: one("31-days", { lastLoginAt: daysBeforeT(31) }) },
    { name: "last login exactly 90 days before T", tables: one("exactly-90", { lastLoginAt: daysBeforeT(90) }) },
    { name: "logged in at T", tables: one("today", { lastLoginAt: T }) },
    { name: "disabled, never logged in", tables: one("disabled-never", { active: false, lastLoginAt: null }) },
    {
      name: "configured 180 days: 91 days",
      tables: one("91-days", { lastLoginAt: daysBeforeT(91) }),
      thresholds: { days: 180 },
    },
  ],
  invalid: [
    { name: "never logged in", tables: one("never-logged-in", { lastLoginAt: null }), ids: ["never-logged-in"] },
    {
      name: "last login 90 days and 1 ms before T",
      tables: one("90-and-1ms", { lastLoginAt: daysBeforeT(90) - 1 }),
      ids: ["90-and-1ms"],
    },
    { name: "91 days", tables: one("91-days", { lastLoginAt: daysBeforeT(91) }), ids: ["91-days"] },
    {
      name: "configured 180 days: 180 days and 1 ms",
      tables: one("180-and-1ms", { lastLoginAt: daysBeforeT(180) - 1 }),
      thresholds: { days: 180 },
      ids: ["180-and-1ms"],
    },
  ],
});
