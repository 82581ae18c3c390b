import check from "../../../../src/core/checks/deal/missing-company.js";
import { T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    { name: "open, linked to a company", tables: { deals: [deal({ id: "linked", companyId: "co1" })] } },
    { name: "won without company", tables: { deals: [deal({ id: "won", status: "won" })] } },
    { name: "lost without company", tables: { deals: [deal({ id: "lost", status: "lost" })] } },
  ],
  invalid: [
    { name: "open, no company", tables: { deals: [deal({ id: "none", companyId: null })] }, ids: ["none"] },
    {
      name: "open, whitespace company, beside a linked one",
      tables: { deals: [deal({ id: "blank", companyId: "  " }), deal({ id: "ok", companyId: "co1" })] },
      ids: ["blank"],
    },
  ],
});
