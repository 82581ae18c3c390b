import check from "../../../../src/core/checks/contact/missing-email-and-phone.js";
import { T, testCheck } from "../check-tester.js";
import { contact } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    { name: "email only", tables: { contacts: [contact({ id: "c2", email: "a@example.com" })] } },
    { name: "phone only", tables: { contacts: [contact({ id: "c3", phone: "+44 20 7183 8750" })] } },
  ],
  invalid: [
    { name: "neither", tables: { contacts: [contact({ id: "c1" })] }, ids: ["c1"] },
    {
      name: "whitespace counts as blank",
      tables: { contacts: [contact({ id: "c4", email: "  ", phone: "" })] },
      ids: ["c4"],
    },
  ],
});
