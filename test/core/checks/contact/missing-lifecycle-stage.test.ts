import check from "../../../../src/core/checks/contact/missing-lifecycle-stage.js";
import { T, testCheck } from "../check-tester.js";
import { contact } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    {
      name: "every field set",
      tables: { contacts: [contact({ id: "c1", ownerId: "u1", companyId: "k1", lifecycleStage: "lead" })] },
    },
  ],
  invalid: [
    { name: "nothing set", tables: { contacts: [contact({ id: "c2" })] }, ids: ["c2"] },
    { name: "owner only", tables: { contacts: [contact({ id: "c3", ownerId: "u1" })] }, ids: ["c3"] },
    {
      name: "whitespace stage",
      tables: { contacts: [contact({ id: "c4", companyId: "k1", lifecycleStage: " " })] },
      ids: ["c4"],
    },
  ],
});
