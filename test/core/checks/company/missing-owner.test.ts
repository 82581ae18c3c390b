import check from "../../../../src/core/checks/company/missing-owner.js";
import { T, testCheck } from "../check-tester.js";
import { company } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [{ name: "owned", tables: { companies: [company({ id: "owned", ownerId: "u1" })] } }],
  invalid: [
    { name: "no owner", tables: { companies: [company({ id: "none", ownerId: null })] }, ids: ["none"] },
    {
      name: "whitespace owner, beside an owned one",
      tables: { companies: [company({ id: "blank", ownerId: " " }), company({ id: "owned", ownerId: "u1" })] },
      ids: ["blank"],
    },
  ],
});
