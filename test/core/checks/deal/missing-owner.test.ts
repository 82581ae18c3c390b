import check from "../../../../src/core/checks/deal/missing-owner.js";
import { T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    {
      name: "complete",
      tables: { deals: [deal({ id: "complete", expectedCloseDate: T, amount: 1000, ownerId: "u1" })] },
    },
    { name: "won without owner", tables: { deals: [deal({ id: "won-empty", status: "won" })] } },
    { name: "lost without owner", tables: { deals: [deal({ id: "lost-empty", status: "lost" })] } },
  ],
  invalid: [
    { name: "open, nothing set", tables: { deals: [deal({ id: "empty" })] }, ids: ["empty"] },
    {
      name: "open, whitespace owner",
      tables: { deals: [deal({ id: "zero-amount", amount: 0, ownerId: " " })] },
      ids: ["zero-amount"],
    },
  ],
});
