import check from "../../../../src/core/checks/contact/retention-exceeded.js";
import { daysBeforeT, T, testCheck } from "../check-tester.js";
import { contact } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const touched = (id: string, fields: Partial<AuditRows["contacts"]>) => ({ contacts: [contact({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    // 3 years are 3 × 365 days, leap days ignored.
    {
      name: "last touch exactly 1095 days before T",
      tables: touched("exactly-1095", { updatedAt: daysBeforeT(1095) }),
    },
    {
      name: "old update, recent linked activity",
      tables: touched("old-but-touched", { updatedAt: daysBeforeT(2000), lastLinkedActivityAt: daysBeforeT(5) }),
    },
    {
      name: "configured 5 years: 1095 days and 1 ms",
      tables: touched("1095-and-1ms", { updatedAt: daysBeforeT(1095) - 1 }),
      thresholds: { years: 5 },
    },
    {
      name: "configured 5 years: exactly 1825 days",
      tables: touched("exactly-1825", { updatedAt: daysBeforeT(1825) }),
      thresholds: { years: 5 },
    },
  ],
  invalid: [
    {
      name: "last touch 1095 days and 1 ms before T",
      tables: touched("1095-and-1ms", { updatedAt: daysBeforeT(1095) - 1 }),
      ids: ["1095-and-1ms"],
    },
    { name: "very old", tables: touched("very-old", { updatedAt: daysBeforeT(2000) }), ids: ["very-old"] },
    {
      name: "configured 5 years: very old",
      tables: touched("very-old", { updatedAt: daysBeforeT(2000) }),
      thresholds: { years: 5 },
      ids: ["very-old"],
    },
    {
      name: "configured 5 years: 1825 days and 1 ms",
      tables: touched("1825-and-1ms", { updatedAt: daysBeforeT(1825) - 1 }),
      thresholds: { years: 5 },
      ids: ["1825-and-1ms"],
    },
  ],
});
