import check from "../../../../src/core/checks/user/inactive.js";
import { daysBeforeT, T, testCheck } from "../check-tester.js";
import { user } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["users"]>) => ({ users: [user({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "last login exactly 30 days before T", tables: one("exactly-30", { lastLoginAt: daysBeforeT(30) }) },
    { name: "logged in at T", tables: one("today", { lastLoginAt: T }) },
    { name: "disabled, never logged in", tables: one("disabled-never", { active: false, lastLoginAt: null }) },
    {
      name: "configured 7 days: exactly 7 days",
      tables: one("exactly-7", { lastLoginAt: daysBeforeT(7) }),
      thresholds: { days: 7 },
    },
  ],
  invalid: [
    { name: "never logged in", tables: one("never-logged-in", { lastLoginAt: null }), ids: ["never-logged-in"] },
    {
      name: "last login 30 days and 1 ms before T",
      tables: one("30-and-1ms", { lastLoginAt: daysBeforeT(30) - 1 }),
      ids: ["30-and-1ms"],
    },
    { name: "31 days", tables: one("31-days", { lastLoginAt: daysBeforeT(31) }), ids: ["31-days"] },
    { name: "exactly 90 days", tables: one("exactly-90", { lastLoginAt: daysBeforeT(90) }), ids: ["exactly-90"] },
    { name: "91 days", tables: one("91-days", { lastLoginAt: daysBeforeT(91) }), ids: ["91-days"] },
    {
      name: "configured 7 days: 7 days and 1 ms",
      tables: one("7-and-1ms", { lastLoginAt: daysBeforeT(7) - 1 }),
      thresholds: { days: 7 },
      ids: ["7-and-1ms"],
    },
  ],
});
