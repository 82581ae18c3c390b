import check from "../../../../src/core/checks/deal/missing-close-date.js";
import { T, testCheck } from "../check-tester.js";
import { deal } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    {
      name: "complete",
      tables: { deals: [deal({ id: "complete", expectedCloseDate: T, amount: 1000, ownerId: "u1" })] },
    },
    { name: "won without close date", tables: { deals: [deal({ id: "won-empty", status: "won" })] } },
    { name: "lost without close date", tables: { deals: [deal({ id: "lost-empty", status: "lost" })] } },
  ],
  invalid: [
    { name: "open, nothing set", tables: { deals: [deal({ id: "empty" })] }, ids: ["empty"] },
    {
      name: "open, amount 0, no close date",
      tables: { deals: [deal({ id: "zero-amount", amount: 0, ownerId: " " })] },
      ids: ["zero-amount"],
    },
    {
      name: "a field left out of the row (undefined) reads as blank",
      tables: { deals: [deal({ id: "no-fields", expectedCloseDate: undefined as unknown as null })] },
      ids: ["no-fields"],
    },
  ],
});
