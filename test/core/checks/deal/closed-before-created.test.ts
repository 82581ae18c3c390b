import check from "../../../../src/core/checks/deal/closed-before-created.js";
import { T, testCheck } from "../check-tester.js";
import { at, deal } from "../run-check.js";
import { DAY_MS, type AuditRows } from "../../../../src/core/checks/types.js";

const created = at("2026-02-01T00:00:00Z");
const one = (id: string, fields: Partial<AuditRows["deals"]>) => ({
  deals: [deal({ id, createdAt: created, ...fields })],
});

testCheck(check, {
  asOf: T,
  valid: [
    { name: "closed at the instant it was created", tables: one("same", { closedAt: created, status: "lost" }) },
    { name: "closed a day after", tables: one("after", { closedAt: created + DAY_MS, status: "won" }) },
    { name: "not closed", tables: one("not-closed", {}) },
  ],
  invalid: [
    {
      name: "closed 1 ms before created",
      tables: one("before", { closedAt: created - 1, status: "won" }),
      ids: ["before"],
    },
    {
      name: "open, with closed_at before created (any status)",
      tables: one("open-before", { closedAt: created - DAY_MS }),
      ids: ["open-before"],
    },
  ],
});
