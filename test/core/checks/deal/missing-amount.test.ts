import check from "../../../../src/core/checks/deal/missing-amount.js";
import { T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    {
      name: "complete",
      tables: { deals: [deal({ id: "complete", expectedCloseDate: T, amount: 1000, ownerId: "u1" })] },
    },
    { name: "0 is an amount", tables: { deals: [deal({ id: "zero-amount", amount: 0, ownerId: " " })] } },
    { name: "won without amount", tables: { deals: [deal({ id: "won-empty", status: "won" })] } },
    { name: "lost without amount", tables: { deals: [deal({ id: "lost-empty", status: "lost" })] } },
  ],
  invalid: [
    { name: "open, nothing set", tables: { deals: [deal({ id: "empty" })] }, ids: ["empty"] },
    {
      name: "a field left out of the row (undefined) reads as blank",
      tables: { deals: [deal({ id: "no-fields", amount: undefined as unknown as null })] },
      ids: ["no-fields"],
    },
  ],
});
