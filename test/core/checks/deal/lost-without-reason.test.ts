import check from "../../../../src/core/checks/deal/lost-without-reason.js";
import { T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["deals"]>) => ({ deals: [deal({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "lost with a reason", tables: one("lost-price", { status: "lost", lostReason: "price" }) },
    { name: "won without reason", tables: one("won-none", { status: "won" }) },
    { name: "open without reason", tables: one("open-none", {}) },
  ],
  invalid: [
    { name: "lost, no reason", tables: one("lost-none", { status: "lost" }), ids: ["lost-none"] },
    {
      name: "lost, whitespace reason",
      tables: one("lost-blank", { status: "lost", lostReason: "  " }),
      ids: ["lost-blank"],
    },
  ],
});
