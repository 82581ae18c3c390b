import check from "../../../../src/core/checks/contact/stale.js";
import { daysBeforeT, T, testCheck } from "../check-tester.js";
import { at, contact } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const touched = (id: string, fields: Partial<AuditRows["contacts"]>) => ({ contacts: [contact({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "last touch exactly 365 days before T", tables: touched("exactly-365", { updatedAt: daysBeforeT(365) }) },
    {
      name: "old update, recent last_activity_at",
      tables: touched("recent-activity-field", { updatedAt: daysBeforeT(800), lastActivityAt: daysBeforeT(10) }),
    },
    {
      name: "old update, linked activity 364 days before T",
      tables: touched("recent-linked", { updatedAt: daysBeforeT(800), lastLinkedActivityAt: daysBeforeT(364) }),
    },
    // 2025-05-01T08:30:00-04:00 is 12:30Z: less than 365 days before T (12:00Z on 2026-05-01).
    { name: "offset west of UTC", tables: touched("offset-new", { updatedAt: at("2025-05-01T08:30:00-04:00") }) },
    {
      name: "configured 30 days: exactly 30 days",
      tables: touched("exactly-30", { updatedAt: daysBeforeT(30) }),
      thresholds: { days: 30 },
    },
    {
      name: "configured 30 days: 20 days",
      tables: touched("c2", { updatedAt: daysBeforeT(20) }),
      thresholds: { days: 30 },
    },
  ],
  invalid: [
    {
      name: "last touch 365 days and 1 ms before T",
      tables: touched("365-and-1ms", { updatedAt: daysBeforeT(365) - 1 }),
      ids: ["365-and-1ms"],
    },
    {
      name: "the latest of all three is old",
      tables: touched("all-old", {
        updatedAt: daysBeforeT(400),
        lastActivityAt: daysBeforeT(500),
        lastLinkedActivityAt: daysBeforeT(366),
      }),
      ids: ["all-old"],
    },
    // 2025-05-01T13:30:00+02:00 is 11:30Z: more than 365 days before T.
    {
      name: "offset east of UTC",
      tables: touched("offset-old", { updatedAt: at("2025-05-01T13:30:00+02:00") }),
      ids: ["offset-old"],
    },
    {
      name: "configured 30 days: 30 days and 1 ms",
      tables: touched("30-and-1ms", { updatedAt: daysBeforeT(30) - 1 }),
      thresholds: { days: 30 },
      ids: ["30-and-1ms"],
    },
    {
      name: "configured 30 days: 100 days",
      tables: touched("c1", { updatedAt: daysBeforeT(100) }),
      thresholds: { days: 30 },
      ids: ["c1"],
    },
  ],
});
